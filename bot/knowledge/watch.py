"""Watch the knowledge directory and call back when a knowledge file changes.

Admins edit the YAML files in place; the bot must pick the change up without a restart. Editors
save in bursts (temporary copy, rename, backup file), so changes are debounced into one batch
and only real knowledge files count: hidden files and folders (`.backups/`, `.#x.yaml`, swap
files) and backup suffixes never trigger a reload.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".bak", ".orig")

OnChange = Callable[[set[tuple[Change, str]]], Awaitable[None]]


def is_knowledge_change(root: Path, path: str) -> bool:
    """True when `path` is a knowledge file of `root` (not hidden, not an editor's temp file)."""
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return False
    name = relative.name
    if any(part.startswith((".", "#")) for part in relative.parts):
        return False
    if name.endswith(_TEMP_SUFFIXES):
        return False
    return name.endswith(KNOWLEDGE_SUFFIXES)


async def watch_knowledge(
    directory: Path,
    on_change: OnChange,
    *,
    stop_event: asyncio.Event | None = None,
    debounce_ms: int = 400,
    force_polling: bool | None = None,
) -> None:
    """Call `on_change(changes)` once per debounced batch of knowledge-file changes.

    Runs until `stop_event` is set or the task is cancelled. A failing callback is logged and
    watching goes on: one bad reload must not stop live updates.
    """
    root = directory.resolve()

    def relevant(_change: Change, path: str) -> bool:
        return is_knowledge_change(root, path)

    async for changes in awatch(
        root,
        watch_filter=relevant,
        debounce=debounce_ms,
        step=50,
        stop_event=stop_event,
        force_polling=force_polling,
        poll_delay_ms=100,
    ):
        try:
            await on_change(changes)
        except Exception:
            log.exception("knowledge reload after a file change failed")

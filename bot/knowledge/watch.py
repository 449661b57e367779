"""Watch the knowledge directory and call back when a knowledge file changes.

Admins edit the YAML files in place; the bot must pick the change up without a restart. Editors
save in bursts (temporary copy, rename, backup file), so changes are debounced into one batch
and only real knowledge files count: hidden files and folders (`.backups/`, `.#x.yaml`, swap
files) and backup suffixes never trigger a reload. A batch is handed on only once its files
have settled (size and content hash unchanged for `stable_ms`), so a file still being copied
is not served half-written. The folder itself may be removed, recreated or replaced (a deploy
that swaps it): the watcher notices, says so through `on_folder`, and watches the new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import stat
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Literal

from watchfiles import Change, awatch

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".bak", ".orig")
STABLE_MS = 500  # a changed file must keep its size and hash this long before a reload
MAX_SETTLE_SECONDS = 15.0  # a file that never settles is handed on anyway (it must still parse)
FOLDER_CHECK_SECONDS = 1.0  # how often the folder's identity is checked

Changes = set[tuple[Change, str]]
OnChange = Callable[[Changes], Awaitable[None]]
FolderEvent = Literal["removed", "restored"]
OnFolder = Callable[[FolderEvent], Awaitable[None]]


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


def _identity(directory: Path) -> tuple[int, int] | None:
    """(device, inode) of the folder, None when it is not there (or not a folder)."""
    try:
        info = directory.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


def _fingerprints(paths: Iterable[str]) -> dict[str, tuple[int, str] | None]:
    found: dict[str, tuple[int, str] | None] = {}
    for path in paths:
        try:
            content = Path(path).read_bytes()
        except OSError:
            found[path] = None  # gone (or unreadable): the loader will say so
            continue
        found[path] = (len(content), hashlib.sha256(content).hexdigest())
    return found


async def _pause(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep `seconds` unless `stop` is set first; True when stopped."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    return stop.is_set()


async def wait_until_stable(
    paths: Iterable[str], stop: asyncio.Event, stable_ms: int = STABLE_MS
) -> None:
    """Return once every path kept its size and content for `stable_ms` (or after
    MAX_SETTLE_SECONDS, or when stopped)."""
    names = sorted(set(paths))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + MAX_SETTLE_SECONDS
    previous = await asyncio.to_thread(_fingerprints, names)
    while not await _pause(stop, stable_ms / 1000):
        current = await asyncio.to_thread(_fingerprints, names)
        if current == previous:
            return
        if loop.time() > deadline:
            log.warning(
                "knowledge files still changing after %.0f s: %s", MAX_SETTLE_SECONDS, names
            )
            return
        previous = current


async def _safely(call: Awaitable[None], what: str) -> None:
    try:
        await call
    except Exception:  # one bad reload must not stop live updates
        log.exception("%s failed", what)


async def watch_knowledge(
    directory: Path,
    on_change: OnChange,
    *,
    on_folder: OnFolder | None = None,
    stop_event: asyncio.Event | None = None,
    debounce_ms: int = 400,
    stable_ms: int = STABLE_MS,
    force_polling: bool | None = None,
    folder_check_seconds: float = FOLDER_CHECK_SECONDS,
) -> None:
    """Call `on_change(changes)` once per debounced, settled batch of knowledge-file changes.

    Runs until `stop_event` is set or the task is cancelled. When the folder disappears,
    `on_folder("removed")`; when a folder is there again (the same or a new one),
    `on_folder("restored")` and `on_change` with the folder itself, since anything in it may
    differ. A failing callback is logged and watching goes on.
    """
    stop = stop_event or asyncio.Event()
    root = directory.absolute()  # by name: a replaced folder is the new one
    watched: tuple[int, int] | None = _identity(root)
    present = watched is not None
    if not present:
        log.warning("knowledge folder %s does not exist; waiting for it", root)
    while not stop.is_set():
        identity = _identity(root)
        if identity is None:
            if present:
                present = False
                log.warning("knowledge folder %s was removed; the last good index serves", root)
                if on_folder is not None:
                    await _safely(on_folder("removed"), "folder notice")
            if await _pause(stop, folder_check_seconds):
                return
            continue
        if identity != watched or not present:
            log.warning("knowledge folder %s is back (or was replaced); reloading", root)
            watched, present = identity, True
            if on_folder is not None:
                await _safely(on_folder("restored"), "folder notice")
            await _safely(on_change({(Change.added, str(root))}), "knowledge reload")
        await _watch_one(
            root,
            identity,
            on_change,
            stop,
            debounce_ms,
            stable_ms,
            force_polling,
            folder_check_seconds,
        )


async def _watch_one(
    root: Path,
    identity: tuple[int, int],
    on_change: OnChange,
    stop: asyncio.Event,
    debounce_ms: int,
    stable_ms: int,
    force_polling: bool | None,
    folder_check_seconds: float,
) -> None:
    """Watch `root` while it is the same folder (same device and inode) and not stopped."""
    done = asyncio.Event()

    async def guard() -> None:
        while not await _pause(stop, folder_check_seconds):
            if _identity(root) != identity:
                break
        done.set()

    guarding = asyncio.create_task(guard(), name="knowledge-folder-guard")
    resolved = root.resolve()

    def relevant(_change: Change, path: str) -> bool:
        return is_knowledge_change(resolved, path)

    try:
        async for changes in awatch(
            root,
            watch_filter=relevant,
            debounce=debounce_ms,
            step=50,
            stop_event=done,
            force_polling=force_polling,
            poll_delay_ms=100,
        ):
            await wait_until_stable((path for _, path in changes), done, stable_ms)
            if done.is_set():
                break
            await _safely(on_change(changes), "knowledge reload after a file change")
    except Exception as exc:  # the folder vanished under the watcher: the outer loop sees it
        log.info("knowledge watcher restarting: %s", exc)
        await _pause(stop, folder_check_seconds)
    finally:
        guarding.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await guarding

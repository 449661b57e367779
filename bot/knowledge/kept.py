"""The last confirmed index, kept aside while a change that removes most facts is held.

Rebuilding the index for the files' new content renames it over the served index (the open
store keeps reading the old file), so while an admin has not confirmed the change the only copy
of the knowledge being served is the store in memory. A restart would then serve the held
change unconfirmed. So a hold copies the served index aside (SQLite's backup API, from the open
store's connection); a restart serves that copy, and the bot asks again; a change that goes live
(confirmed, or files put back) removes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from bot.knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)


def kept_path(index: Path) -> Path:
    return index.with_name(f"{index.name}.kept")


def keep(index: Path, serving: KnowledgeStore) -> None:
    """Copy the served store's index aside (complete, then renamed into place), unless the copy
    already holds that version."""
    target = kept_path(index)
    if target.is_file() and serving.path == target:
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.copying")
    copy = sqlite3.connect(temporary)
    try:
        serving.connection.backup(copy)
    finally:
        copy.close()
    os.replace(temporary, target)


def held_index(index: Path) -> Path | None:
    """The kept index to serve at start-up, if a change was held when the bot stopped."""
    target = kept_path(index)
    return target if target.is_file() else None


def discard(index: Path) -> None:
    """A change went live: the kept copy is not needed any more."""
    with contextlib.suppress(FileNotFoundError):
        kept_path(index).unlink()

"""The knowledge audit log: who changed the knowledge, when, and which facts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.database import from_iso


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime  # UTC
    actor: str  # admin id, "file edit", "start-up", "reload"...
    version: str
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def recent_changes(db: Database, limit: int = 10) -> list[AuditEntry]:
    """The latest knowledge changes, newest first."""
    rows = db.execute(
        "SELECT at, actor, version, added, changed, removed FROM knowledge_audit"
        " ORDER BY id DESC LIMIT ?",
        [limit],
    )
    return [
        AuditEntry(
            from_iso(at),
            actor,
            version,
            tuple(json.loads(added or "[]")),
            tuple(json.loads(changed or "[]")),
            tuple(json.loads(removed or "[]")),
        )
        for at, actor, version, added, changed, removed in rows
    ]

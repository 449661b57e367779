"""Open the state database with the settings every connection needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from bot.store.migrations import MIGRATIONS


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_iso(moment: dt.datetime) -> str:
    """UTC timestamps stored as text that sorts like time ("2026-11-23T08:00:00+00:00")."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def open_state(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the state database.

    WAL lets the scheduler write deliveries while handlers read; the busy timeout makes
    concurrent writers wait instead of failing.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA foreign_keys=ON")
    MIGRATIONS.apply(db)
    return db

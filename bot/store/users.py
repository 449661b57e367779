"""Users: language preference and time zone, first and last seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.database import checkpoint, to_iso, utcnow


@dataclass(frozen=True)
class User:
    chat_id: int
    language: str | None  # explicit preference; None means "automatic"
    last_language: str | None
    timezone: str | None


def touch(
    db: Database, chat_id: int, language_hint: str | None = None, at: dt.datetime | None = None
) -> None:
    """Record that the user was seen (at `at`, default now); create them on first contact."""
    now = to_iso(at or utcnow())
    with db.atomic():
        db.execute(
            "INSERT INTO users (chat_id, last_language, first_seen, last_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(chat_id) DO UPDATE SET last_seen = excluded.last_seen",
            [chat_id, language_hint, now, now],
        )


def get(db: Database, chat_id: int) -> User | None:
    row = db.execute(
        "SELECT chat_id, language, last_language, timezone FROM users WHERE chat_id = ?", [chat_id]
    ).fetchone()
    return User(*row) if row else None


def _set(db: Database, chat_id: int, column: str, value: str | None) -> None:
    """Set one preference, creating the user if needed: the first-contact row is written off
    the event loop (`bot.store.writer`), so it may not be there yet."""
    now = to_iso(utcnow())
    with db.atomic():
        db.execute(
            f"INSERT INTO users (chat_id, {column}, first_seen, last_seen) VALUES (?, ?, ?, ?)"
            f" ON CONFLICT(chat_id) DO UPDATE SET {column} = excluded.{column}",
            [chat_id, value, now, now],
        )


def set_language(db: Database, chat_id: int, language: str | None) -> None:
    _set(db, chat_id, "language", language)


def set_last_language(db: Database, chat_id: int, language: str) -> None:
    _set(db, chat_id, "last_language", language)


def set_timezone(db: Database, chat_id: int, timezone: str) -> None:
    _set(db, chat_id, "timezone", timezone)


def forget(db: Database, chat_id: int) -> None:
    """Delete everything stored about a user (the /forget command), leaving no copy on disk.

    One record survives until that day is over: that a brief was already delivered (or
    attempted) today, with no time and no content, so forgetting and re-subscribing the same
    day never brings a second brief; `deliveries.purge_forgotten` deletes it the day after.
    Deleted rows are overwritten (secure_delete, set on every connection) and the write-ahead
    log is emptied into the database, where those pages are now zeros.
    """
    with db.atomic():
        for table in ("question_log", "subscriptions", "users"):
            db.execute(f"DELETE FROM {table} WHERE chat_id = ?", [chat_id])
        db.execute(
            "DELETE FROM deliveries WHERE chat_id = ? AND status NOT IN ('sending', 'sent',"
            " 'unknown')",
            [chat_id],
        )
        db.execute(
            "UPDATE deliveries SET created_at = local_date, sent_at = NULL, error = NULL,"
            " attempts = 0 WHERE chat_id = ?",
            [chat_id],
        )
        db.execute(
            "DELETE FROM deliveries WHERE chat_id = ? AND local_date < (SELECT max(local_date)"
            " FROM deliveries WHERE chat_id = ?)",
            [chat_id, chat_id],
        )
    checkpoint(db)


def move_chat(db: Database, old_chat_id: int, new_chat_id: int) -> bool:
    """A group upgraded to a supergroup: everything stored about it follows its new id (the
    old group's rows win over any the new id got meanwhile). True when something moved."""
    moved = False
    with db.atomic():
        for table in ("question_log", "deliveries", "subscriptions", "users"):
            if db.execute(f"SELECT 1 FROM {table} WHERE chat_id = ?", [old_chat_id]).fetchone():
                db.execute(f"DELETE FROM {table} WHERE chat_id = ?", [new_chat_id])
                db.execute(
                    f"UPDATE {table} SET chat_id = ? WHERE chat_id = ?", [new_chat_id, old_chat_id]
                )
                moved = True
    return moved


def count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM users").fetchone()[0]

"""Users: language preference and time zone, first and last seen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.database import to_iso, utcnow


@dataclass(frozen=True)
class User:
    chat_id: int
    language: str | None  # explicit preference; None means "automatic"
    last_language: str | None
    timezone: str | None


def touch(db: Database, chat_id: int, language_hint: str | None = None) -> User:
    """Record that the user was seen; create them on first contact."""
    now = to_iso(utcnow())
    with db.atomic():
        db.execute(
            "INSERT INTO users (chat_id, last_language, first_seen, last_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(chat_id) DO UPDATE SET last_seen = excluded.last_seen",
            [chat_id, language_hint, now, now],
        )
    found = get(db, chat_id)
    assert found is not None
    return found


def get(db: Database, chat_id: int) -> User | None:
    row = db.execute(
        "SELECT chat_id, language, last_language, timezone FROM users WHERE chat_id = ?", [chat_id]
    ).fetchone()
    return User(*row) if row else None


def set_language(db: Database, chat_id: int, language: str | None) -> None:
    with db.atomic():
        db.execute("UPDATE users SET language = ? WHERE chat_id = ?", [language, chat_id])


def set_last_language(db: Database, chat_id: int, language: str) -> None:
    with db.atomic():
        db.execute("UPDATE users SET last_language = ? WHERE chat_id = ?", [language, chat_id])


def set_timezone(db: Database, chat_id: int, timezone: str) -> None:
    with db.atomic():
        db.execute("UPDATE users SET timezone = ? WHERE chat_id = ?", [timezone, chat_id])


def forget(db: Database, chat_id: int) -> None:
    """Delete everything stored about a user (the /forget command)."""
    with db.atomic():
        for table in ("question_log", "deliveries", "subscriptions", "users"):
            db.execute(f"DELETE FROM {table} WHERE chat_id = ?", [chat_id])


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

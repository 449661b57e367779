"""Briefing subscriptions: who gets a brief, when (local time and zone), and the next send time.

Everything the scheduler needs lives in this table, so a restart loses nothing: the next send
time is stored in UTC and `due` finds the subscriptions to serve with one indexed query
(index on active, paused, next_send_at).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.database import from_iso, to_iso, utcnow
from bot.store.slots import next_send_at

# The brief's language follows the chat's language like the bot's menus do: the preference
# chosen in /settings, else the language of the last question, else the one at subscription.
_SELECT = (
    "SELECT s.chat_id, COALESCE(u.language, u.last_language, s.language), s.time_local,"
    " s.timezone, s.only_new, s.paused, s.active, s.next_send_at, s.slot_at, s.last_sent_at,"
    " s.created_at FROM subscriptions s LEFT JOIN users u ON u.chat_id = s.chat_id"
)


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    language: str  # of the brief (see _SELECT)
    time_local: str  # "HH:MM" in `timezone`
    timezone: str  # IANA name, or "UTC+05:30" for offsets that are not whole hours
    only_new: bool
    paused: bool
    active: bool
    next_send_at: dt.datetime  # UTC: when the scheduler acts next
    slot_at: dt.datetime  # UTC: the scheduled time of the brief it acts for
    last_sent_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def since(self) -> dt.datetime:
        """Facts changed after this moment are new to the subscriber."""
        return self.last_sent_at or self.created_at


def _row(row: tuple) -> Subscription:
    chat_id, language, time_local, zone, only_new, paused, active, nxt, slot, last, created = row
    return Subscription(
        chat_id,
        language,
        time_local,
        zone,
        bool(only_new),
        bool(paused),
        bool(active),
        from_iso(nxt),
        from_iso(slot or nxt),
        from_iso(last) if last else None,
        from_iso(created),
    )


def get(db: Database, chat_id: int) -> Subscription | None:
    row = db.execute(f"{_SELECT} WHERE s.chat_id = ?", [chat_id]).fetchone()
    return _row(row) if row else None


def subscribe(
    db: Database,
    chat_id: int,
    language: str,
    time_local: str,
    timezone: str,
    only_new: bool = False,
    now: dt.datetime | None = None,
) -> Subscription:
    """Create or re-activate a subscription; the first brief is the next `time_local`."""
    now = now or utcnow()
    slot = to_iso(next_send_at(time_local, timezone, now))
    stamp = to_iso(now)
    with db.atomic():
        db.execute(
            "INSERT INTO subscriptions (chat_id, language, time_local, timezone, only_new, paused,"
            " active, next_send_at, slot_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET"
            " language = excluded.language, time_local = excluded.time_local,"
            " timezone = excluded.timezone, only_new = excluded.only_new, paused = 0, active = 1,"
            " next_send_at = excluded.next_send_at, slot_at = excluded.slot_at,"
            " updated_at = excluded.updated_at",
            [chat_id, language, time_local, timezone, int(only_new), slot, slot, stamp, stamp],
        )
    found = get(db, chat_id)
    assert found is not None
    return found


def _update(db: Database, chat_id: int, sql: str, values: list[object]) -> bool:
    with db.atomic():
        cursor = db.execute(
            f"UPDATE subscriptions SET {sql}, updated_at = ? WHERE chat_id = ?",
            [*values, to_iso(utcnow()), chat_id],
        )
    return cursor.rowcount > 0


def unsubscribe(db: Database, chat_id: int) -> bool:
    """Stop the briefs; the row stays so a later /subscribe remembers the time and zone."""
    return _update(db, chat_id, "active = 0", [])


deactivate = unsubscribe  # the user blocked the bot: same effect, named for the log


def pause(db: Database, chat_id: int) -> bool:
    return _update(db, chat_id, "paused = 1", [])


def _reschedule(
    db: Database,
    chat_id: int,
    now: dt.datetime | None,
    time_local: str | None = None,
    timezone: str | None = None,
    paused: bool | None = None,
) -> Subscription | None:
    """Set a new time or zone (or resume) and the next brief from now in that time and zone."""
    sub = get(db, chat_id)
    if sub is None:
        return None
    time_local, timezone = time_local or sub.time_local, timezone or sub.timezone
    paused = sub.paused if paused is None else paused
    slot = to_iso(next_send_at(time_local, timezone, now or utcnow()))
    _update(
        db,
        chat_id,
        "time_local = ?, timezone = ?, paused = ?, next_send_at = ?, slot_at = ?",
        [time_local, timezone, int(paused), slot, slot],
    )
    return get(db, chat_id)


def resume(db: Database, chat_id: int, now: dt.datetime | None = None) -> Subscription | None:
    """Un-pause; the next brief is the next scheduled time, never one missed while paused.

    A subscription that is not paused is left as it is, so a pending retry is not lost.
    """
    sub = get(db, chat_id)
    if sub is None or not sub.paused:
        return sub
    return _reschedule(db, chat_id, now, paused=False)


def set_time(
    db: Database, chat_id: int, time_local: str, now: dt.datetime | None = None
) -> Subscription | None:
    return _reschedule(db, chat_id, now, time_local=time_local)


def set_timezone(
    db: Database, chat_id: int, timezone: str, now: dt.datetime | None = None
) -> Subscription | None:
    return _reschedule(db, chat_id, now, timezone=timezone)


def set_only_new(db: Database, chat_id: int, only_new: bool) -> bool:
    return _update(db, chat_id, "only_new = ?", [int(only_new)])


def due(db: Database, now: dt.datetime, limit: int) -> list[Subscription]:
    """Active, unpaused subscriptions whose next send time has come, oldest first."""
    rows = db.execute(
        f"{_SELECT} WHERE s.active = 1 AND s.paused = 0 AND s.next_send_at <= ?"
        " ORDER BY s.next_send_at LIMIT ?",
        [to_iso(now), limit],
    )
    return [_row(row) for row in rows]


def count_active(db: Database) -> int:
    return db.execute("SELECT count(*) FROM subscriptions WHERE active = 1").fetchone()[0]

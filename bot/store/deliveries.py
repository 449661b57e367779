"""One row per (subscriber, local date): the record that makes a brief go out at most once a day.

The scheduler claims a batch of rows ('claimed') and moves each subscription to its next slot
in the same transaction; right before each HTTP request it marks that row 'sending', and it
records the outcome as soon as Telegram answers. So after a crash a 'claimed' row is known not
to have been sent (it goes back in the queue, for the same slot), and only 'sending' rows, the
requests in flight at the kill (at most the scheduler's concurrency), are ambiguous. Statuses:

- claimed: claimed by a fan-out, not handed to Telegram yet;
- sending: the request may be in flight;
- sent: Telegram accepted it;
- retry: refused for now (flood limit, network error), to be tried again;
- unknown: interrupted while 'sending' (the bot stopped); it may or may not have arrived and
  is never re-sent: "never twice" wins over "always";
- skipped: "only when something is new" and nothing was; missed: more than
  BRIEF_CATCHUP_HOURS late; failed: blocked by the user, or gave up retrying.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext
from typing import Literal

from sqlite_utils import Database

from bot.store.database import to_iso
from bot.store.subscriptions import Subscription

Status = Literal["claimed", "sending", "sent", "retry", "unknown", "skipped", "missed", "failed"]


def _transaction(db: Database) -> AbstractContextManager[object]:
    """A transaction of its own, unless the caller's is open (a batch of claims): no savepoint
    per row, the caller's transaction is all or nothing."""
    return nullcontext() if db.conn.in_transaction else db.atomic()


def _advance(db: Database, sub: Subscription, next_slot: dt.datetime) -> bool:
    """Move the subscription to its next slot, unless it changed since the scheduler read it."""
    cursor = db.execute(
        "UPDATE subscriptions SET next_send_at = ?, slot_at = ? WHERE chat_id = ?"
        " AND active = 1 AND paused = 0 AND next_send_at = ?",
        [to_iso(next_slot), to_iso(next_slot), sub.chat_id, to_iso(sub.next_send_at)],
    )
    return cursor.rowcount > 0


def claim(
    db: Database, sub: Subscription, day: dt.date, next_slot: dt.datetime, now: dt.datetime
) -> int | None:
    """Claim the brief of `day` and advance the subscription, atomically.

    Returns the attempt number, or None when there is nothing to send: the subscription
    changed meanwhile, or that day's brief was already sent, attempted or settled. Call it
    inside `db.atomic()` to claim a whole batch in one transaction.
    """
    with _transaction(db):
        if not _advance(db, sub, next_slot):
            return None
        row = db.execute(
            "SELECT status, attempts FROM deliveries WHERE chat_id = ? AND local_date = ?",
            [sub.chat_id, day.isoformat()],
        ).fetchone()
        if row is None:
            db.execute(
                "INSERT INTO deliveries (chat_id, local_date, status, attempts, created_at,"
                " slot_at) VALUES (?, ?, 'claimed', 1, ?, ?)",
                [sub.chat_id, day.isoformat(), to_iso(now), to_iso(sub.slot_at)],
            )
            return 1
        status, attempts = row
        if status != "retry":
            return None
        db.execute(
            "UPDATE deliveries SET status = 'claimed', attempts = ?, slot_at = ? WHERE"
            " chat_id = ? AND local_date = ?",
            [attempts + 1, to_iso(sub.slot_at), sub.chat_id, day.isoformat()],
        )
        return attempts + 1


def start_sending_all(db: Database, keys: list[tuple[int, dt.date]]) -> set[tuple[int, dt.date]]:
    """Mark claimed deliveries 'sending', right before their HTTP requests, in the caller's
    transaction; returns those marked (a key missing was put back in the queue meanwhile).

    One statement per key, found by its primary key: a single statement for all the keys
    (`IN (VALUES ...)`) let SQLite pick the status index and scan every claimed row, 5 ms per
    commit with 20,000 briefs claimed."""
    marked: set[tuple[int, dt.date]] = set()
    for chat_id, day in keys:
        cursor = db.conn.execute(
            "UPDATE deliveries SET status = 'sending' WHERE chat_id = ? AND local_date = ?"
            " AND status = 'claimed'",
            (chat_id, day.isoformat()),
        )
        if cursor.rowcount:
            marked.add((chat_id, day))
    return marked


Outcome = tuple[int, dt.date, "Status", dt.datetime, str | None]  # chat, day, status, at, error


def finish_all(db: Database, outcomes: list[Outcome]) -> None:
    """Close deliveries in the caller's transaction (see `finish`)."""
    db.conn.executemany(
        "UPDATE deliveries SET status = ?, sent_at = ?, error = ? WHERE chat_id = ?"
        " AND local_date = ?",
        [
            (status, to_iso(at) if status == "sent" else None, error, chat_id, day.isoformat())
            for chat_id, day, status, at, error in outcomes
        ],
    )
    db.conn.executemany(
        "UPDATE subscriptions SET last_sent_at = ? WHERE chat_id = ?",
        [(to_iso(at), chat_id) for chat_id, _, status, at, _ in outcomes if status == "sent"],
    )


def settle(
    db: Database,
    sub: Subscription,
    day: dt.date,
    next_slot: dt.datetime,
    status: Status,
    reason: str,
    now: dt.datetime,
) -> None:
    """Record a day that gets no brief (skipped, missed) and move on to the next slot.

    A day waiting for a retry takes the new status too (the bot was down past the catch-up
    window); a day already sent or attempted keeps its record.
    """
    with _transaction(db):
        if _advance(db, sub, next_slot):
            db.execute(
                "INSERT INTO deliveries (chat_id, local_date, status, attempts, created_at, error)"
                " VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT(chat_id, local_date) DO UPDATE SET"
                " status = excluded.status, error = excluded.error WHERE status = 'retry'",
                [sub.chat_id, day.isoformat(), status, to_iso(now), reason],
            )


def finish(
    db: Database,
    chat_id: int,
    day: dt.date,
    status: Status,
    now: dt.datetime,
    error: str | None = None,
) -> None:
    """Close a claimed delivery; a sent brief also becomes the subscriber's "previous brief"."""
    with db.atomic():
        finish_all(db, [(chat_id, day, status, now, error)])


def retry(
    db: Database,
    sub: Subscription,
    day: dt.date,
    claimed_slot: dt.datetime,
    at: dt.datetime,
    error: str,
) -> None:
    """Telegram refused the brief: try again at `at`, still for the same day and slot.

    The subscription is only moved back if nobody changed it since the claim (a new time set
    by the user during the attempt wins).
    """
    with db.atomic():
        db.execute(
            "UPDATE deliveries SET status = 'retry', error = ? WHERE chat_id = ?"
            " AND local_date = ?",
            [error, sub.chat_id, day.isoformat()],
        )
        db.execute(
            "UPDATE subscriptions SET next_send_at = ?, slot_at = ? WHERE chat_id = ?"
            " AND next_send_at = ?",
            [to_iso(at), to_iso(sub.slot_at), sub.chat_id, to_iso(claimed_slot)],
        )


def recover_interrupted(db: Database) -> int:
    """At start-up: deliveries left 'sending' by a stopped bot become 'unknown' (never re-sent:
    the request may have reached Telegram)."""
    with db.atomic():
        cursor = db.execute(
            "UPDATE deliveries SET status = 'unknown', error = 'interrupted while sending'"
            " WHERE status = 'sending'"
        )
    return cursor.rowcount


def requeue_claimed(db: Database) -> int:
    """Put back in the queue the deliveries claimed but never handed to Telegram (the process
    died or the fan-out stopped in between): the subscription is due again at the claimed slot,
    unless the user has changed it since (a new time, a pause, an unsubscription)."""
    with db.atomic():
        db.execute(
            "UPDATE subscriptions SET next_send_at = d.slot_at, slot_at = d.slot_at"
            " FROM deliveries d WHERE d.chat_id = subscriptions.chat_id AND d.status = 'claimed'"
            " AND d.slot_at IS NOT NULL AND subscriptions.next_send_at > d.slot_at"
            " AND subscriptions.active = 1 AND subscriptions.paused = 0"
        )
        cursor = db.execute(
            "UPDATE deliveries SET status = 'retry', attempts = attempts - 1,"
            " error = 'claimed, never sent' WHERE status = 'claimed'"
        )
    return cursor.rowcount


def status(db: Database, chat_id: int, day: dt.date) -> str | None:
    row = db.execute(
        "SELECT status FROM deliveries WHERE chat_id = ? AND local_date = ?",
        [chat_id, day.isoformat()],
    ).fetchone()
    return row[0] if row else None


def counts(db: Database) -> dict[str, int]:
    """Deliveries per status: how a fan-out ended (sent, skipped, unknown...)."""
    return dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall())


def purge_forgotten(db: Database, now: dt.datetime) -> int:
    """Delete the day records /forget keeps (see `users.forget`) once their day is over: rows
    of chats that have no subscription any more, dated before yesterday in UTC (a day that is
    over in every time zone)."""
    before = (now.astimezone(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    with db.atomic():
        cursor = db.execute(
            "DELETE FROM deliveries WHERE local_date < ? AND chat_id NOT IN"
            " (SELECT chat_id FROM subscriptions)",
            [before],
        )
    return cursor.rowcount

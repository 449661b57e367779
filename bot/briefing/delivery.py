"""One claimed brief taken to its outcome: its slot, the 'sending' mark, the request, the record.

The order is the exactly-once protocol of `bot.store.deliveries`: the slot of the pacer is taken
while the brief is only claimed (a kill then leaves it to be sent after the restart), the row is
marked 'sending' and committed before the request, and the outcome is recorded as soon as the
sender returns. Marks and outcomes go through `Marks` (one commit for all those of a turn of the
event loop), and a brief holds its slot of the scheduler until its outcome is committed, so rows
left 'sending' by a kill never exceed the scheduler's concurrency.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlite_utils import Database

from bot.briefing.compose import Brief
from bot.briefing.marks import Marks
from bot.briefing.outcomes import (
    MAX_ATTEMPTS,
    Blocked,
    MaybeSent,
    Moved,
    RetryLater,
    RunReport,
    Sender,
    TransientError,
    backoff,
)
from bot.briefing.pacing import Pacer
from bot.store import deliveries, subscriptions, users
from bot.store.database import classify
from bot.store.subscriptions import Subscription

log = logging.getLogger(__name__)

RECORD_RETRIES = 20  # an outcome the locked or full database refuses: tries, RECORD_PAUSE apart
RECORD_PAUSE = 0.25  # seconds, growing linearly: ~50 s in all


@dataclass(frozen=True)
class Claimed:
    """A claimed brief waiting for its slot: whom, which day, the next slot, which attempt."""

    sub: Subscription
    day: dt.date
    following: dt.datetime
    attempt: int
    brief: Brief


class Deliverer:
    """Delivers claimed briefs through a `Sender`, recording every outcome."""

    def __init__(
        self,
        db: Database,
        sender: Sender,
        catchup: dt.timedelta,
        clock: Callable[[], dt.datetime],
        pacer: Pacer | None,
    ):
        self.db = db
        self.sender = sender
        self.catchup = catchup
        self.clock = clock
        self.pacer = pacer
        self.marks = Marks(db)

    async def _slot(self) -> None:
        if self.pacer is not None:
            await self.pacer.wait(background=True)

    async def deliver(self, item: Claimed, report: RunReport) -> None:
        sub, day = item.sub, item.day
        await self._slot()
        if not await self.marks.start_sending(sub.chat_id, day):
            report.settled_elsewhere += 1  # put back in the queue meanwhile
            return
        chat_id = sub.chat_id
        try:
            try:
                await self.sender.send(chat_id, item.brief)
            except Moved as moved:  # nothing was delivered: follow the group to its new id
                chat_id = self._move(chat_id, moved.chat_id)
                await self._slot()
                await self.sender.send(chat_id, item.brief)
        except (Blocked, Moved):  # Moved again: a second upgrade in one brief is not followed
            await self._record(chat_id, day, "failed", "blocked")
            subscriptions.deactivate(self.db, chat_id)
            report.blocked += 1
        except MaybeSent as exc:
            await self._record(chat_id, day, "unknown", str(exc))
            report.unknown += 1
        except (RetryLater, TransientError) as exc:
            if isinstance(exc, RetryLater) and self.pacer is not None:
                self.pacer.hold(exc.seconds)  # everyone waits, then resumes at the paced rate
            self._retry(sub, chat_id, day, item.following, item.attempt, exc, report)
        except Exception as exc:  # a bug in the sender: outcome unknown, so never re-sent
            await self._record(chat_id, day, "unknown", repr(exc))
            raise
        else:
            await self._record(chat_id, day, "sent")
            report.sent += 1

    def _move(self, old: int, new: int) -> int:
        """A group upgraded to a supergroup the bot had not heard of: its subscription, settings
        and today's 'sending' record move to the new id (as `bot.telegram.migration` does when
        Telegram's service message arrives), and the brief is sent there."""
        if users.move_chat(self.db, old, new):
            log.info("group %s became supergroup %s: its brief follows", old, new)
        return new

    async def _record(
        self, chat_id: int, day: dt.date, status: deliveries.Status, error: str | None = None
    ) -> None:
        """Record an outcome, waiting (without blocking the loop) while the database is locked
        or full: the slot stays taken meanwhile, so 'sending' rows never exceed the concurrency.
        Still failing after RECORD_RETRIES, the row stays 'sending' (unknown after a restart)."""
        for attempt in range(RECORD_RETRIES + 1):
            try:
                await self.marks.finish(chat_id, day, status, self.clock(), error)
                return
            except (sqlite3.Error, OSError) as exc:
                if classify(exc) is None or attempt == RECORD_RETRIES:
                    raise
                await asyncio.sleep(RECORD_PAUSE * (attempt + 1))

    def _retry(
        self,
        sub: Subscription,
        chat_id: int,
        day: dt.date,
        following: dt.datetime,
        attempt: int,
        exc: RetryLater | TransientError,
        report: RunReport,
    ) -> None:
        """Reschedule this subscriber alone a little later; the fan-out goes on meanwhile."""
        now = self.clock()
        wait = max(exc.seconds, 1.0) if isinstance(exc, RetryLater) else backoff(attempt)
        at = now + dt.timedelta(seconds=wait)
        if attempt >= MAX_ATTEMPTS or at - sub.slot_at > self.catchup:
            deliveries.finish(self.db, chat_id, day, "failed", now, f"gave up: {exc}")
            report.failed += 1
            return
        if chat_id != sub.chat_id:  # moved to a supergroup: retried under its new id
            sub = replace(sub, chat_id=chat_id)
        deliveries.retry(self.db, sub, day, following, at, str(exc))
        report.retried += 1

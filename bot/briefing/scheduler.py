"""The delivery loop, transport-agnostic: find due subscriptions, claim, send, record.

Nothing about subscribers is kept in memory between runs: the database says who is due, so a
restart loses nothing, and the claim-before-send protocol of `bot.store.deliveries` means a
brief is sent at most once per subscriber and local day, even across crashes.

The adapter (Telegram) supplies a `Sender` and maps its errors to the exceptions of
`bot.briefing.outcomes`, so this module never imports Telegram, and tests drive it with a fake
sender and a fake clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator

from sqlite_utils import Database

from bot.briefing.compose import Brief, compose_brief
from bot.briefing.delivery import Claimed, Deliverer
from bot.briefing.outcomes import RunReport, Sender
from bot.briefing.pacing import Pacer
from bot.briefing.schedule import local_date, next_send_at
from bot.knowledge.store import KnowledgeStore
from bot.store import deliveries, subscriptions
from bot.store.database import classify, to_iso, utcnow
from bot.store.history import changed_since
from bot.store.subscriptions import Subscription

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

# Concurrency: briefs take their slot of the pacer (28 messages/s shared with answers, or 930/s
# in paid broadcast; bot.briefing.pacing) before being marked 'sending', so a send in a slot is
# one round trip (0.05-1 s): 28 x 1 s = 28 sends in flight at most at the free rate, and 32
# slots keep the pacer fed even over a slow link; one hung request (read timeout 20 s) blocks
# one slot of 32 rather than the fan-out. The HTTP connection pool (bot/telegram/app.py) has
# this many connections and a few more for answers, so a brief never waits for a connection.
# It is also the most briefs a kill can leave ambiguous ('sending': maybe delivered, never
# re-sent).
CONCURRENCY = 32
# Paid broadcast: 930 messages/s over a 50-250 ms round trip to Telegram needs ~50-240 requests
# in flight; so up to 256 briefs can be ambiguous after a kill in that mode.
PAID_CONCURRENCY = 256
# Briefs claimed ahead of the senders, waiting for a free one: enough that a sender never
# waits for a claim, few enough that a kill leaves only seconds of briefs 'claimed' (they are
# sent after the restart).
AHEAD_PER_SLOT = 8
# Subscriptions claimed per transaction: the claim runs on the event loop (~0.1 ms per
# subscriber), and 64 take ~7 ms, less than the pacer's burst of 10 absorbs at 930 messages/s
# (~11 ms), so claiming never leaves a gap in the fan-out (claiming 2,048 at a time, between
# batches, left a 150-430 ms gap every 2.4 s: 831 messages/s instead of 900).
CLAIM_CHUNK = 64


@contextlib.contextmanager
def _no_full_collections() -> Iterator[None]:
    """Leave what existed before the fan-out out of the garbage collector's full passes.

    A full collection walks every object of the process (the knowledge store, the encoder's
    vocabulary, the libraries): 77-100 ms measured on the bot during a paid broadcast, a pause
    in which ~90 paced messages are not sent. Those objects mostly outlive the fan-out; frozen,
    a full pass walks only what the fan-out made. Unfrozen afterwards, they are collected as
    usual: a cycle among them that became garbage meanwhile (the old knowledge store after a
    reload) is freed when the fan-out ends, not before."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def concurrency(paid: bool) -> int:
    """Briefs in flight at once, in free or paid-broadcast mode."""
    return PAID_CONCURRENCY if paid else CONCURRENCY


class BriefScheduler:
    """Serves due subscriptions from the state database; one instance per process.

    `store` returns the current knowledge store (it changes on reload); `clock` returns the
    current UTC time (tests pass a fake one); `keep_going` is checked before each brief so a
    shutdown stops the fan-out after the requests in flight; `pacer` spaces the briefs.
    """

    def __init__(
        self,
        db: Database,
        store: Callable[[], KnowledgeStore],
        sender: Sender,
        catchup: dt.timedelta,
        clock: Clock = utcnow,
        concurrency: int = CONCURRENCY,
        ahead: int | None = None,
        keep_going: Callable[[], bool] = lambda: True,
        pacer: Pacer | None = None,
    ):
        self.db = db
        self.store = store
        self.catchup = catchup
        self.clock = clock
        self.concurrency = concurrency
        self.ahead = ahead or concurrency * AHEAD_PER_SLOT
        self.chunk = min(CLAIM_CHUNK, self.ahead)
        self.keep_going = keep_going
        self.pacer = pacer
        self.deliverer = Deliverer(db, sender, catchup, clock, pacer)
        self._lock = asyncio.Lock()
        self._briefs: dict[tuple[str, str, frozenset[str], dt.date], Brief] = {}
        self._purged: dt.date | None = None
        self._new: dict[str, frozenset[str]] = {}  # facts changed since (per run)
        # Start-up: what was in flight when the last process stopped is ambiguous (at most
        # `concurrency` briefs); what was only claimed is sent (run_due requeues it).
        self.recovered = deliveries.recover_interrupted(db)
        if self.recovered:
            log.warning("%d brief(s) interrupted by the last stop marked unknown", self.recovered)

    @property
    def running(self) -> bool:
        return self._lock.locked()

    async def run_due(self) -> RunReport:
        """Serve every subscription due now, until none is left.

        One task claims due subscriptions a chunk at a time into a bounded queue while
        `concurrency` senders deliver them, so claiming never pauses the sending. Returns at
        once if a run is already in progress (the JobQueue never overlaps runs; this also
        protects callers such as tests and the benchmark). A state database that cannot be
        written (locked by another process, disk full) ends the run with one log line; the
        next scan picks up where it stopped, and nothing claimed is lost.
        """
        report = RunReport()
        if self._lock.locked():
            return report
        async with self._lock:
            self._briefs.clear()
            self._new.clear()
            started = time.monotonic()
            try:
                self._housekeeping()
                with _no_full_collections():
                    await self._fan_out(report)
            except (sqlite3.Error, OSError) as exc:
                self._paused(exc)
            if report.total:
                log.info(
                    "briefs: %d sent, %d skipped, %d missed, %d to retry, %d blocked, %d failed,"
                    " %d unknown in %.1f s",
                    report.sent,
                    report.skipped,
                    report.missed,
                    report.retried,
                    report.blocked,
                    report.failed,
                    report.unknown,
                    time.monotonic() - started,
                )
        return report

    async def _fan_out(self, report: RunReport) -> None:
        queue: asyncio.Queue[Claimed | None] = asyncio.Queue(self.ahead)
        # A TaskGroup, not gather: if the process is going down (cancellation, a crash), the
        # briefs still queued stay 'claimed' (never sent), and go back in the queue on the
        # next run or start-up.
        async with asyncio.TaskGroup() as group:
            for _ in range(self.concurrency):
                group.create_task(self._send_from(queue, report))
            await self._claim_into(queue, report)

    @staticmethod
    def _paused(exc: sqlite3.Error | OSError) -> None:
        if classify(exc) is None:
            raise exc
        log.error("briefs paused, state database unavailable (%s): %s", classify(exc), exc)

    async def _claim_into(self, queue: asyncio.Queue[Claimed | None], report: RunReport) -> None:
        """Claim due subscriptions, a chunk per transaction, as fast as the senders take them;
        then tell every sender to stop once the queue is empty."""
        try:
            while self.keep_going():
                due = subscriptions.due(self.db, self.clock(), self.chunk)
                if not due:
                    break
                for item in self._claim(due, report):
                    await queue.put(item)
        except (sqlite3.Error, OSError) as exc:
            self._paused(exc)  # what is claimed already still goes out
        for _ in range(self.concurrency):
            await queue.put(None)

    async def _send_from(self, queue: asyncio.Queue[Claimed | None], report: RunReport) -> None:
        """One sender: the next claimed brief, delivered and recorded, until told to stop. A
        shutdown (`keep_going` false) leaves the rest claimed, sent on the next run."""
        while (item := await queue.get()) is not None:
            if self.keep_going():
                await self._serve(item, report)

    def _housekeeping(self) -> None:
        """Claims left by a stopped fan-out go back in the queue; once a day, /forget's day
        records are purged."""
        requeued = deliveries.requeue_claimed(self.db)
        if requeued:
            log.warning("%d brief(s) claimed but never sent: queued again", requeued)
        today = self.clock().date()
        if self._purged != today:
            deliveries.purge_forgotten(self.db, self.clock())
            self._purged = today

    def _claim(self, due: list[Subscription], report: RunReport) -> list[Claimed]:
        """Settle (missed, nothing new) or claim every subscription of a chunk, in one
        transaction: one commit per chunk instead of one per subscriber."""
        now = self.clock()
        claimed: list[Claimed] = []
        with self.db.atomic():
            for sub in due:
                day = local_date(sub.slot_at, sub.timezone)
                following = next_send_at(sub.time_local, sub.timezone, now)
                if now - sub.slot_at > self.catchup:
                    deliveries.settle(self.db, sub, day, following, "missed", "too late", now)
                    report.missed += 1
                    continue
                brief = self.brief_for(sub, day)
                if sub.only_new and not brief.new_fact_ids:
                    deliveries.settle(self.db, sub, day, following, "skipped", "nothing new", now)
                    report.skipped += 1
                    continue
                attempt = deliveries.claim(self.db, sub, day, following, now)
                if attempt is None:
                    report.settled_elsewhere += 1
                    continue
                claimed.append(Claimed(sub, day, following, attempt, brief))
        return claimed

    def brief_for(self, sub: Subscription, day: dt.date) -> Brief:
        """The subscriber's brief for `day`: new facts are those changed since their last one.

        Briefs are cached per run by (knowledge version, language, new facts, day), so 2,000
        subscribers with the same settings cost one composition.
        """
        store = self.store()
        since = to_iso(sub.since)
        if since not in self._new:  # subscribers who got the same brief share one query
            self._new[since] = frozenset(changed_since(self.db, since))
        new = self._new[since]
        key = (store.version, sub.language, new, day)
        if key not in self._briefs:
            self._briefs[key] = compose_brief(store, sub.language, new, today=day)
        return self._briefs[key]

    async def _serve(self, item: Claimed, report: RunReport) -> None:
        try:
            await self.deliverer.deliver(item, report)
        except Exception as exc:  # a bug must not stop the other subscribers
            log.exception("brief for chat %s failed", item.sub.chat_id)
            report.failed += 1
            report.errors.append(f"{item.sub.chat_id}: {exc!r}")

"""Fan-out exactly once for real: a kill mid-fan-out loses only what was in flight, and a 429
storm (while users are answered) never provokes a flood 429 of the bot's own.

A kill is simulated by abandoning a scheduler mid-fan-out (its sends hang, as requests cut off
by SIGKILL, or its task is cancelled) and starting a new one on the same database, as a
restarted process would."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable

from telegram.ext import Application

from bot.briefing.compose import Brief
from bot.briefing.scheduler import CLAIM_CHUNK, BriefScheduler
from bot.runtime import Runtime
from bot.store import deliveries, subscriptions
from bot.store.database import to_iso, utcnow
from bot.telegram.briefing.scan import JOB_NAME
from tests.briefing.conftest import FakeClock, RecordingSender
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fixtures import to

UTC = dt.UTC
Make = Callable[..., BriefScheduler]
BRIEF_TIME = dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def due_at_brief_time(runtime: Runtime, clock: FakeClock, subscribers: int) -> None:
    """Chats 1 to `subscribers` subscribed to the French brief at 10:00 UTC, and the clock
    set to that time: every one of them is due."""
    for chat in range(1, subscribers + 1):
        subscriptions.subscribe(runtime.state, chat, "fr", "10:00", "UTC", now=clock.now)
    clock.set(BRIEF_TIME)


class HangingSender(RecordingSender):
    """Delivers `after` briefs, then every request hangs: in flight when the process dies."""

    def __init__(self, clock: FakeClock, after: int):
        super().__init__(clock)
        self.after = after
        self.hanging: list[int] = []
        self.all_hung = asyncio.Event()
        self.concurrency = 0

    async def send(self, chat_id: int, brief: Brief) -> None:
        if len(self.sent) >= self.after:
            self.hanging.append(chat_id)
            if len(self.hanging) == self.concurrency:
                self.all_hung.set()
            await asyncio.Event().wait()  # never answered
        await super().send(chat_id, brief)


async def test_an_abandoned_fanout_loses_only_the_requests_in_flight(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    due_at_brief_time(runtime, clock, 300)
    dying = HangingSender(clock, after=70)
    dying.concurrency = 8
    first = make_scheduler(dying, concurrency=8, ahead=100)
    abandoned = asyncio.create_task(first.run_due())
    await asyncio.wait_for(dying.all_hung.wait(), 10)
    # The process dies here: 70 sent, 8 requests in flight, and the briefs claimed ahead
    # waiting for a sender: at most `ahead`, plus the rest of the chunk being queued.
    before = deliveries.counts(runtime.state)
    assert (before["sent"], before["sending"]) == (70, 8)
    assert 100 <= before["claimed"] <= 100 + CLAIM_CHUNK

    fresh = RecordingSender(clock)
    restarted = make_scheduler(fresh, concurrency=8, ahead=100)
    assert restarted.recovered == 8  # only the requests in flight are ambiguous
    report = await restarted.run_due()
    assert report.sent == 300 - 70 - 8  # those claimed but never sent go out too
    served = dying.per_chat + fresh.per_chat
    assert set(served.values()) == {1}
    assert set(range(1, 301)) - set(served) == set(dying.hanging)
    counts = deliveries.counts(runtime.state)
    assert counts == {"sent": 292, "unknown": 8}
    abandoned.cancel()


async def test_a_cancelled_fanout_is_finished_by_the_next_run(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    due_at_brief_time(runtime, clock, 100)
    dying = HangingSender(clock, after=30)
    dying.concurrency = 4
    scheduler = make_scheduler(dying, concurrency=4, ahead=50)
    task = asyncio.create_task(scheduler.run_due())
    await asyncio.wait_for(dying.all_hung.wait(), 10)
    task.cancel()  # a shutdown that cannot wait for Telegram's answers
    await asyncio.gather(task, return_exceptions=True)

    fresh = RecordingSender(clock)
    # The same process goes on (the 4 stay 'sending': unknown later).
    scheduler.deliverer.sender = fresh
    report = await scheduler.run_due()
    assert report.sent == 100 - 30 - 4
    served = dying.per_chat + fresh.per_chat
    assert max(served.values()) == 1 and len(served) == 96


class WatchingSender(RecordingSender):
    """Records, at each send, how many briefs are claimed ahead and whether the garbage
    collector's full passes skip the objects that existed before the fan-out."""

    def __init__(self, clock: FakeClock, runtime: Runtime):
        super().__init__(clock)
        self.runtime = runtime
        self.claimed: list[int] = []
        self.frozen: list[int] = []

    async def send(self, chat_id: int, brief: Brief) -> None:
        self.claimed.append(deliveries.counts(self.runtime.state).get("claimed", 0))
        self.frozen.append(gc.get_freeze_count())
        await super().send(chat_id, brief)


async def test_claims_stay_a_bounded_step_ahead_of_the_sends(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    """Subscribers are claimed a chunk at a time while the others are sent, never more than
    `ahead` (plus the chunk being queued) waiting; every one is served once."""
    due_at_brief_time(runtime, clock, 500)
    sender = WatchingSender(clock, runtime)
    report = await make_scheduler(sender, concurrency=4, ahead=40).run_due()
    assert report.sent == 500 and set(sender.per_chat.values()) == {1}
    assert max(sender.claimed) <= 40 + CLAIM_CHUNK
    assert deliveries.counts(runtime.state) == {"sent": 500}
    # Frozen during the fan-out only: nothing is left out of the collector afterwards.
    assert min(sender.frozen) > 0
    assert gc.get_freeze_count() == 0


async def test_a_shutdown_leaves_the_rest_claimed_for_the_next_run(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    due_at_brief_time(runtime, clock, 200)
    sender = RecordingSender(clock)
    stopping = make_scheduler(
        sender, concurrency=4, ahead=40, keep_going=lambda: len(sender.sent) < 50
    )
    report = await stopping.run_due()
    assert 50 <= report.sent < 60  # the requests already under way finish; no new one starts
    assert deliveries.counts(runtime.state)["claimed"] > 0

    after = RecordingSender(clock)
    restarted = make_scheduler(after, concurrency=4)
    assert restarted.recovered == 0  # nothing was left 'sending'
    assert (await restarted.run_due()).sent == 200 - report.sent
    served = sender.per_chat + after.per_chat
    assert len(served) == 200 and set(served.values()) == {1}


def due_now(runtime: Runtime, chats: range) -> None:
    for chat in chats:
        subscriptions.subscribe(runtime.state, chat, "en" if chat % 2 else "fr", "08:00", "UTC")
    slot = to_iso(utcnow() - dt.timedelta(seconds=5))
    runtime.state.execute("UPDATE subscriptions SET next_send_at = ?, slot_at = ?", [slot, slot])


def provoked_429(fake: FakeBotApi, injected: int) -> int:
    """429 answers beyond the ones the test injected: the bot exceeded the limit."""
    return sum(1 for c in fake.calls_to("sendMessage") if c.status == 429) - injected


async def test_a_429_storm_during_a_fanout_and_user_questions_provokes_no_flood_429(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.messages_per_second = 30  # Telegram's overall limit, enforced
    runtime = running_bot.bot_data.runtime
    subscribers = range(5001, 5121)
    due_now(runtime, subscribers)
    scheduler = running_bot.bot_data.scheduler
    assert scheduler is not None
    fanout = asyncio.create_task(scheduler.run_due())
    while len(fake_api.sent_texts()) < 30:
        await asyncio.sleep(0.05)
    fake_api.fail_next("sendMessage", count=3, retry_after=1)  # a storm: Telegram says wait
    users = range(7001, 7021)
    for user in users:  # questions arriving meanwhile: answered, paced with the briefs
        fake_api.push_text(user, "Who did Kim Jong Un meet?", language_code="en")
    report = await asyncio.wait_for(fanout, 60)
    for user in users:
        await fake_api.wait_for("sendMessage", to(user), since=0, timeout=30)
    # The refused briefs are rescheduled a few seconds later: the next scans send them.
    for _ in range(20):
        if len({c.params["chat_id"] for c in fake_api.calls_to("sendMessage") if c.ok}) >= 140:
            break
        subscriptions_due = runtime.state.execute(
            "UPDATE subscriptions SET next_send_at = slot_at WHERE next_send_at > ?"
            " AND next_send_at < ?",
            [to_iso(utcnow()), to_iso(utcnow() + dt.timedelta(minutes=10))],
        )
        assert subscriptions_due is not None
        await scheduler.run_due()
    ok = [c for c in fake_api.calls_to("sendMessage") if c.ok]
    per_chat = Counter(c.params["chat_id"] for c in ok)
    assert all(per_chat[chat] == 1 for chat in subscribers)  # every subscriber, once
    assert all(per_chat[user] >= 1 for user in users)
    assert provoked_429(fake_api, injected=3) == 0
    assert report.sent <= len(subscribers)  # a brief refused then retried counts once as sent


async def test_briefs_and_answers_share_one_rate_with_no_429(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    """Telegram's 30/s over every message: a fan-out and 40 questions at once stay under it."""
    fake_api.messages_per_second = 30
    runtime = running_bot.bot_data.runtime
    # The bot's own scheduler, its scan job removed: a second scheduler (or a tick of the job)
    # running meanwhile would requeue this fan-out's claims as left over by a stopped one.
    (job,) = running_bot.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
    job.schedule_removal()
    scheduler = running_bot.bot_data.scheduler
    assert scheduler is not None
    while scheduler.running:  # a tick that started before the removal
        await asyncio.sleep(0.05)
    due_now(runtime, range(6001, 6061))
    fanout = asyncio.create_task(scheduler.run_due())
    for user in range(8001, 8041):
        fake_api.push_text(user, "Qui Kim Jong Un a-t-il rencontré ?")
    report = await asyncio.wait_for(fanout, 60)
    for user in range(8001, 8041):
        await fake_api.wait_for("sendMessage", to(user), since=0, timeout=30)
    assert report.sent == 60
    assert provoked_429(fake_api, injected=0) == 0

"""The scheduler core with a fake clock and a recording sender: on time, once, whatever happens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.briefing.compose import Brief
from bot.briefing.outcomes import Blocked, MaybeSent, RetryLater, TransientError
from bot.briefing.scheduler import BriefScheduler
from bot.knowledge.digest import fact_digests
from bot.knowledge.model import Text
from bot.runtime import Runtime
from bot.store import deliveries, subscriptions, users
from bot.store.history import record_knowledge
from tests.briefing.conftest import FakeClock, RecordingSender

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")
Make = Callable[..., BriefScheduler]


async def ticks(scheduler: BriefScheduler, clock: FakeClock, until: dt.datetime, every: float):
    """Run the scan every `every` seconds of fake time, as the JobQueue job does."""
    while clock.now < until:
        await scheduler.run_due()
        clock.advance(seconds=every)


def subscribe(runtime: Runtime, clock: FakeClock, chat: int, **options: object) -> None:
    values: dict = {"language": "fr", "time_local": "08:00", "timezone": "Europe/Paris"}
    values.update(options)
    subscriptions.subscribe(runtime.state, chat, now=clock.now, **values)


async def test_exactly_one_brief_at_the_right_local_time(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)  # at 10:00 in Paris: the first brief is tomorrow 08:00
    scheduler = make_scheduler(sender)
    await ticks(scheduler, clock, dt.datetime(2026, 11, 24, 6, 59, 30, tzinfo=UTC), every=30)
    assert sender.sent == []
    await ticks(scheduler, clock, dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC), every=30)
    assert len(sender.sent) == 1
    chat, at, brief = sender.sent[0]
    assert chat == 1 and at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Paris
    assert brief.language == "fr" and brief.day == dt.date(2026, 11, 24)
    assert deliveries.status(runtime.state, 1, dt.date(2026, 11, 24)) == "sent"
    assert subscriptions.get(runtime.state, 1).last_sent_at == at  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("start", "days", "utc_hours"),
    [
        (dt.datetime(2026, 3, 27, 12, 0, tzinfo=UTC), (28, 29, 30), [7, 6, 6]),
        (dt.datetime(2026, 10, 23, 12, 0, tzinfo=UTC), (24, 25, 26), [6, 7, 7]),
    ],
    ids=["29-march-2026", "25-october-2026"],
)
async def test_paris_0800_across_dst_changes(
    runtime: Runtime,
    clock: FakeClock,
    sender: RecordingSender,
    make_scheduler: Make,
    start: dt.datetime,
    days: tuple[int, ...],
    utc_hours: list[int],
) -> None:
    clock.set(start)
    subscribe(runtime, clock, 1)
    await ticks(make_scheduler(sender), clock, start + dt.timedelta(days=3, hours=6), every=60)
    times = [at for _, at, _ in sender.sent]
    assert [t.day for t in times] == list(days)
    assert [t.hour for t in times] == utc_hours
    assert all(t.astimezone(PARIS).strftime("%H:%M") == "08:00" for t in times)


async def test_seoul_subscriber_gets_it_at_their_0800(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)
    subscribe(runtime, clock, 2, timezone="Asia/Seoul", language="en")
    await ticks(make_scheduler(sender), clock, dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC), 60)
    assert [(chat, at.hour) for chat, at, _ in sender.sent] == [(2, 23), (1, 7)]
    seoul = sender.sent[0]
    assert seoul[1].astimezone(ZoneInfo("Asia/Seoul")).strftime("%d %H:%M") == "24 08:00"
    assert seoul[2].day == dt.date(2026, 11, 24) and seoul[2].language == "en"


class Crash(BaseException):
    """The process dies (not an Exception: nothing in the bot may catch it)."""


class CrashingSender(RecordingSender):
    """Delivers `after` briefs, then the process dies right after handing over the next one."""

    def __init__(self, clock: FakeClock, after: int):
        super().__init__(clock)
        self.after = after

    async def send(self, chat_id: int, brief: Brief) -> None:
        if len(self.sent) == self.after:
            self.sent.append((chat_id, self.clock(), brief))  # Telegram got it...
            raise Crash  # ...and the bot died before recording it
        await super().send(chat_id, brief)


async def test_restart_mid_fanout_serves_each_of_200_exactly_once(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    for chat in range(1, 201):
        subscribe(runtime, clock, chat, timezone="UTC", time_local="10:00")
    clock.set(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    crashing = CrashingSender(clock, after=73)
    with pytest.raises(BaseExceptionGroup) as crashed:
        await make_scheduler(crashing, concurrency=8, ahead=50).run_due()
    assert crashed.value.subgroup(Crash) is not None
    assert 74 <= len(crashing.sent) < 200

    clock.advance(seconds=30)  # the bot is back 30 s later: a fresh scheduler, same database
    fresh = RecordingSender(clock)
    restarted = make_scheduler(fresh, concurrency=8, ahead=50)
    assert restarted.recovered >= 1  # the interrupted sends, marked unknown, never re-sent
    report = await restarted.run_due()
    assert report.sent == 200 - len(crashing.sent)

    served = crashing.per_chat + fresh.per_chat
    assert sorted(served) == list(range(1, 201))
    assert set(served.values()) == {1}
    assert await restarted.run_due() == type(report)()  # nothing left, nothing twice
    counts = deliveries.counts(runtime.state)
    assert counts["sent"] + counts.get("unknown", 0) == 200


async def test_a_crash_before_delivery_never_causes_a_second_send(
    runtime: Runtime, clock: FakeClock, make_scheduler: Make
) -> None:
    """Sends in flight when the bot dies may or may not have arrived: they are not retried."""
    for chat in range(1, 41):
        subscribe(runtime, clock, chat, timezone="UTC", time_local="10:00")
    clock.set(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))

    class DiesBeforeSending(RecordingSender):
        async def send(self, chat_id: int, brief: Brief) -> None:
            if len(self.sent) == 10:
                raise Crash
            await super().send(chat_id, brief)

    first = DiesBeforeSending(clock)
    with pytest.raises(BaseExceptionGroup):
        await make_scheduler(first, concurrency=4).run_due()
    second = RecordingSender(clock)
    await make_scheduler(second, concurrency=4).run_due()
    served = first.per_chat + second.per_chat
    assert max(served.values()) == 1
    unknown = {
        chat
        for chat in range(1, 41)
        if deliveries.status(runtime.state, chat, clock.now.date()) == "unknown"
    }
    assert set(range(1, 41)) - set(served) == unknown - set(served)
    assert len(served) >= 40 - 4  # at most one slot of concurrency lost


async def test_blocked_user_is_deactivated_and_the_others_get_theirs(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    for chat in (1, 2, 3):
        subscribe(runtime, clock, chat)
    sender.fail[2] = [Blocked("Forbidden: bot was blocked by the user")]
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    report = await make_scheduler(sender).run_due()
    assert (report.sent, report.blocked) == (2, 1)
    assert sorted(sender.per_chat) == [1, 3]
    assert not subscriptions.get(runtime.state, 2).active  # type: ignore[union-attr]
    assert deliveries.status(runtime.state, 2, dt.date(2026, 11, 24)) == "failed"
    clock.advance(days=1)
    await make_scheduler(sender).run_due()
    assert sender.per_chat == {1: 2, 3: 2}


async def test_only_new_sends_nothing_when_nothing_changed(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1, only_new=True)
    subscribe(runtime, clock, 2)
    scheduler = make_scheduler(sender)
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    report = await scheduler.run_due()
    assert (report.sent, report.skipped) == (1, 1)
    assert list(sender.per_chat) == [2]
    assert deliveries.status(runtime.state, 1, dt.date(2026, 11, 24)) == "skipped"

    # A fact changes during the day: the next morning both get it, marked new.
    clock.set(dt.datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    changed = dict(runtime.store.facts)
    oil = changed["oil"]
    changed["oil"] = oil.model_copy(
        update={"text": Text(fr=oil.text.get("fr") + " (mis à jour)", en=oil.text.en)}
    )
    with time_machine.travel(clock.now, tick=False):
        record_knowledge(runtime.state, fact_digests(changed), "v2", actor="test")
    clock.set(dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    await scheduler.run_due()
    briefs = {chat: brief for chat, _, brief in sender.sent[1:]}
    assert briefs[1].new_fact_ids == ["oil"] == briefs[2].new_fact_ids
    assert briefs[1].headline_fact_id == "oil" and briefs[1].headline_new  # the news leads

    # Nothing changed since: the only-new subscriber gets nothing the day after.
    clock.set(dt.datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    await scheduler.run_due()
    assert sender.per_chat == {2: 3, 1: 1}


async def test_retry_after_reschedules_only_that_subscriber(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    for chat in (1, 2, 3):
        subscribe(runtime, clock, chat)
    sender.fail[1] = [RetryLater(7)]
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    scheduler = make_scheduler(sender)
    report = await scheduler.run_due()
    assert (report.sent, report.retried) == (2, 1)
    assert sorted(sender.per_chat) == [2, 3]
    sub = subscriptions.get(runtime.state, 1)
    assert sub is not None and sub.next_send_at == clock.now + dt.timedelta(seconds=7)
    assert sub.slot_at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # still today's brief
    clock.advance(seconds=6)
    assert (await scheduler.run_due()).sent == 0
    clock.advance(seconds=1)
    assert (await scheduler.run_due()).sent == 1
    assert sender.per_chat == {1: 1, 2: 1, 3: 1}
    assert sender.sent[-1][2].day == dt.date(2026, 11, 24)
    nxt = subscriptions.get(runtime.state, 1)
    assert nxt is not None and nxt.next_send_at == dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


async def test_network_errors_back_off_then_give_up(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)
    sender.fail[1] = [TransientError("connection refused")] * 10
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    scheduler = make_scheduler(sender)
    waits = []
    for _ in range(10):
        before = clock.now
        await scheduler.run_due()
        sub = subscriptions.get(runtime.state, 1)
        assert sub is not None
        if sub.next_send_at.date() != before.date():
            break
        waits.append((sub.next_send_at - before).total_seconds())
        clock.set(sub.next_send_at)
    assert waits == [5, 10, 20, 40, 80]  # then the sixth attempt fails for good
    assert deliveries.status(runtime.state, 1, dt.date(2026, 11, 24)) == "failed"
    assert sender.sent == []


async def test_unknown_outcome_is_not_retried(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)
    sender.fail[1] = [MaybeSent("timed out waiting for Telegram's answer")]
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    scheduler = make_scheduler(sender)
    assert (await scheduler.run_due()).unknown == 1
    clock.advance(minutes=10)
    await scheduler.run_due()
    assert sender.sent == []
    assert deliveries.status(runtime.state, 1, dt.date(2026, 11, 24)) == "unknown"


@pytest.mark.parametrize(("down_hours", "sent"), [(5.9, True), (6.1, False)])
async def test_catch_up_after_downtime(
    runtime: Runtime,
    clock: FakeClock,
    sender: RecordingSender,
    make_scheduler: Make,
    down_hours: float,
    sent: bool,
) -> None:
    subscribe(runtime, clock, 1)
    # The bot was down over the 08:00 slot and comes back `down_hours` later.
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC) + dt.timedelta(hours=down_hours))
    report = await make_scheduler(sender).run_due()
    assert len(sender.sent) == int(sent)
    assert report.missed == int(not sent)
    status = deliveries.status(runtime.state, 1, dt.date(2026, 11, 24))
    assert status == ("sent" if sent else "missed")
    nxt = subscriptions.get(runtime.state, 1)
    assert nxt is not None and nxt.next_send_at == dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


async def test_a_retry_due_while_the_bot_was_down_too_long_is_recorded_missed(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)
    sender.fail[1] = [RetryLater(30)]
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    assert (await make_scheduler(sender).run_due()).retried == 1
    clock.advance(hours=7)  # down from just after the refusal until past the catch-up window
    assert (await make_scheduler(sender).run_due()).missed == 1
    assert sender.sent == []
    assert deliveries.status(runtime.state, 1, dt.date(2026, 11, 24)) == "missed"
    nxt = subscriptions.get(runtime.state, 1)
    assert nxt is not None and nxt.next_send_at == dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


async def test_a_new_time_the_same_day_does_not_send_twice(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1)
    scheduler = make_scheduler(sender)
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await scheduler.run_due()
    clock.set(dt.datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # 09:00 in Paris
    subscriptions.set_time(runtime.state, 1, "18:00", now=clock.now)  # later today
    clock.set(dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC))
    report = await scheduler.run_due()
    assert report.settled_elsewhere == 1
    assert len(sender.sent) == 1
    clock.set(dt.datetime(2026, 11, 25, 17, 0, tzinfo=UTC))
    await scheduler.run_due()
    assert len(sender.sent) == 2


async def test_a_run_in_progress_is_not_doubled(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    import asyncio

    for chat in range(1, 21):
        subscribe(runtime, clock, chat)
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    scheduler = make_scheduler(sender, concurrency=2)
    first, second = await asyncio.gather(scheduler.run_due(), scheduler.run_due())
    assert (first.sent, second.sent) == (20, 0)
    assert set(sender.per_chat.values()) == {1}


async def test_the_brief_follows_the_chat_language(
    runtime: Runtime, clock: FakeClock, sender: RecordingSender, make_scheduler: Make
) -> None:
    subscribe(runtime, clock, 1, language="fr")
    users.touch(runtime.state, 1, "fr")
    users.set_language(runtime.state, 1, "en")  # chosen later in /settings
    clock.set(dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await make_scheduler(sender).run_due()
    assert sender.sent[0][2].language == "en"

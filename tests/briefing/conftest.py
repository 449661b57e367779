"""Briefing fixtures: a small fixed knowledge base, a controllable clock and a recording sender."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine

from bot.briefing.compose import Brief
from bot.briefing.outcomes import DeliveryError
from bot.briefing.scheduler import BriefScheduler
from bot.config import Settings
from bot.runtime import Runtime

KNOWLEDGE = Path(__file__).parent / "knowledge"
UTC = dt.UTC


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """Overrides the root fixture: the briefing tests use their own small knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


class FakeClock:
    """The scheduler's clock: it only moves when a test moves it."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class RecordingSender:
    """Records (chat_id, time, brief) per delivery; `fail` maps chat ids to errors to raise."""

    def __init__(self, clock: Callable[[], dt.datetime]):
        self.clock = clock
        self.sent: list[tuple[int, dt.datetime, Brief]] = []
        self.fail: dict[int, list[DeliveryError]] = {}

    async def send(self, chat_id: int, brief: Brief) -> None:
        if self.fail.get(chat_id):
            raise self.fail[chat_id].pop(0)
        self.sent.append((chat_id, self.clock(), brief))
        await asyncio.sleep(0)  # the answer comes back later: other sends interleave

    @property
    def per_chat(self) -> Counter[int]:
        return Counter(chat for chat, _, _ in self.sent)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
def runtime(settings: Settings, clock: FakeClock) -> Iterator[Runtime]:
    """Overrides the root fixture: the knowledge is recorded (fact history) a minute before the
    fake clock's start, so "new since" compares times from the same (fake) timeline."""
    with time_machine.travel(clock.now - dt.timedelta(minutes=1), tick=False):
        started = Runtime.start(settings)
    yield started
    started.close()


@pytest.fixture
def sender(clock: FakeClock) -> RecordingSender:
    return RecordingSender(clock)


@pytest.fixture
def make_scheduler(runtime: Runtime, clock: FakeClock) -> Callable[..., BriefScheduler]:
    """A new scheduler on the runtime's database: calling it again simulates a restart."""

    def make(sender: object, **options: object) -> BriefScheduler:
        return BriefScheduler(
            runtime.state,
            lambda: runtime.store,
            sender,  # type: ignore[arg-type]
            catchup=dt.timedelta(hours=runtime.settings.BRIEF_CATCHUP_HOURS),
            clock=clock,
            **options,  # type: ignore[arg-type]
        )

    return make

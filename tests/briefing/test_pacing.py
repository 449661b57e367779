"""The fan-out pacer: evenly spaced, no burst credit after an idle period."""

from __future__ import annotations

import asyncio

import pytest

from bot.briefing.pacing import Pacer


class FakeTime:
    """The pacer's clock and sleep: a sleep advances the clock, woken `late` seconds late."""

    def __init__(self, start: float = 0.0, late: float = 0.0):
        self.now = start
        self.late = late
        self.slept: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds + self.late

    def pacer(self, rate: float) -> Pacer:
        return Pacer(rate=rate, clock=lambda: self.now, sleep=self.sleep)


async def test_concurrent_callers_are_spaced_evenly() -> None:
    fake = FakeTime(start=100.0)
    pacer = fake.pacer(rate=10)
    await asyncio.gather(*(pacer.wait() for _ in range(5)))
    assert fake.slept == [0.1] * 4  # the first goes at once
    assert fake.now == pytest.approx(100.4)

    fake.now += 60  # after an idle minute the next caller goes at once, and only one of them
    fake.slept.clear()
    await asyncio.gather(*(pacer.wait() for _ in range(3)))
    assert fake.slept == [0.1, 0.1]


async def test_a_late_caller_does_not_make_the_next_one_early() -> None:
    fake = FakeTime(late=0.25)  # the event loop was busy: woken 250 ms late
    pacer = fake.pacer(rate=10)
    await asyncio.gather(*(pacer.wait() for _ in range(3)))
    assert fake.slept == [0.1, 0.1]  # full spacing after the late one, no catching up


async def test_a_slightly_late_wake_up_keeps_the_timetable() -> None:
    fake = FakeTime(late=0.001)  # the usual wake-up latency
    pacer = fake.pacer(rate=10)
    await asyncio.gather(*(pacer.wait() for _ in range(4)))
    assert fake.slept == [0.1, 0.099, 0.099]  # no drift: 10 per second, not 9.9


async def test_real_time_rate() -> None:
    pacer = Pacer(rate=200)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(pacer.wait() for _ in range(21)))
    assert loop.time() - start >= 0.099  # 20 intervals of 5 ms


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Pacer(rate=0)

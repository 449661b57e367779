"""The fan-out pacer: evenly spaced, no burst credit after an idle period."""

from __future__ import annotations

import asyncio

import pytest

from bot.briefing.pacing import Pacer


async def test_concurrent_callers_are_spaced_evenly() -> None:
    now = 100.0
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        nonlocal now
        slept.append(round(seconds, 6))
        now += seconds

    pacer = Pacer(rate=10, clock=lambda: now, sleep=sleep)
    await asyncio.gather(*(pacer.wait() for _ in range(5)))
    assert slept == [0.1] * 4  # the first goes at once
    assert now == pytest.approx(100.4)

    now += 60  # after an idle minute the next caller goes at once, and only one of them
    slept.clear()
    await asyncio.gather(*(pacer.wait() for _ in range(3)))
    assert slept == [0.1, 0.1]


async def test_a_late_caller_does_not_make_the_next_one_early() -> None:
    now = 0.0
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        nonlocal now
        slept.append(round(seconds, 6))
        now += seconds + 0.25  # the event loop was busy: woken 250 ms late

    pacer = Pacer(rate=10, clock=lambda: now, sleep=sleep)
    await asyncio.gather(*(pacer.wait() for _ in range(3)))
    assert slept == [0.1, 0.1]  # full spacing after the late one, no catching up


async def test_a_slightly_late_wake_up_keeps_the_timetable() -> None:
    now = 0.0
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        nonlocal now
        slept.append(round(seconds, 6))
        now += seconds + 0.001  # the usual wake-up latency

    pacer = Pacer(rate=10, clock=lambda: now, sleep=sleep)
    await asyncio.gather(*(pacer.wait() for _ in range(4)))
    assert slept == [0.1, 0.099, 0.099]  # no drift: 10 per second, not 9.9


async def test_real_time_rate() -> None:
    pacer = Pacer(rate=200)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(pacer.wait() for _ in range(21)))
    assert loop.time() - start >= 0.099  # 20 intervals of 5 ms


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Pacer(rate=0)

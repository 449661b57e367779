"""The shared pacer (aiolimiter underneath): evenly spaced, no burst credit after an idle
period or a late wake-up, a hold after a 429, and answers before briefs.

Real time, lower bounds only: a loaded machine can make callers later, never earlier, so the
assertions hold however busy the machine is. Hence "the k-th caller no earlier than k intervals
after the start" rather than gaps between neighbours: a caller woken late by a busy machine
comes closer to the next one, who was on time (seen with two test workers on 2 cores)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.briefing.pacing import Pacer


async def times_of(pacer: Pacer, count: int, background: bool = False) -> list[float]:
    moments: list[float] = []

    async def one() -> None:
        await pacer.wait(background=background)
        moments.append(asyncio.get_running_loop().time())

    await asyncio.gather(*(one() for _ in range(count)))
    return moments


def spaced(moments: list[float], start: float, interval: float) -> bool:
    """The k-th caller to go went no earlier than `start` + k intervals: no burst, whatever
    the machine's load."""
    return all(m - start >= k * interval - 0.002 for k, m in enumerate(sorted(moments)))


async def test_concurrent_callers_are_spaced_evenly() -> None:
    pacer = Pacer(rate=20)
    loop = asyncio.get_running_loop()
    start = loop.time()
    moments = await times_of(pacer, 5)
    assert spaced(moments, start, 0.05)

    await asyncio.sleep(0.5)  # after an idle moment the next caller goes at once, one only
    start = loop.time()
    again = await times_of(pacer, 3)
    assert again[0] - moments[-1] >= 0.5
    assert spaced(again, start, 0.05)


async def test_a_late_caller_does_not_make_the_next_ones_early() -> None:
    pacer = Pacer(rate=20)
    await pacer.wait()
    time.sleep(0.25)  # the event loop was blocked: five intervals went by
    start = asyncio.get_running_loop().time()
    moments = await times_of(pacer, 3)
    assert spaced(moments, start, 0.05)  # no catching up in a burst


async def test_no_burst_credit_after_an_idle_period() -> None:
    pacer = Pacer(rate=1)  # one a second: a check takes far less than that
    await asyncio.sleep(0.05)
    await pacer.wait()
    assert not pacer._limiter.has_capacity()  # the next one waits a full interval


async def test_a_hold_stops_everyone_then_resumes_one_per_interval() -> None:
    pacer = Pacer(rate=50)
    await pacer.wait()
    loop = asyncio.get_running_loop()
    start = loop.time()
    pacer.hold(0.3)  # a 429 with retry_after
    moments = await times_of(pacer, 6)
    assert min(moments) - start >= 0.3 - 0.002
    assert spaced(moments, start + 0.3, 0.02)  # no burst after it


async def test_answers_go_before_waiting_briefs() -> None:
    pacer = Pacer(rate=20)
    order: list[str] = []

    async def brief(name: str) -> None:
        await pacer.wait(background=True)
        order.append(name)

    async def answer(name: str) -> None:
        await pacer.wait()
        order.append(name)

    await pacer.wait()
    await asyncio.gather(brief("b1"), brief("b2"), brief("b3"), answer("a1"), answer("a2"))
    # b1 was already queued for the next slot; the answers then go before the other briefs.
    assert order == ["b1", "a1", "a2", "b2", "b3"]


async def test_real_time_rate() -> None:
    pacer = Pacer(rate=200)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(pacer.wait() for _ in range(21)))
    assert loop.time() - start >= 0.099  # 20 intervals of 5 ms


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Pacer(rate=0)


async def test_a_burst_is_bounded_by_the_bucket() -> None:
    """Paid broadcast's bucket of 10: at most 10 at once, then the rate (never more in 1 s)."""
    pacer = Pacer(rate=100, burst=10)
    moments = await times_of(pacer, 30)
    first = moments[0]
    assert sum(1 for moment in moments if moment - first < 0.05) <= 10 + 5  # burst + 50 ms
    assert moments[-1] - first >= (30 - 10) / 100 - 0.01

"""Even spacing of outgoing briefs, so a fan-out never bursts past Telegram's flood limit.

The Application's AIORateLimiter is a leaky bucket: after an idle period it lets 30 requests
through at once and then 30 per second, i.e. up to ~60 in the first second, which Telegram (and
the fake server in the tests) may answer with 429. Spacing the briefs at a steady rate below the
limit keeps every one-second window under it, and leaves the limiter's burst capacity to the
answers users are waiting for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

# 28 briefs per second: under Telegram's ~30/s overall with 2/s of headroom for interactive
# answers during a fan-out; 2,000 subscribers take about 72 s.
BRIEF_RATE = 28.0


class Pacer:
    """Lets callers through at most `rate` per second, evenly spaced (no bursts).

    Each caller reserves the next free instant, then sleeps until it: the reservation happens
    without awaiting, so concurrent callers never share an instant.
    """

    def __init__(
        self,
        rate: float = BRIEF_RATE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0

    async def wait(self) -> None:
        now = self._clock()
        at = max(now, self._next)
        self._next = at + self.interval
        if at > now:
            await self._sleep(at - now)

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


# A caller woken this little late keeps the timetable (no slow drift below the rate); later
# than that, the timetable restarts from now rather than catching up in a burst.
SLACK = 0.005


class Pacer:
    """Lets callers through one at a time, at least 1/`rate` seconds apart on average and
    never in a burst.

    After a stall of the event loop the delayed caller goes, and the next one waits a full
    interval after it: callers held up by the stall do not then go out together to catch up,
    which is exactly the burst a flood limit punishes.
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
        self._lock = asyncio.Lock()  # first come, first served
        self._last = -float("inf")  # when the previous caller was due to go

    async def wait(self) -> None:
        async with self._lock:
            due = self._last + self.interval
            now = self._clock()
            if due > now:
                await self._sleep(due - now)
                now = self._clock()
            self._last = due if now - due <= SLACK else now

"""One steady, burst-free rate for everything the bot sends, shared by answers and briefs.

A plain leaky bucket (such as AIORateLimiter's `AsyncLimiter(30, 1)`) lets 30 requests through
at once after an idle moment and then 30 per second, so up to ~60 can land in one second, which
Telegram (and the fake server in the tests) answers with 429. Here the bucket holds one message
(`aiolimiter.AsyncLimiter(1, 1 / rate)`): callers go one at a time, 1/rate seconds apart, and a
caller delayed by a busy event loop never lets the next ones catch up in a burst.

Two things a flood limit also needs, on top of aiolimiter:
- `hold(seconds)` after a 429: nobody sends until then, and the waiters then resume one per
  interval, never all at once;
- background callers (brief fan-outs) give way to foreground ones (answers users wait for):
  they queue one at a time, and the next one only asks for a slot once no foreground caller
  is waiting, so an answer waits behind at most one brief.
"""

from __future__ import annotations

import asyncio

from aiolimiter import AsyncLimiter

# 28 messages per second: under Telegram's ~30/s overall, with room for the jitter of the
# network (two requests paced 36 ms apart may arrive closer than that).
BRIEF_RATE = 28.0
# Paid broadcast (`allow_paid_broadcast`, Telegram's 1,000 messages/s for 0.1 Star each): 7%
# under the limit. With the burst below, at most 940 leave in any one second, which leaves 60
# (~60 ms at this rate) for requests that bunch up on the way; the fake server, measured with no
# pauses of its own, counted at most ~950 in one second (docs/benchmarks.md).
PAID_RATE = 930.0
# At 930/s the interval (~1 ms) is the event loop's timer resolution: one message per bucket
# would wake every caller late and reach ~330/s. A bucket of 10 keeps the average at the rate
# with at most 10 more in any one second (940 < 1,000).
PAID_BURST = 10


class Pacer:
    """Lets callers through one at a time, at most `rate` per second, never more than `burst`
    at once (1: never two together)."""

    def __init__(self, rate: float = BRIEF_RATE, burst: int = 1):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.interval = 1.0 / rate
        self._limiter = AsyncLimiter(burst, burst / rate)
        self._resume_at = 0.0  # loop time before which nobody goes (after a 429)
        self._foreground = 0  # foreground callers waiting
        self._foreground_done = asyncio.Event()
        self._foreground_done.set()
        self._background = asyncio.Lock()  # one background caller at the limiter at a time

    def hold(self, seconds: float) -> None:
        """Telegram asked to wait (429 retry_after): nobody goes for `seconds`."""
        loop = asyncio.get_running_loop()
        self._resume_at = max(self._resume_at, loop.time() + seconds)

    @property
    def held_for(self) -> float:
        """Seconds left of a hold (0 when none)."""
        return max(0.0, self._resume_at - asyncio.get_running_loop().time())

    async def wait(self, background: bool = False) -> None:
        """Take the next slot; `background` callers let foreground ones go first."""
        if background:
            async with self._background:
                await self._take(background=True)
            return
        self._foreground += 1
        self._foreground_done.clear()
        try:
            await self._take(background=False)
        finally:
            self._foreground -= 1
            if not self._foreground:
                self._foreground_done.set()

    async def _take(self, background: bool) -> None:
        while True:
            while (delay := self.held_for) > 0:
                await asyncio.sleep(delay)
            if background:
                await self._foreground_done.wait()
            await self._limiter.acquire()
            if self.held_for <= 0:  # a hold set while waiting for the slot: wait it out
                return

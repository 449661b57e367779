"""Per-user flood protection: a sliding-window counter, kept apart so it is tested on its own.

Telegram itself limits what the bot sends, not what users send; without this, one user pasting
questions in a loop would take the bot's whole sending budget from everyone else.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable, Hashable


class Verdict(enum.Enum):
    ALLOW = "allow"  # under the limit: go ahead
    WARN = "warn"  # over the limit: tell the user to slow down (once per window)
    DROP = "drop"  # over the limit and already told: stay silent, don't flood back


class SlidingWindow:
    """At most `limit` events per `window` seconds for each key.

    Refused events are not counted, so a user who stops for a moment gets through again as
    soon as old events leave the window. The slow-down warning is given once per window so the
    bot never answers a flood with a flood.
    """

    def __init__(
        self, limit: int = 20, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[Hashable, deque[float]] = {}
        self._warned: dict[Hashable, float] = {}
        self._hits = 0

    def hit(self, key: Hashable) -> Verdict:
        now = self._clock()
        events = self._events.setdefault(key, deque())
        self._expire(events, now)
        self._hits += 1
        if self._hits % 1024 == 0:
            self._sweep(now)
        if len(events) < self.limit:
            events.append(now)
            return Verdict.ALLOW
        warned = self._warned.get(key)
        if warned is not None and now - warned < self.window:
            return Verdict.DROP
        self._warned[key] = now
        return Verdict.WARN

    def forget(self, key: Hashable) -> None:
        self._events.pop(key, None)
        self._warned.pop(key, None)

    def _expire(self, events: deque[float], now: float) -> None:
        while events and now - events[0] >= self.window:
            events.popleft()

    def _sweep(self, now: float) -> None:
        """Drop idle keys so memory stays proportional to the users active in one window."""
        for key in list(self._events):
            self._expire(self._events[key], now)
            if not self._events[key]:
                del self._events[key]
        for key, warned in list(self._warned.items()):
            if now - warned >= self.window:
                del self._warned[key]

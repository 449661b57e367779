"""The Application's rate limiter: every message through one burst-free `Pacer`.

It replaces PTB's AIORateLimiter, whose overall bucket lets 30 requests through at once after
an idle moment (then 30/s: up to ~60 in one second) and releases every request it held after a
429 at the same instant; both provoke the flood 429s they are meant to avoid. Here:

- requests for a chat (they carry a `chat_id`, as in AIORateLimiter) take a slot of the shared
  pacer, so answers and briefs together stay under Telegram's ~30/s in every one-second window;
  groups also keep Telegram's 20 messages per minute (a per-group bucket, like AIORateLimiter);
- a 429 holds the pacer for `retry_after` (nobody sends meanwhile) and the request is retried
  up to `max_retries` times, taking a new slot each time: after the wait, one per interval;
- brief fan-outs take their slot themselves (as background traffic, see `bot.briefing.pacing`)
  right before marking the delivery 'sending', and pass `PRE_PACED`: not paced twice, and
  never retried here (the scheduler decides what a refused brief becomes).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.briefing.pacing import Pacer

GROUP_RATE = 20  # messages per minute in one group (Telegram's limit)
GROUPS_KEPT = 512  # group buckets kept; idle ones are dropped beyond this

JSONDict = dict[str, Any]


class Traffic(enum.Enum):
    """`rate_limit_args` of a request."""

    PRE_PACED = "pre-paced"  # the caller took its slot: send at once, 429 raised as it is


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds: a `timedelta` with PTB_TIMEDELTA (set in `bot.telegram`), the
    deprecated int where someone set PTB_TIMEDELTA=false."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class PacedRateLimiter(BaseRateLimiter[Traffic]):
    def __init__(self, pacer: Pacer, max_retries: int = 3):
        self.pacer = pacer
        self.max_retries = max_retries
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _group(self, chat_id: object) -> AbstractAsyncContextManager[Any]:
        is_group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        if not is_group:
            return nullcontext()
        key: int | str = chat_id  # type: ignore[assignment]
        if key not in self._groups and len(self._groups) >= GROUPS_KEPT:
            for other, bucket in list(self._groups.items()):
                if bucket.has_capacity(bucket.max_rate):  # idle for a minute
                    del self._groups[other]
        return self._groups.setdefault(key, AsyncLimiter(GROUP_RATE, 60))

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Traffic | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if rate_limit_args is Traffic.PRE_PACED:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.pacer.hold(retry_seconds(exc))
                raise
        for attempt in range(self.max_retries + 1):
            try:
                async with self._group(chat_id):
                    if chat_id is not None:
                        await self.pacer.wait()
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.pacer.hold(retry_seconds(exc))
                if attempt == self.max_retries:
                    raise
        raise AssertionError("unreachable")  # the loop returns or raises

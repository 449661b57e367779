"""Sends a brief through the bot and maps Telegram's errors to the core's delivery exceptions.

The scheduler takes the first message's slot of the shared pacer before calling `send` (and
marks the delivery 'sending' in between); the extra parts of a split brief take theirs here,
so every message of a fan-out counts against the rate. Requests go out `PRE_PACED`: the
Application's rate limiter neither paces them again nor retries them behind the scheduler's
back. With `paid` (BRIEF_PAID_BROADCAST), briefs are sent with `allow_paid_broadcast`: up to
1,000 messages/s, each one over the free 30/s costing 0.1 Telegram Star.
"""

from __future__ import annotations

import asyncio
import warnings

from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

from bot.briefing.compose import Brief
from bot.briefing.outcomes import Blocked, MaybeSent, Moved, RetryLater, TransientError
from bot.briefing.pacing import Pacer
from bot.telegram.briefing.html import render_brief
from bot.telegram.http import NOT_SENT
from bot.telegram.ratelimit import Traffic, retry_seconds
from bot.telegram.sending import NO_PREVIEW

PART_GAP = 1.0  # seconds between the parts of a split brief: Telegram's 1 message/s per chat
PART_RETRIES = 2  # a later part refused with RetryAfter is retried in place (the first went)
# Briefs go through the raw `do_api_request` on purpose (see `_send_part`): PTB's hint to call
# `send_message` instead is not for this call.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


class TelegramSender:
    """Sends a brief through the bot and translates Telegram errors for the core."""

    def __init__(self, bot: ExtBot[Traffic], pacer: Pacer, paid: bool = False):
        self.bot = bot
        self.pacer = pacer
        self.paid = paid
        # The scheduler hands the same Brief object to every subscriber with the same
        # language and news, so render it once (keyed by identity, the brief kept alive).
        self._rendered: dict[int, tuple[Brief, list[str]]] = {}

    def _parts(self, brief: Brief) -> list[str]:
        cached = self._rendered.get(id(brief))
        if cached is None or cached[0] is not brief:
            if len(self._rendered) >= 64:
                self._rendered.clear()
            cached = self._rendered[id(brief)] = (brief, render_brief(brief))
        return cached[1]

    async def send(self, chat_id: int, brief: Brief) -> None:
        parts = self._parts(brief)
        for index, part in enumerate(parts):
            if index:
                await asyncio.sleep(PART_GAP)
                await self.pacer.wait(background=True)
            await self._send_part(chat_id, part, first=index == 0)

    async def _send_part(self, chat_id: int, part: str, first: bool) -> None:
        for attempt in range(PART_RETRIES + 1):
            if attempt:
                await self.pacer.wait(background=True)
            try:
                # The raw API call: the answer is not parsed into a `Message` nobody reads
                # (python-telegram-bot's de_json was the costliest step of a paid broadcast).
                await self.bot.do_api_request(
                    "sendMessage",
                    api_kwargs={
                        "chat_id": chat_id,
                        "text": part,
                        "parse_mode": ParseMode.HTML,
                        "link_preview_options": NO_PREVIEW,
                        "allow_paid_broadcast": self.paid or None,
                    },
                    rate_limit_args=Traffic.PRE_PACED,
                )
                return
            except Forbidden as exc:
                raise Blocked(str(exc)) from exc
            except ChatMigrated as exc:  # nothing delivered; the scheduler follows the group
                if first:
                    raise Moved(exc.new_chat_id) from exc
                raise MaybeSent(f"only part of the brief was sent: {exc}") from exc
            except RetryAfter as exc:
                if first:
                    raise RetryLater(retry_seconds(exc)) from exc
                if attempt == PART_RETRIES:
                    raise MaybeSent(f"only part of the brief was sent: {exc}") from exc
                await asyncio.sleep(retry_seconds(exc))
            except BadRequest as exc:
                if "chat not found" in str(exc).lower():
                    raise Blocked(str(exc)) from exc
                raise
            except NetworkError as exc:
                if not first:
                    raise MaybeSent(f"only part of the brief was sent: {exc}") from exc
                # No cause: Telegram answered with a server error (5xx), the message was not
                # taken. A read timeout or a dropped answer may hide a delivered message.
                if exc.__cause__ is None or isinstance(exc.__cause__, NOT_SENT):
                    raise TransientError(str(exc)) from exc
                raise MaybeSent(str(exc)) from exc

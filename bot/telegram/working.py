"""Long admin work shown while it runs, so a silent chat is not mistaken for a dead bot.

A /reload or an upload with many new facts rebuilds the index: about 40-70 ms per new fact,
minutes for thousands. Meanwhile the chat shows Telegram's "typing…" (kept alive), and once
the work has lasted NOTICE_AFTER seconds, a notice with the build's progress (the progress file
every build keeps beside the index, as `briefbot doctor` reads it), edited as it moves on and
deleted when the answer comes. Quick work gets its answer alone, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.admin.doctor import describe_build
from bot.knowledge.build_progress import read_status
from bot.messages import t

T = TypeVar("T")

ACTION_EVERY = 4.0  # seconds: Telegram shows a chat action for 5 s, so it is sent again sooner
NOTICE_AFTER = 5.0  # seconds of work before the notice: quicker work gets no notice
UPDATE_EVERY = 15.0  # seconds between two edits of the notice (a build's progress moves slowly)


def notice_text(language: str, index: Path) -> str:
    """The notice: the index build's progress when one is under way, else a plain "working"."""
    status = read_status(index)
    if status is None:
        return t(language, "admin.working")
    return t(language, "admin.working_build", progress=describe_build(language, status))


async def while_working(message: Message, language: str, index: Path, work: Awaitable[T]) -> T:
    """`work`'s result, with "typing…" and, if it takes long, a progress notice meanwhile.

    The notice is best effort: a Telegram error about it never fails the work, and the work is
    never cancelled here (a reload runs in a thread and finishes anyway)."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    started = edited = loop.time()
    notice: Message | None = None
    shown = ""
    try:
        while True:
            with contextlib.suppress(TelegramError):
                await message.chat.send_action(ChatAction.TYPING)
            done, _ = await asyncio.wait({task}, timeout=ACTION_EVERY)
            if done:
                return task.result()
            now = loop.time()
            if now - started < NOTICE_AFTER:
                continue
            text = notice_text(language, index)
            with contextlib.suppress(TelegramError):
                if notice is None:
                    notice, shown, edited = await message.reply_text(text), text, now
                elif text != shown and now - edited >= UPDATE_EVERY:
                    await notice.edit_text(text)
                    shown, edited = text, now
    finally:
        if notice is not None:
            with contextlib.suppress(TelegramError):
                await notice.delete()

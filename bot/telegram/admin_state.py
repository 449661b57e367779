"""What the Telegram admin features keep for the life of the application, and how they reach
every admin: shared by the commands (`admin.py`) and the live updates (`admin_live.py`)."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.admin.held import Held
from bot.admin.reloader import Reloader
from bot.knowledge.loader import Problem
from bot.messages import t
from bot.runtime import Runtime
from bot.store import users
from bot.telegram.context import BotApp, Context
from bot.telegram.rendering import Html, esc, join_blocks
from bot.telegram.sending import send_html

log = logging.getLogger(__name__)

HELD_CALLBACK = "kheld"  # button data: "kheld:apply:TOKEN" or "kheld:keep:TOKEN"
MAX_PENDING = 20  # confirmations kept at once; the oldest is forgotten first


@dataclass(frozen=True)
class Pending:
    """A change held for an admin's confirmation: a disk edit (by version) or an upload."""

    kind: Literal["edit", "upload"]
    held: Held
    name: str = ""
    content: bytes = b""


@dataclass
class AdminState:
    runtime: Runtime
    reloader: Reloader
    admins: frozenset[int]
    watcher: asyncio.Task[None] | None = None
    startup_reload: asyncio.Task[None] | None = None  # runs beside the first updates
    stop_watching: asyncio.Event = field(default_factory=asyncio.Event)
    last_failure: tuple[Problem, ...] = ()  # not re-sent while the same errors remain
    last_held: str = ""  # the held version admins were last asked about
    pending: dict[str, Pending] = field(default_factory=dict)

    def hold(self, pending: Pending) -> str:
        """Keep `pending` under a new token (the button's data) and return the token."""
        while len(self.pending) >= MAX_PENDING:
            self.pending.pop(next(iter(self.pending)))
        token = secrets.token_urlsafe(9)
        self.pending[token] = pending
        return token


def admin_state(holder: Context | BotApp) -> AdminState:
    state = holder.bot_data.admin
    if state is None:
        raise RuntimeError("the admin feature is not registered")
    return state


def admin_language(runtime: Runtime, admin_id: int) -> str:
    """The language an admin reads, for messages that do not answer one of theirs."""
    stored = users.get(runtime.state, admin_id)
    preferred = stored and (stored.language or stored.last_language)
    return preferred or runtime.settings.DEFAULT_LANGUAGE


def as_html(text: str) -> list[str]:
    """A plain-text report as escaped Telegram HTML, split to fit in messages."""
    return join_blocks([Html(esc(text))])


def held_keyboard(language: str, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(language, "admin.held_apply"), callback_data=f"{HELD_CALLBACK}:apply:{token}"
                ),
                InlineKeyboardButton(
                    t(language, "admin.held_keep"), callback_data=f"{HELD_CALLBACK}:keep:{token}"
                ),
            ]
        ]
    )


def held_text(language: str, pending: Pending, current: str) -> str:
    held = pending.held
    if pending.kind == "upload":
        return t(
            language, "admin.held_upload", name=pending.name, after=held.after, before=held.before
        )
    return t(
        language,
        "admin.held_edit",
        version=held.version,
        after=held.after,
        before=held.before,
        current=current,
    )


async def notify_admins(
    holder: Context | BotApp,
    text_for: Callable[[str], str],
    keyboard_for: Callable[[str], InlineKeyboardMarkup | None] | None = None,
) -> None:
    """Send every admin a message in their language; an admin who never opened a chat with
    the bot (or blocked it) is skipped."""
    state = admin_state(holder)
    for admin_id in sorted(state.admins):
        language = admin_language(state.runtime, admin_id)
        keyboard = keyboard_for(language) if keyboard_for is not None else None
        try:
            await send_html(holder.bot, admin_id, as_html(text_for(language)), keyboard)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)

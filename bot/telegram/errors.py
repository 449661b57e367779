"""The global error handler: log the failure (never the token), tell the user, carry on.

Polling network errors arrive here with no update; they are retried by python-telegram-bot,
so they are logged in one line without a traceback. A chat that blocked the bot is not an
error worth a traceback either.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.store.database import StateUnavailable, classify
from bot.telegram.context import Context, ui_language
from bot.telegram.rendering import html_t
from bot.telegram.sending import send_html

log = logging.getLogger(__name__)


def describe(update: object) -> str:
    """Which update failed, without its text (user content stays out of the logs)."""
    if not isinstance(update, Update):
        return repr(type(update).__name__)
    chat = update.effective_chat
    kind = next(
        (
            name
            for name in (
                "message",
                "edited_message",
                "callback_query",
                "inline_query",
                "my_chat_member",
            )
            if getattr(update, name) is not None
        ),
        "update",
    )
    return f"{kind} {update.update_id} in chat {chat.id if chat else '?'}"


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if update is None and isinstance(error, NetworkError):
        log.warning("Telegram unreachable, retrying: %s", error)
        return
    if isinstance(error, Forbidden):
        log.info("cannot write to the chat of %s: %s", describe(update), error)
        return
    reason = error.reason if isinstance(error, StateUnavailable) else classify(error or Exception())
    if reason is not None:  # the disk or a lock, not a bug: one line, and a clear reply
        log.error(
            "state database unavailable (%s) while handling %s: %s", reason, describe(update), error
        )
        key = "tg.state_unavailable"
    else:
        log.error("error while handling %s", describe(update), exc_info=error)
        key = "tg.error"
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        language = ui_language(context, update)
    except Exception:  # the state database may be what failed
        language = context.runtime.settings.DEFAULT_LANGUAGE
    try:
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):  # it may have been answered already
                await update.callback_query.answer()
        await send_html(context.bot, update.effective_chat.id, [html_t(language, key)])
    except TelegramError as exc:
        log.warning("could not tell chat %s about the error: %s", update.effective_chat.id, exc)

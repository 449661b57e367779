"""Decorators for the preamble every handler shares: the update must carry what it handles.

`@with_message` handlers receive the message and its chat; `@with_query` handlers the button
press and its chat. Updates without them (a channel post, an inline query) are ignored, so the
handler bodies work on non-optional values.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Chat, Message, Update

from bot.telegram.context import Context

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
MessageHandlerBody = Callable[[Update, Context, Message, Chat], Awaitable[None]]
QueryHandlerBody = Callable[[Update, Context, CallbackQuery, Chat], Awaitable[None]]


def with_message(body: MessageHandlerBody) -> Handler:
    """Run `body(update, context, message, chat)` for updates with both; ignore the others."""

    @functools.wraps(body)
    async def handler(update: Update, context: Context) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is not None and chat is not None:
            await body(update, context, message, chat)

    return handler


def with_query(body: QueryHandlerBody) -> Handler:
    """Run `body(update, context, query, chat)` for button presses in a chat."""

    @functools.wraps(body)
    async def handler(update: Update, context: Context) -> None:
        query, chat = update.callback_query, update.effective_chat
        if query is not None and chat is not None:
            await body(update, context, query, chat)

    return handler

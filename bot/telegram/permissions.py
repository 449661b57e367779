"""Who may change a chat's brief and settings: anyone in a private chat, only the group's
administrators in a group (asked with getChatMember, remembered for `ADMIN_CHECK_SECONDS`).

Commands use `@managers_only` after `@with_message`; buttons call `may_manage` again, so a
forged or forwarded button is refused exactly as its command would be.
"""

from __future__ import annotations

import functools
import logging

from telegram import CallbackQuery, Chat, ChatMember, Message, Update
from telegram.error import TelegramError

from bot.messages import t
from bot.telegram.context import Context, is_private, ui_language
from bot.telegram.guards import MessageHandlerBody, QueryHandlerBody
from bot.telegram.keyboards import CALLBACK_ANSWER_LIMIT
from bot.telegram.rendering import html_t
from bot.telegram.sending import reply_html

log = logging.getLogger(__name__)

MANAGER_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})


async def may_manage(update: Update, context: Context, chat: Chat) -> bool:
    """True when the sender may change this chat's brief and settings."""
    if is_private(chat):
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        # An anonymous administrator writes as the group itself; a linked channel does not.
        return message.sender_chat.id == chat.id
    user = update.effective_user
    if user is None:
        return False
    cache = context.chat_data.admins if context.chat_data is not None else None
    cached = cache.get(user.id) if cache is not None else None
    if cached is not None:
        return cached
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:  # not a member any more, or Telegram unreachable: refuse
        log.info("cannot check the rights of %s in chat %s: %s", user.id, chat.id, exc)
        return False
    allowed = member.status in MANAGER_STATUSES
    if cache is not None:
        cache[user.id] = allowed
    return allowed


def managers_only(body: MessageHandlerBody) -> MessageHandlerBody:
    """A command that changes the chat: in groups, refused to members who are not admins."""

    @functools.wraps(body)
    async def handler(update: Update, context: Context, message: Message, chat: Chat) -> None:
        if await may_manage(update, context, chat):
            await body(update, context, message, chat)
            return
        await reply_html(message, [html_t(ui_language(context, update), "tg.group.admins_only")])

    return handler


def managers_only_buttons(body: QueryHandlerBody) -> QueryHandlerBody:
    """A button that changes the chat: the same check as its command, refused with a toast."""

    @functools.wraps(body)
    async def handler(update: Update, context: Context, query: CallbackQuery, chat: Chat) -> None:
        if await may_manage(update, context, chat):
            await body(update, context, query, chat)
            return
        text = t(ui_language(context, update), "tg.group.admins_only")
        await query.answer(text[:CALLBACK_ANSWER_LIMIT], show_alert=True)

    return handler

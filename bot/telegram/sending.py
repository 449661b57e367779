"""Sending HTML messages: parts in order, buttons under the last one, no link previews.

Shared with the briefing and admin modules so every message the bot sends looks the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode

from bot.telegram.context import is_private

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send_html(
    bot: Bot,
    chat_id: int,
    parts: Sequence[str],
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> list[Message]:
    """Send `parts` (from `rendering.split_html`) as consecutive messages.

    `reply_to` quotes the user's message on the first part (used in groups, where several
    conversations interleave); a deleted original does not make the send fail.
    """
    sent: list[Message] = []
    for index, part in enumerate(parts):
        reply = (
            ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
            if reply_to is not None and index == 0
            else None
        )
        sent.append(
            await bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=reply_markup if index == len(parts) - 1 else None,
                reply_parameters=reply,
                message_thread_id=thread_id,
            )
        )
    return sent


async def reply_html(
    message: Message, parts: Sequence[str], reply_markup: InlineKeyboardMarkup | None = None
) -> list[Message]:
    """Answer `message` in its chat: quoted in groups, plain in private chats."""
    return await send_html(
        message.get_bot(),
        message.chat_id,
        parts,
        reply_markup,
        reply_to=None if is_private(message.chat) else message.message_id,
        thread_id=message.message_thread_id if message.is_topic_message else None,
    )

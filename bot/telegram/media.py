"""Messages the bot cannot answer: stickers, photos, voice, documents, edited messages.

Private chats get one polite sentence; groups are left alone (the bot was not addressed).
Documents from admins are not ours: the admin module uploads knowledge files from them, so
they are let through untouched. Edited messages are not answered again (a second answer to
the same question would be confusing); the user is told to send the correction as a new
message.
"""

from __future__ import annotations

from telegram import Chat, Message, Update

from bot.telegram.context import Context, is_private, ui_language
from bot.telegram.conversation import within_flood_limit
from bot.telegram.guards import with_message
from bot.telegram.rendering import html_t
from bot.telegram.sending import reply_html


def from_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.runtime.settings.ADMIN_IDS


@with_message
async def on_unsupported(update: Update, context: Context, message: Message, chat: Chat) -> None:
    if not is_private(chat):
        return
    if message.document is not None and from_admin(update, context):
        return
    language = ui_language(context, update)
    if await within_flood_limit(update, context, language):
        await reply_html(message, [html_t(language, "tg.not_text")])


@with_message
async def on_edited(update: Update, context: Context, message: Message, chat: Chat) -> None:
    if not is_private(chat):
        return
    language = ui_language(context, update)
    if await within_flood_limit(update, context, language):
        await reply_html(message, [html_t(language, "tg.edited")])

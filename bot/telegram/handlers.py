"""Which update goes to which handler, in two passes around the feature modules.

`register` adds the specific handlers (our commands, our button prefixes); the features
(briefing, admin) add theirs next in group 0; `register_fallbacks` adds the catch-alls last.
Within a group python-telegram-bot runs the first matching handler only, so a feature's
/brief command, text conversation or document upload is always tried before our "any text is
a question" and "unknown command" handlers.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.messages import t
from bot.telegram import commands, conversation, inline, media, migration, preferences
from bot.telegram.context import BotApp, Context, touch_user, ui_language

TOUCH_GROUP = -1  # runs before everything, for every update

NEW_MESSAGE = filters.UpdateType.MESSAGE


def register(application: BotApp) -> None:
    application.add_handler(TypeHandler(Update, touch_user), group=TOUCH_GROUP)
    for name, callback in (
        ("start", commands.on_start),
        ("help", commands.on_help),
        ("ask", conversation.on_ask),
        ("settings", preferences.on_settings),
        ("sources", commands.on_sources),
        ("forget", commands.on_forget),
    ):
        application.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migration.on_migrate))
    application.add_handler(InlineQueryHandler(inline.on_inline_query))
    application.add_handler(CallbackQueryHandler(conversation.on_sources_button, r"^src:"))
    application.add_handler(CallbackQueryHandler(conversation.on_more_button, r"^more:"))
    application.add_handler(CallbackQueryHandler(preferences.on_language_button, r"^set:lang:"))
    application.add_handler(CallbackQueryHandler(commands.on_forget_button, r"^forget:"))


def register_fallbacks(application: BotApp) -> None:
    text = NEW_MESSAGE & filters.TEXT & ~filters.COMMAND
    application.add_handler(
        MessageHandler(text & filters.ChatType.PRIVATE, conversation.on_private_text)
    )
    application.add_handler(
        MessageHandler(text & filters.ChatType.GROUPS, conversation.on_group_text)
    )
    application.add_handler(
        MessageHandler(NEW_MESSAGE & filters.COMMAND, commands.on_unknown_command)
    )
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, media.on_edited))
    application.add_handler(
        MessageHandler(
            NEW_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, media.on_unsupported
        )
    )
    application.add_handler(CallbackQueryHandler(on_unhandled_button))


async def on_unhandled_button(update: Update, context: Context) -> None:
    """Every button press gets an answer, even one from an older version of the bot."""
    query = update.callback_query
    if query is not None:
        await query.answer(t(ui_language(context, update), "tg.unavailable"))

"""The informational commands: /start, /help, /sources, /forget, and unknown commands."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot.answer import compose
from bot.store import users
from bot.telegram import details
from bot.telegram.context import is_private, runtime_of, ui_language
from bot.telegram.conversation import FLOOD_KEY
from bot.telegram.flood import SlidingWindow
from bot.telegram.keyboards import forget_keyboard, start_keyboard
from bot.telegram.rendering import Html, esc, html_t, join_blocks
from bot.telegram.sending import reply_html


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome: who the bot is, what it knows (topics and an example), buttons for the brief."""
    message = update.effective_message
    if message is None:
        return
    language = ui_language(context, update)
    user = update.effective_user
    name = f" {user.first_name}" if user and user.first_name else ""
    store = runtime_of(context).store
    blocks = [
        html_t(language, "tg.welcome", name=name),
        Html(esc(compose.hint(store, language))),
    ]
    await reply_html(message, join_blocks(blocks), start_keyboard(language))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None:
        await reply_html(message, [html_t(ui_language(context, update), "tg.help")])


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the documents the bot answers from, and who the facts are attributed to."""
    message = update.effective_message
    if message is None:
        return
    language = ui_language(context, update)
    store = runtime_of(context).store
    await reply_html(message, join_blocks(details.all_sources(store, language)))


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget asks for confirmation first; only in private chats (a group is not one person)."""
    message = update.effective_message
    if message is None:
        return
    language = ui_language(context, update)
    if not is_private(update.effective_chat):
        await reply_html(message, [html_t(language, "tg.forget.private")])
        return
    await reply_html(message, [html_t(language, "tg.forget.confirm")], forget_keyboard(language))


async def on_forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """forget:yes deletes everything stored about the chat; forget:no leaves it alone."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    language = ui_language(context, update)  # read before the preference is deleted
    if query.data == "forget:yes":
        runtime = runtime_of(context)
        users.forget(runtime.state, chat.id)
        if context.chat_data is not None:
            context.chat_data.clear()
        flood: SlidingWindow = context.bot_data[FLOOD_KEY]
        if update.effective_user:
            flood.forget(update.effective_user.id)
        text = html_t(language, "tg.forget.done")
    else:
        text = html_t(language, "tg.forget.cancelled")
    await query.answer()
    await query.edit_message_text(text, parse_mode="HTML", reply_markup=None)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A short pointer to /help; in groups only for commands addressed to this bot by name."""
    message = update.effective_message
    if message is None:
        return
    if not is_private(update.effective_chat) and not _names_this_bot(message, context.bot.username):
        return
    await reply_html(message, [html_t(ui_language(context, update), "tg.unknown_command")])


def _names_this_bot(message: Message, username: str | None) -> bool:
    commands = message.parse_entities([MessageEntity.BOT_COMMAND]).values()
    first = next(iter(commands), "")
    _, _, target = first.partition("@")
    return bool(username) and target.lower() == (username or "").lower()

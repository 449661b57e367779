"""The informational commands: /start, /help, /sources, /forget, and unknown commands."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, MessageEntity, Update

from bot.answer import compose
from bot.messages import t
from bot.telegram import details
from bot.telegram.admin import COMMANDS
from bot.telegram.context import Context, is_private, ui_language
from bot.telegram.guards import with_message, with_query
from bot.telegram.keyboards import forget_keyboard, start_keyboard
from bot.telegram.permissions import managers_only_buttons, may_manage
from bot.telegram.rendering import Html, esc, html_t, join_blocks
from bot.telegram.sending import reply_html


@with_message
async def on_start(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """Welcome: who the bot is, what it knows (topics and an example), buttons for the brief."""
    language = ui_language(context, update)
    user = update.effective_user
    name = f" {user.first_name}" if user and user.first_name else ""
    store = context.runtime.store
    blocks = [
        html_t(language, "tg.welcome", name=name),
        Html(esc(compose.hint(store, language))),
    ]
    await reply_html(message, join_blocks(blocks), start_keyboard(language))


@with_message
async def on_help(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """What anyone can do; an admin, in a private chat, also reads the admin commands (the
    menu lists them, and a /help that hid them would send an admin to the README)."""
    language = ui_language(context, update)
    example = compose.example_for_help(context.runtime.store, language)
    blocks = [html_t(language, "tg.help", bot=context.bot.username, example=example)]
    user = update.effective_user
    if is_private(chat) and user and user.id in context.runtime.settings.ADMIN_IDS:
        lines = "\n".join(f"/{name} — {t(language, f'admin.cmd.{name}')}" for name in COMMANDS)
        blocks.append(html_t(language, "tg.help_admin", commands=lines))
    await reply_html(message, join_blocks(blocks))


@with_message
async def on_sources(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/sources: the documents the bot answers from, and who the facts are attributed to."""
    language = ui_language(context, update)
    store = context.runtime.store
    await reply_html(message, join_blocks(details.all_sources(store, language)))


@with_message
async def on_forget(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/forget asks for confirmation first. In a group it forgets the group, and only its
    administrators may ask (a member's own data is forgotten from a private chat)."""
    language = ui_language(context, update)
    if is_private(chat):
        text = html_t(language, "tg.forget.confirm")
    elif await may_manage(update, context, chat):
        text = html_t(language, "tg.forget.confirm_group")
    else:
        await reply_html(message, [html_t(language, "tg.forget.group_admins")])
        return
    await reply_html(message, [text], forget_keyboard(language))


@with_query
@managers_only_buttons
async def on_forget_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """forget:yes deletes everything stored about the chat; forget:no leaves it alone. In a
    group the sender's rights are checked again: a forged button is refused like /forget."""
    language = ui_language(context, update)  # read before the preference is deleted
    if query.data == "forget:yes":
        context.runtime.forget(chat.id)
        if context.chat_data is not None:
            context.chat_data.clear()
        if is_private(chat) and update.effective_user:
            context.bot_data.flood.forget(update.effective_user.id)
        text = html_t(language, "tg.forget.done" if is_private(chat) else "tg.forget.done_group")
    else:
        text = html_t(language, "tg.forget.cancelled")
    await query.answer()
    await query.edit_message_text(text, parse_mode="HTML", reply_markup=None)


@with_message
async def on_unknown_command(
    update: Update, context: Context, message: Message, chat: Chat
) -> None:
    """A short pointer to /help; in groups only for commands addressed to this bot by name."""
    if not is_private(chat) and not _names_this_bot(message, context.bot.username):
        return
    await reply_html(message, [html_t(ui_language(context, update), "tg.unknown_command")])


def _names_this_bot(message: Message, username: str | None) -> bool:
    commands = message.parse_entities([MessageEntity.BOT_COMMAND]).values()
    first = next(iter(commands), "")
    _, _, target = first.partition("@")
    return bool(username) and target.lower() == (username or "").lower()

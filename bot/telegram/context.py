"""What every handler needs from an update: the runtime, the chat's stored state, its language.

The language of the bot's own texts (menus, help, errors) is, in order: the preference chosen
in /settings, the language of the chat's last question, the Telegram app's language, and the
default. Answers themselves follow the language of each question (the engine detects it).
"""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import ContextTypes

from bot.messages import LANGUAGES
from bot.runtime import Runtime
from bot.store import users

RUNTIME_KEY = "runtime"


def runtime_of(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    runtime: Runtime = context.bot_data[RUNTIME_KEY]
    return runtime


def telegram_language(code: str | None) -> str | None:
    """ "fr-CA" -> "fr", "en" -> "en"; other languages have no catalogue: None."""
    if not code:
        return None
    base = code.split("-", 1)[0].lower()
    return base if base in LANGUAGES else None


def chat_language(runtime: Runtime, chat_id: int) -> str | None:
    """The chat's chosen language, else that of its last question; None when neither is known."""
    stored = users.get(runtime.state, chat_id)
    return (stored.language or stored.last_language) if stored else None


def ui_language(context: ContextTypes.DEFAULT_TYPE, update: object) -> str:
    """The language for the bot's own texts in this update's chat."""
    runtime = runtime_of(context)
    if isinstance(update, Update):
        chat = update.effective_chat
        user = update.effective_user
        language = (chat_language(runtime, chat.id) if chat else None) or telegram_language(
            user.language_code if user else None
        )
        if language:
            return language
    return runtime.settings.DEFAULT_LANGUAGE


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == Chat.PRIVATE


async def touch_user(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for every update: records the chat as seen (first/last seen, language hint)."""
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type not in (Chat.PRIVATE, Chat.GROUP, Chat.SUPERGROUP):
        return
    user = update.effective_user
    hint = telegram_language(user.language_code if user else None)
    users.touch(runtime_of(context).state, chat.id, hint)

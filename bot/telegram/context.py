"""Typed Telegram state (PTB's `ContextTypes`) and what every handler needs from an update:
the runtime, the chat's stored state, its language.

`BotData` and `ChatData` replace string keys in `bot_data`/`chat_data`: each feature's state is
an attribute with a type, set once at start-up (see `app.build_application`).

The language of the bot's own texts (menus, help, errors) is, in order: the preference chosen
in /settings, the language of the chat's last question, the Telegram app's language, and the
default. Answers themselves follow the language of each question (the engine detects it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from cachetools import TTLCache
from telegram import Chat, InlineKeyboardButton, InlineQueryResultArticle, Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.answer.followup import Conversation
from bot.messages import LANGUAGES
from bot.runtime import Runtime
from bot.store import users
from bot.telegram.flood import SlidingWindow
from bot.telegram.ratelimit import Traffic

if TYPE_CHECKING:
    from bot.briefing.scheduler import BriefScheduler
    from bot.telegram.admin_state import AdminState
    from bot.telegram.conversation import AnswerRef

FLOOD_LIMIT = 20  # questions per user...
FLOOD_WINDOW = 60.0  # ...per this many seconds
ADMIN_CHECK_SECONDS = 60.0  # a group promotion or demotion counts at most this late
INLINE_LIMIT = 30  # inline queries per user...
INLINE_WINDOW = 60.0  # ...per this many seconds (clients send one per pause in typing)
INLINE_CACHE_SECONDS = 60  # how long one question's inline cards are reused
INLINE_CACHE_SIZE = 512  # questions whose cards are kept at once


class ChatData:
    """What the bot keeps about one chat while it runs (lost on restart, by design)."""

    def __init__(self) -> None:
        self.answers: dict[str, AnswerRef] = {}  # the buttons under recent answers
        self.conversation = Conversation()  # what follow-ups ("who says that?") refer to
        # user id -> may manage the group (getChatMember's answer, remembered briefly)
        self.admins: TTLCache[int, bool] = TTLCache(maxsize=256, ttl=ADMIN_CHECK_SECONDS)

    def clear(self) -> None:
        """/forget: nothing of the chat stays in memory either."""
        self.answers.clear()
        self.admins.clear()
        self.conversation.clear()


class BotData:
    """What the bot keeps for the life of the application, one attribute per feature."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None
        self.flood = SlidingWindow(FLOOD_LIMIT, FLOOD_WINDOW)
        self.scheduler: BriefScheduler | None = None  # set by the briefing feature
        self.admin: AdminState | None = None  # set by the admin feature
        self.settings_sections: list[SettingsSection] = []  # lines added to /settings
        self.inline_flood = SlidingWindow(INLINE_LIMIT, INLINE_WINDOW)
        # (knowledge version, question, language hint) -> cards; a reload changes the version
        self.inline_cache: TTLCache[tuple[str, str, str | None], list[InlineQueryResultArticle]]
        self.inline_cache = TTLCache(maxsize=INLINE_CACHE_SIZE, ttl=INLINE_CACHE_SECONDS)

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            raise RuntimeError("the application was not built by build_application")
        return self._runtime

    @runtime.setter
    def runtime(self, runtime: Runtime) -> None:
        self._runtime = runtime


class Context(CallbackContext[ExtBot[None], dict[Any, Any], ChatData, BotData]):
    """The `context` of every handler, with the runtime one attribute away."""

    @property
    def runtime(self) -> Runtime:
        return self.bot_data.runtime


CONTEXT_TYPES = ContextTypes(context=Context, chat_data=ChatData, bot_data=BotData)
# ExtBot[Traffic]: the bot of an application with PacedRateLimiter (bot.telegram.ratelimit).
BotApp: TypeAlias = Application[
    ExtBot[Traffic], Context, dict[Any, Any], ChatData, BotData, JobQueue[Any]
]

# A /settings section gets (context, chat_id, language) and returns HTML lines (escaped by the
# section) and keyboard rows whose callback data its own handlers serve.
SettingsSection: TypeAlias = Callable[
    [Context, int, str],
    tuple[Sequence[str], Sequence[Sequence[InlineKeyboardButton]]],
]


def telegram_language(code: str | None) -> str | None:
    """ "fr-CA" -> "fr", "en" -> "en"; other languages have no catalogue: None."""
    if not code:
        return None
    base = code.split("-", 1)[0].lower()
    return base if base in LANGUAGES else None


def chat_language(runtime: Runtime, chat_id: int) -> str | None:
    """The chat's chosen language, else that of its last question; None when neither is known."""
    stored = users.get(runtime.state, chat_id)
    if stored is not None and stored.language:
        return stored.language
    return runtime.recent_language(chat_id) or (stored.last_language if stored else None)


def ui_language(context: Context, update: object) -> str:
    """The language for the bot's own texts in this update's chat."""
    runtime = context.runtime
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


async def touch_user(update: object, context: Context) -> None:
    """Runs first for every update: records the chat as seen (first/last seen, language hint)."""
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if chat is None or chat.type not in (Chat.PRIVATE, Chat.GROUP, Chat.SUPERGROUP):
        return
    user = update.effective_user
    hint = telegram_language(user.language_code if user else None)
    context.runtime.seen(chat.id, hint)

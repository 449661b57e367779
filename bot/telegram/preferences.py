"""/settings: the chat's language (fr / en / automatic) through an inline keyboard edited in place.

Extension point: other modules add their own lines and button rows with
`add_settings_section(application, section)`; after handling one of their buttons they call
`refresh_settings(update, context)` to redraw the message with the new values.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.messages import t
from bot.store import users
from bot.telegram.context import BotApp, Context, SettingsSection, ui_language
from bot.telegram.guards import with_message, with_query
from bot.telegram.keyboards import LANGUAGE_CHOICES, settings_keyboard
from bot.telegram.permissions import managers_only_buttons
from bot.telegram.rendering import Html, bold, html_t
from bot.telegram.sending import reply_html

log = logging.getLogger(__name__)


def add_settings_section(application: BotApp, section: SettingsSection) -> None:
    """Register lines and buttons to show in /settings, below the language choice."""
    application.bot_data.settings_sections.append(section)


def settings_view(
    context: Context, chat_id: int, language: str
) -> tuple[Html, InlineKeyboardMarkup]:
    stored = users.get(context.runtime.state, chat_id)
    current = stored.language if stored else None
    label = t(language, f"tg.settings.lang.{current or 'auto'}")
    lines: list[str] = [
        bold(t(language, "tg.settings.title")),
        html_t(language, "tg.settings.language", choice=label),
    ]
    rows: list[Sequence[InlineKeyboardButton]] = []
    for section in context.bot_data.settings_sections:
        section_lines, section_rows = section(context, chat_id, language)
        lines.extend(section_lines)
        rows.extend(section_rows)
    lines.append(Html(f"\n<i>{html_t(language, 'tg.settings.note')}</i>"))
    return Html("\n".join(lines)), settings_keyboard(language, current, rows)


@with_message
async def on_settings(update: Update, context: Context, message: Message, chat: Chat) -> None:
    text, keyboard = settings_view(context, chat.id, ui_language(context, update))
    await reply_html(message, [text], keyboard)


@with_query
@managers_only_buttons
async def on_language_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """set:lang:fr|en|auto — store the preference, confirm, redraw the settings in place."""
    choice = (query.data or "").rsplit(":", 1)[-1]
    if choice not in LANGUAGE_CHOICES:
        await query.answer()
        return
    users.set_language(context.runtime.state, chat.id, None if choice == "auto" else choice)
    language = ui_language(context, update)
    label = t(language, f"tg.settings.lang.{choice}")
    await query.answer(t(language, "tg.settings.saved", choice=label))
    await refresh_settings(update, context)


async def refresh_settings(update: Update, context: Context) -> None:
    """Redraw the settings message a button was pressed on (no error if nothing changed)."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    text, keyboard = settings_view(context, chat.id, ui_language(context, update))
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
        log.debug("settings unchanged")

"""/brief, /subscribe, /unsubscribe, /pause, /resume, and the briefing lines of /settings.

The use cases are the core's (`Runtime.briefing`); this module turns them into messages.
"""

from __future__ import annotations

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.briefing.schedule import ScheduleError, UnknownZone
from bot.briefing.service import parse_subscribe_args
from bot.briefing.status import confirmation, status_text, when_text
from bot.store import subscriptions
from bot.store.database import utcnow
from bot.telegram.briefing.html import render_brief
from bot.telegram.briefing.keyboards import subscription_rows
from bot.telegram.context import Context, ui_language
from bot.telegram.guards import with_message
from bot.telegram.permissions import managers_only
from bot.telegram.rendering import Html, esc, html_t
from bot.telegram.sending import reply_html
from bot.textsize import shorten


@with_message
async def on_brief(update: Update, context: Context, message: Message, chat: Chat) -> None:
    brief = context.runtime.briefing.todays_brief(chat.id, ui_language(context, update))
    await reply_html(message, render_brief(brief))


@with_message
@managers_only
async def on_subscribe(update: Update, context: Context, message: Message, chat: Chat) -> None:
    language = ui_language(context, update)
    try:
        time_local, zone = parse_subscribe_args(context.args or [])
    except ScheduleError as exc:
        key = "brief.bad_zone" if isinstance(exc, UnknownZone) else "brief.bad_time"
        text = html_t(language, key, text=shorten(exc.text), examples=exc.examples)
        await reply_html(message, [Html(f"{text}\n{html_t(language, 'brief.usage')}")])
        return
    sub = context.runtime.briefing.subscribe(chat.id, language, time_local, zone)
    keyboard = InlineKeyboardMarkup(subscription_rows(language, sub))
    await reply_html(message, [Html(esc(confirmation(language, sub, utcnow())))], keyboard)


async def _simple(
    update: Update, context: Context, message: Message, chat: Chat, action: str
) -> None:
    """/unsubscribe, /pause, /resume: one store call and one line of confirmation."""
    language = ui_language(context, update)
    state = context.runtime.state
    sub = subscriptions.get(state, chat.id)
    if sub is None or not sub.active:
        await reply_html(message, [html_t(language, "brief.not_subscribed")])
        return
    if action == "unsubscribe":
        subscriptions.unsubscribe(state, chat.id)
        text = html_t(language, "brief.unsubscribed")
    elif action == "pause":
        subscriptions.pause(state, chat.id)
        text = html_t(language, "brief.paused")
    else:
        resumed = subscriptions.resume(state, chat.id)
        assert resumed is not None
        when = when_text(language, resumed.next_send_at, resumed.timezone, utcnow())
        text = html_t(language, "brief.resumed", next=when)
    await reply_html(message, [text])


@with_message
@managers_only
async def on_unsubscribe(update: Update, context: Context, message: Message, chat: Chat) -> None:
    await _simple(update, context, message, chat, "unsubscribe")


@with_message
@managers_only
async def on_pause(update: Update, context: Context, message: Message, chat: Chat) -> None:
    await _simple(update, context, message, chat, "pause")


@with_message
@managers_only
async def on_resume(update: Update, context: Context, message: Message, chat: Chat) -> None:
    await _simple(update, context, message, chat, "resume")


def settings_section(
    context: Context, chat_id: int, language: str
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    """The brief's status line and buttons in /settings."""
    sub = context.runtime.briefing.subscription(chat_id)
    line = html_t(language, "brief.settings", status=status_text(language, sub, utcnow()))
    return [line], subscription_rows(language, sub)

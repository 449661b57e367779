"""The briefing buttons: `brief:now` and `sub:start` (welcome message, refusals), and the
`sub:` buttons of /settings and subscription confirmations, which edit the settings in place."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Update

from bot.briefing.schedule import TIME_EXAMPLES, ZONE_EXAMPLES
from bot.briefing.status import confirmation
from bot.messages import t
from bot.store import subscriptions
from bot.store.database import utcnow
from bot.telegram.briefing.html import render_brief
from bot.telegram.briefing.keyboards import (
    parse_button,
    subscription_rows,
    time_picker,
    zone_picker,
)
from bot.telegram.context import Context, ui_language
from bot.telegram.guards import with_query
from bot.telegram.keyboards import CALLBACK_ANSWER_LIMIT
from bot.telegram.permissions import managers_only_buttons
from bot.telegram.preferences import refresh_settings
from bot.telegram.rendering import Html, esc, html_t
from bot.telegram.sending import send_html


@with_query
async def on_brief_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """brief:now: today's brief as new messages."""
    await query.answer()
    brief = context.runtime.briefing.todays_brief(chat.id, ui_language(context, update))
    await send_html(context.bot, chat.id, render_brief(brief))


@with_query
@managers_only_buttons
async def on_subscribe_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """sub:start: subscribe with the defaults, confirm in a new message."""
    await query.answer()
    language = ui_language(context, update)
    sub = context.runtime.briefing.subscribe(chat.id, language)
    keyboard = InlineKeyboardMarkup(subscription_rows(language, sub))
    text = Html(esc(confirmation(language, sub, utcnow())))
    await send_html(context.bot, chat.id, [text], keyboard)


@with_query
@managers_only_buttons
async def on_settings_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """sub:<action>[:<value>] from /settings or a confirmation: change, answer, redraw."""
    runtime = context.runtime
    language = ui_language(context, update)
    parsed = parse_button(query.data)
    if parsed is None:  # forged or from an older version: change nothing
        await query.answer()
        return
    action, value = parsed
    state, chat_id = runtime.state, chat.id
    sub = subscriptions.get(state, chat_id)
    if action == "time":
        text = html_t(language, "brief.pick_time", examples=TIME_EXAMPLES)
        await query.answer()
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=time_picker(language))
        return
    if action == "zone":
        time_local = sub.time_local if sub else runtime.settings.BRIEF_DEFAULT_TIME
        text = html_t(language, "brief.pick_zone", time=time_local, examples=ZONE_EXAMPLES)
        await query.answer()
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=zone_picker(language))
        return
    toast = ""
    if (sub is None or not sub.active) and action not in ("back", "stop"):
        # A button of a lapsed subscription (or "subscribe" itself) subscribes first.
        sub = runtime.briefing.subscribe(chat_id, language)
        toast = confirmation(language, sub, utcnow())
    if action == "t":
        subscriptions.set_time(state, chat_id, f"{value[:2]}:{value[2:]}")
    elif action == "z":
        subscriptions.set_timezone(state, chat_id, value)
    elif action == "new":
        subscriptions.set_only_new(state, chat_id, value == "1")
        toast = t(language, "brief.only_new_on" if value == "1" else "brief.only_new_off")
    elif action == "pause":
        subscriptions.pause(state, chat_id)
        toast = t(language, "brief.paused")
    elif action == "resume":
        subscriptions.resume(state, chat_id)
    elif action == "stop":
        subscriptions.unsubscribe(state, chat_id)
        toast = t(language, "brief.unsubscribed")
    await query.answer(toast[:CALLBACK_ANSWER_LIMIT] or None)
    await refresh_settings(update, context)

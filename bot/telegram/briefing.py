"""Telegram side of the daily briefing: commands, buttons, the scan job and the sender.

`register(application, runtime)` (called by `bot.telegram.app`) wires /brief, /subscribe,
/unsubscribe, /pause, /resume, the `brief:` and `sub:` buttons, a section in /settings, and one
repeating JobQueue job that runs the transport-agnostic `BriefScheduler`. Telegram errors are
mapped here to the core's delivery exceptions.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import warnings
from collections.abc import Sequence

import httpx
from apscheduler.jobstores.base import JobLookupError
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.answer.reply import Citation, format_date
from bot.briefing.compose import Brief, BriefItem, BriefSection, compose_brief
from bot.briefing.pacing import Pacer
from bot.briefing.schedule import (
    TIME_EXAMPLES,
    ZONE_EXAMPLES,
    ScheduleError,
    UnknownZone,
    local_date,
    parse_time,
    parse_timezone,
    tzinfo,
    zone_label,
)
from bot.briefing.scheduler import (
    Blocked,
    BriefScheduler,
    MaybeSent,
    RetryLater,
    TransientError,
)
from bot.messages import t
from bot.runtime import Runtime
from bot.store import subscriptions, users
from bot.store.database import to_iso, utcnow
from bot.store.history import changed_since
from bot.store.subscriptions import Subscription
from bot.telegram.context import runtime_of, ui_language
from bot.telegram.keyboards import BRIEF_NOW, SUBSCRIBE, button
from bot.telegram.preferences import add_settings_section, refresh_settings
from bot.telegram.rendering import MAX_MESSAGE, Html, bold, citation_line, esc, html_t
from bot.telegram.sending import reply_html, send_html

SCHEDULER_KEY = "brief_scheduler"
JOB_NAME = "briefing-scan"
SCAN_INTERVAL = 30  # seconds: a brief goes out at most this long after its minute starts
PART_GAP = 1.0  # seconds between the parts of a split brief: Telegram's 1 message/s per chat
PART_RETRIES = 2  # a later part refused with RetryAfter is retried in place (the first went)
SUB = "sub"  # callback data prefix of this module: sub:<action>[:<value>]
TIME_CHOICES = ("06:00", "07:00", "07:30", "08:00", "09:00", "12:00", "18:00", "21:00")
ZONE_CHOICES = (  # (button label, zone)
    ("Paris", "Europe/Paris"),
    ("London", "Europe/London"),
    ("New York", "America/New_York"),
    ("Montréal", "America/Toronto"),
    ("Abidjan", "Africa/Abidjan"),
    ("Seoul", "Asia/Seoul"),
    ("Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
)
TIME_VALUES = frozenset(choice.replace(":", "") for choice in TIME_CHOICES)  # "0730"
ZONE_VALUES = frozenset(zone for _, zone in ZONE_CHOICES)
# Callback data is outside input: only what this module's buttons send is acted on.
PLAIN_ACTIONS = frozenset({"on", "time", "zone", "pause", "resume", "stop", "back"})
VALUED_ACTIONS = {"t": TIME_VALUES, "z": ZONE_VALUES, "new": frozenset({"0", "1"})}
# Connection-level failures where the request cannot have reached Telegram: safe to resend.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)


# --- rendering -------------------------------------------------------------------------------


class HtmlStyle:
    """The brief in Telegram HTML: bold headings, block quotes, linked source titles."""

    def header(self, brief: Brief) -> str:
        return f"{bold(brief.title)}\n{esc(brief.headline)}"

    def section(self, section: BriefSection) -> str:
        return bold(section.title)

    def item(self, brief: Brief, item: BriefItem) -> str:
        mark = t(brief.language, "brief.new_mark") + " " if item.new else ""
        line = f"• {mark}{esc(item.text)} [{item.cite}]"
        return f"{line}\n<blockquote>{esc(item.quote)}</blockquote>" if item.quote else line

    def sources(self, brief: Brief, citations: Sequence[Citation]) -> str:
        lines = [bold(t(brief.language, "answer.sources"))]
        return "\n".join(lines + [citation_line(brief.language, c) for c in citations])


HTML = HtmlStyle()


def render_brief(brief: Brief, limit: int = MAX_MESSAGE) -> list[str]:
    """The brief as Telegram HTML messages, split between items when it exceeds `limit`."""
    return brief.render(HTML, limit)


# --- sending ---------------------------------------------------------------------------------


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int form is deprecated
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    """Sends a brief through the bot and translates Telegram errors for the core.

    The scheduler takes one `pacer` slot per brief before calling `send`; the extra parts of
    a split brief take theirs here, so every message of a fan-out counts against the rate.
    """

    def __init__(self, bot: Bot, pacer: Pacer):
        self.bot = bot
        self.pacer = pacer
        # The scheduler hands the same Brief object to every subscriber with the same
        # language and news, so render it once (keyed by identity, the brief kept alive).
        self._rendered: dict[int, tuple[Brief, list[str]]] = {}

    def _parts(self, brief: Brief) -> list[str]:
        cached = self._rendered.get(id(brief))
        if cached is None or cached[0] is not brief:
            if len(self._rendered) >= 64:
                self._rendered.clear()
            cached = self._rendered[id(brief)] = (brief, render_brief(brief))
        return cached[1]

    async def send(self, chat_id: int, brief: Brief) -> None:
        parts = self._parts(brief)
        for index, part in enumerate(parts):
            if index:
                await asyncio.sleep(PART_GAP)
                await self.pacer.wait()
            await self._send_part(chat_id, part, first=index == 0)

    async def _send_part(self, chat_id: int, part: str, first: bool) -> None:
        for attempt in range(PART_RETRIES + 1):
            if attempt:
                await self.pacer.wait()
            try:
                await send_html(self.bot, chat_id, [part])
                return
            except (Forbidden, ChatMigrated) as exc:
                raise Blocked(str(exc)) from exc
            except RetryAfter as exc:
                if first:
                    raise RetryLater(_seconds(exc)) from exc
                if attempt == PART_RETRIES:
                    raise MaybeSent(f"only part of the brief was sent: {exc}") from exc
                await asyncio.sleep(_seconds(exc))
            except BadRequest as exc:
                if "chat not found" in str(exc).lower():
                    raise Blocked(str(exc)) from exc
                raise
            except NetworkError as exc:
                if not first:
                    raise MaybeSent(f"only part of the brief was sent: {exc}") from exc
                # No cause: Telegram answered with a server error (5xx), the message was not
                # taken. A read timeout or a dropped answer may hide a delivered message.
                if exc.__cause__ is None or isinstance(exc.__cause__, _NOT_SENT):
                    raise TransientError(str(exc)) from exc
                raise MaybeSent(str(exc)) from exc


# --- the scan job ----------------------------------------------------------------------------


async def scan(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Serve every due subscription. The job is paused while a long fan-out runs, so its ticks
    never pile up behind it (max_instances=1 would only skip them, with a warning each)."""
    scheduler: BriefScheduler = context.bot_data[SCHEDULER_KEY]
    job = context.job
    if job is not None:
        job.enabled = False
    try:
        await scheduler.run_due()
    finally:
        if job is not None:
            with contextlib.suppress(JobLookupError):  # removed meanwhile (shutdown)
                job.enabled = True


def schedule_scan(application: Application) -> None:
    if application.job_queue is None:
        raise RuntimeError('the JobQueue is missing: install "python-telegram-bot[job-queue]"')
    application.job_queue.run_repeating(
        scan,
        interval=SCAN_INTERVAL,
        first=1,  # right after start-up: briefs missed while the bot was down go out first
        name=JOB_NAME,
        job_kwargs={
            # A late tick is always worth running: the scan is idempotent and how late a brief
            # may be is decided from the data (BRIEF_CATCHUP_HOURS), so no misfire cut-off
            # (APScheduler's default of 1 s would silently drop ticks after a busy moment).
            "misfire_grace_time": None,
            # Ticks missed during a stall (suspended machine, blocked loop) run once, not N times.
            "coalesce": True,
            # Never two scans at once (the scheduler also refuses to overlap runs).
            "max_instances": 1,
        },
    )


# --- texts -----------------------------------------------------------------------------------


def when_text(language: str, moment: dt.datetime, zone: str, now: dt.datetime) -> str:
    """A delivery time as the user reads it: "tomorrow at 08:00", in their own time zone."""
    local = moment.astimezone(tzinfo(zone))
    today = now.astimezone(tzinfo(zone)).date()
    time_text = local.strftime("%H:%M")
    if local.date() == today:
        return t(language, "brief.today", time=time_text)
    if local.date() == today + dt.timedelta(days=1):
        return t(language, "brief.tomorrow", time=time_text)
    return t(language, "brief.on_date", date=format_date(language, local.date()), time=time_text)


def status_text(language: str, sub: Subscription | None, now: dt.datetime) -> str:
    if sub is None or not sub.active:
        return t(language, "brief.status_off")
    values = {"time": sub.time_local, "zone": zone_label(sub.timezone)}
    if sub.paused:
        return t(language, "brief.status_paused", **values)
    key = "brief.status_only_new" if sub.only_new else "brief.status_on"
    return t(language, key, next=when_text(language, sub.next_send_at, sub.timezone, now), **values)


def confirmation(language: str, sub: Subscription, now: dt.datetime) -> str:
    key = "brief.subscribed_only_new" if sub.only_new else "brief.subscribed"
    return t(
        language,
        key,
        time=sub.time_local,
        zone=zone_label(sub.timezone),
        next=when_text(language, sub.next_send_at, sub.timezone, now),
    )


# --- keyboards -------------------------------------------------------------------------------


def subscription_rows(language: str, sub: Subscription | None) -> list[list[InlineKeyboardButton]]:
    """The briefing buttons of /settings (and under a subscription confirmation)."""
    if sub is None or not sub.active:
        return [[button(t(language, "brief.button_subscribe"), SUB, "on")]]
    only_new = "brief.button_only_new_on" if sub.only_new else "brief.button_only_new_off"
    pause = (
        button(t(language, "brief.button_resume"), SUB, "resume")
        if sub.paused
        else button(t(language, "brief.button_pause"), SUB, "pause")
    )
    return [
        [
            button(t(language, "brief.button_time"), SUB, "time"),
            button(t(language, "brief.button_zone"), SUB, "zone"),
        ],
        [button(t(language, only_new), SUB, "new", "0" if sub.only_new else "1")],
        [pause, button(t(language, "brief.button_unsubscribe"), SUB, "stop")],
    ]


def _picker(
    language: str, action: str, choices: Sequence[tuple[str, str]], per_row: int
) -> InlineKeyboardMarkup:
    buttons = [button(label, SUB, action, value) for label, value in choices]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    rows.append([button(t(language, "brief.button_back"), SUB, "back")])
    return InlineKeyboardMarkup(rows)


def time_picker(language: str) -> InlineKeyboardMarkup:
    return _picker(language, "t", [(c, c.replace(":", "")) for c in TIME_CHOICES], 4)


def zone_picker(language: str) -> InlineKeyboardMarkup:
    return _picker(language, "z", ZONE_CHOICES, 2)


def settings_section(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, language: str
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    sub = subscriptions.get(runtime_of(context).state, chat_id)
    line = html_t(language, "brief.settings", status=status_text(language, sub, utcnow()))
    return [line], subscription_rows(language, sub)


# --- commands --------------------------------------------------------------------------------


def _chat_zone(runtime: Runtime, sub: Subscription | None, user: users.User | None) -> str:
    """The chat's time zone: its subscription's, else the user's, else the default."""
    zone = (sub.timezone if sub else None) or (user and user.timezone)
    return zone or runtime.settings.DEFAULT_TIMEZONE


def todays_brief(runtime: Runtime, chat_id: int, language: str) -> Brief:
    """The chat's brief right now; facts since its last scheduled brief are marked new."""
    sub = subscriptions.get(runtime.state, chat_id)
    zone = _chat_zone(runtime, sub, users.get(runtime.state, chat_id))
    new = changed_since(runtime.state, to_iso(sub.since)) if sub and sub.active else set()
    return compose_brief(runtime.store, language, new, today=local_date(utcnow(), zone))


async def on_brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    brief = todays_brief(runtime_of(context), chat.id, ui_language(context, update))
    await reply_html(message, render_brief(brief))


def parse_subscribe_args(args: Sequence[str]) -> tuple[str | None, str | None]:
    """`/subscribe [time] [zone]` in either order: "7h30 Europe/Paris", "New York 8:00"."""
    words = list(args)
    time_local = None
    for index in (0, -1):
        if words and words[index][:1].isdigit():  # zones never start with a digit
            time_local = parse_time(words.pop(index))
            break
    zone = parse_timezone(" ".join(words)) if words else None
    return time_local, zone


def subscribe_chat(
    runtime: Runtime,
    chat_id: int,
    language: str,
    time_local: str | None = None,
    zone: str | None = None,
) -> Subscription:
    """Subscribe with the given time and zone, else the chat's current ones, else the defaults."""
    current = subscriptions.get(runtime.state, chat_id)
    user = users.get(runtime.state, chat_id)
    settings = runtime.settings
    time_local = time_local or (current.time_local if current else settings.BRIEF_DEFAULT_TIME)
    zone = zone or _chat_zone(runtime, current, user)
    if user is not None:
        users.set_timezone(runtime.state, chat_id, zone)
    only_new = bool(current and current.only_new)
    return subscriptions.subscribe(runtime.state, chat_id, language, time_local, zone, only_new)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    language = ui_language(context, update)
    try:
        time_local, zone = parse_subscribe_args(context.args or [])
    except ScheduleError as exc:
        key = "brief.bad_zone" if isinstance(exc, UnknownZone) else "brief.bad_time"
        text = html_t(language, key, text=exc.text, examples=exc.examples)
        await reply_html(message, [Html(f"{text}\n{html_t(language, 'brief.usage')}")])
        return
    sub = subscribe_chat(runtime_of(context), chat.id, language, time_local, zone)
    keyboard = InlineKeyboardMarkup(subscription_rows(language, sub))
    await reply_html(message, [Html(esc(confirmation(language, sub, utcnow())))], keyboard)


async def _simple(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    """/unsubscribe, /pause, /resume: one store call and one line of confirmation."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    language = ui_language(context, update)
    state = runtime_of(context).state
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


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _simple(update, context, "unsubscribe")


async def on_pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _simple(update, context, "pause")


async def on_resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _simple(update, context, "resume")


# --- buttons ---------------------------------------------------------------------------------


async def on_brief_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """brief:now (welcome message, refusals): today's brief as new messages."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    brief = todays_brief(runtime_of(context), chat.id, ui_language(context, update))
    await send_html(context.bot, chat.id, render_brief(brief))


async def on_subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """sub:start (welcome message): subscribe with the defaults, confirm in a new message."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    language = ui_language(context, update)
    sub = subscribe_chat(runtime_of(context), chat.id, language)
    keyboard = InlineKeyboardMarkup(subscription_rows(language, sub))
    text = Html(esc(confirmation(language, sub, utcnow())))
    await send_html(context.bot, chat.id, [text], keyboard)


def _known_button(action: str, value: str) -> bool:
    if action in PLAIN_ACTIONS:
        return value == ""
    return value in VALUED_ACTIONS.get(action, ())


async def on_settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """sub:<action>[:<value>] from /settings or a confirmation: change, answer, redraw."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    runtime = runtime_of(context)
    language = ui_language(context, update)
    parts = (query.data or "").split(":", 2)
    action, value = [*parts, "", ""][1:3]
    if not _known_button(action, value):  # forged or from an older version: change nothing
        await query.answer()
        return
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
        sub = subscribe_chat(runtime, chat_id, language)
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
    await query.answer(toast[:200] or None)  # callback answers show at most 200 characters
    await refresh_settings(update, context)


# --- wiring ----------------------------------------------------------------------------------


def register(application: Application, runtime: Runtime) -> BriefScheduler:
    """Add the briefing handlers, the /settings section and the scan job to `application`."""
    pacer = Pacer()  # one per bot: every brief message of a fan-out takes a slot
    scheduler = BriefScheduler(
        runtime.state,
        lambda: runtime.store,  # the current store: a reload swaps it
        TelegramSender(application.bot, pacer),
        catchup=dt.timedelta(hours=runtime.settings.BRIEF_CATCHUP_HOURS),
        keep_going=lambda: application.running,  # a shutdown ends the fan-out between batches
        pacer=pacer,
    )
    application.bot_data[SCHEDULER_KEY] = scheduler
    new_message = filters.UpdateType.MESSAGE
    for name, callback in (
        ("brief", on_brief),
        ("subscribe", on_subscribe),
        ("unsubscribe", on_unsubscribe),
        ("pause", on_pause),
        ("resume", on_resume),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    application.add_handler(CallbackQueryHandler(on_brief_button, f"^{BRIEF_NOW}$"))
    application.add_handler(CallbackQueryHandler(on_subscribe_button, f"^{SUBSCRIBE}$"))
    application.add_handler(CallbackQueryHandler(on_settings_button, f"^{SUB}:"))
    add_settings_section(application, settings_section)
    schedule_scan(application)
    return scheduler

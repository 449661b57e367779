"""Admin commands in Telegram: /reload, /export, /stats, /unanswered, knowledge file uploads, and
live reloads when a knowledge file is edited on disk.

Admins are the user ids of ADMIN_IDS, in private chats. The handlers only match admins, so
anyone else falls through to the generic handlers and gets exactly the unknown-command (or
unsupported-document) reply: the commands are invisible to users. They are added in group 0
before the fallbacks (see `handlers.py`), so for an admin they run instead of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters
from watchfiles import Change

from bot.admin.reloader import FILE_EDIT, Reloader
from bot.admin.report import (
    reload_report,
    stats_report,
    unanswered_report,
    upload_rejected_report,
    upload_report,
)
from bot.admin.stats import collect_stats
from bot.admin.unanswered import unanswered
from bot.knowledge.loader import Problem
from bot.knowledge.upload import MAX_UPLOAD_BYTES, UploadRejected, check_name, export_files
from bot.knowledge.watch import watch_knowledge
from bot.messages import t
from bot.runtime import Runtime
from bot.store import users
from bot.telegram.context import runtime_of, ui_language
from bot.telegram.rendering import Html, esc, join_blocks
from bot.telegram.sending import reply_html, send_html

log = logging.getLogger(__name__)

ADMIN_KEY = "admin"
COMMANDS = ("reload", "export", "stats", "unanswered")
UNANSWERED_DAYS = 7
UNANSWERED_LIMIT = 10
WATCH_DEBOUNCE_MS = 400


@dataclass
class AdminState:
    """What the admin features keep for the life of the application."""

    runtime: Runtime
    reloader: Reloader
    admins: frozenset[int]
    watcher: asyncio.Task[None] | None = None
    stop_watching: asyncio.Event = field(default_factory=asyncio.Event)
    last_failure: tuple[Problem, ...] = ()  # not re-sent while the same errors remain


def admin_state(context: ContextTypes.DEFAULT_TYPE | Application) -> AdminState:
    state: AdminState = context.bot_data[ADMIN_KEY]
    return state


def admin_language(runtime: Runtime, admin_id: int) -> str:
    """The language an admin reads, for messages that do not answer one of theirs."""
    stored = users.get(runtime.state, admin_id)
    preferred = stored and (stored.language or stored.last_language)
    return preferred or runtime.settings.DEFAULT_LANGUAGE


def as_html(text: str) -> list[str]:
    """A plain-text report as escaped Telegram HTML, split to fit in messages."""
    return join_blocks([Html(esc(text))])


# --- commands --------------------------------------------------------------------------------


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    state = admin_state(context)
    reloaded = await state.reloader.reload(actor=str(user.id))
    state.last_failure = reloaded.result.problems
    await reply_html(message, as_html(reload_report(ui_language(context, update), reloaded.result)))


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    runtime = runtime_of(context)
    stats = collect_stats(runtime.state, runtime.store, zone=runtime.settings.DEFAULT_TIMEZONE)
    language = ui_language(context, update)
    text = stats_report(language, stats, runtime.settings.DEFAULT_TIMEZONE)
    await reply_html(message, as_html(text))


async def on_unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered [days]: the most frequent questions refused for lack of knowledge."""
    message = update.effective_message
    if message is None:
        return
    days = UNANSWERED_DAYS
    if context.args and context.args[0].isdigit():
        days = max(1, min(int(context.args[0]), 365))
    groups = unanswered(runtime_of(context).state, days=days, limit=UNANSWERED_LIMIT)
    language = ui_language(context, update)
    await reply_html(message, as_html(unanswered_report(language, groups, days)))


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: every knowledge file as a document, to edit and send back."""
    message = update.effective_message
    if message is None:
        return
    runtime = runtime_of(context)
    language = ui_language(context, update)
    files = export_files(runtime.settings.KNOWLEDGE_DIR)
    if not files:
        await reply_html(message, as_html(t(language, "admin.export_empty")))
        return
    intro = t(language, "admin.export_intro", count=len(files), version=runtime.store.version)
    await reply_html(message, as_html(intro))
    for name, path in files:
        content = await asyncio.to_thread(path.read_bytes)
        await message.reply_document(content, filename=path.name, caption=name)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A knowledge file sent by an admin: checked, validated, installed with a backup, reloaded."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None:
        return
    document = message.document
    language = ui_language(context, update)
    name = document.file_name or ""
    try:
        check_name(name)
        if (document.file_size or 0) > MAX_UPLOAD_BYTES:
            raise UploadRejected(
                [Problem(name, 1, "file", f"too large (at most {MAX_UPLOAD_BYTES} bytes)")]
            )
        try:
            telegram_file = await document.get_file()
            content = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as exc:
            text = t(language, "admin.upload_download_failed", error=str(exc))
            await reply_html(message, as_html(text))
            return
        result = await admin_state(context).reloader.upload(name, content, actor=str(user.id))
    except UploadRejected as exc:
        await reply_html(message, as_html(upload_rejected_report(language, name, exc.problems)))
        return
    admin_state(context).last_failure = ()
    await reply_html(message, as_html(upload_report(language, result)))


# --- live updates ----------------------------------------------------------------------------


async def notify_admins(application: Application, text_for: Callable[[str], str]) -> None:
    """Send every admin a message in their language; an admin who never opened a chat with
    the bot (or blocked it) is skipped."""
    state = admin_state(application)
    for admin_id in sorted(state.admins):
        text = text_for(admin_language(state.runtime, admin_id))
        try:
            await send_html(application.bot, admin_id, as_html(text))
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin_id, exc)


async def reload_and_notify(
    application: Application, actor: str = FILE_EDIT, edited: Collection[str] = ()
) -> None:
    """Reload after a file change: admins get the diff, or the errors (once per error list,
    those of the `edited` files first), and a notice once the errors are fixed."""
    state = admin_state(application)
    reloaded = await state.reloader.reload(actor)
    result = reloaded.result
    if result.ok:
        was_failing, state.last_failure = bool(state.last_failure), ()
        if reloaded.changed or was_failing:
            await notify_admins(application, lambda lang: reload_report(lang, result, live=True))
        return
    if result.problems == state.last_failure:
        return
    state.last_failure = result.problems
    await notify_admins(
        application, lambda lang: reload_report(lang, result, live=True, edited=edited)
    )


async def start_watching(application: Application) -> None:
    state = admin_state(application)
    if state.watcher is not None:
        return
    state.stop_watching = asyncio.Event()

    directory = state.runtime.settings.KNOWLEDGE_DIR.resolve()

    async def on_change(changes: set[tuple[Change, str]]) -> None:
        edited = {Path(p).resolve().relative_to(directory).as_posix() for _, p in changes}
        await reload_and_notify(application, edited=edited)

    state.watcher = asyncio.create_task(
        watch_knowledge(
            state.runtime.settings.KNOWLEDGE_DIR,
            on_change,
            stop_event=state.stop_watching,
            debounce_ms=WATCH_DEBOUNCE_MS,
        ),
        name="knowledge-watcher",
    )


async def stop_watching(application: Application) -> None:
    state = admin_state(application)
    task, state.watcher = state.watcher, None
    if task is None:
        return
    state.stop_watching.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(task, timeout=5)


async def set_admin_menus(application: Application) -> None:
    """Admins see their commands in the menu of their private chat with the bot."""
    from bot.telegram.app import menu  # the public menu, which admins see as well

    state = admin_state(application)
    for admin_id in state.admins:
        language = admin_language(state.runtime, admin_id)
        commands = menu(application, language) + [
            BotCommand(name, t(language, f"admin.cmd.{name}")) for name in COMMANDS
        ]
        try:
            await application.bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not started a chat with the bot yet
            log.info("no admin menu for %s: %s", admin_id, exc)


Hook = Callable[[Application], Awaitable[None]]


def chain(first: Hook | None, then: Hook) -> Hook:
    """Run an existing application hook, then ours."""

    async def hook(application: Application) -> None:
        if first is not None:
            await first(application)
        await then(application)

    return hook


async def _on_start(application: Application) -> None:
    await start_watching(application)
    await set_admin_menus(application)
    # Broken files at start-up: the last good index serves, and admins are told what to fix.
    await reload_and_notify(application, actor="start-up")


def register(application: Application, runtime: Runtime) -> None:
    """Add the admin handlers (before the fallbacks) and the file watcher's start and stop."""
    admins = runtime.settings.ADMIN_IDS
    application.bot_data[ADMIN_KEY] = AdminState(runtime, Reloader(runtime), admins)
    only_admins = (
        filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.User(user_id=admins)
    )
    for name, callback in (
        ("reload", on_reload),
        ("export", on_export),
        ("stats", on_stats),
        ("unanswered", on_unanswered),
    ):
        application.add_handler(CommandHandler(name, callback, filters=only_admins))
    application.add_handler(MessageHandler(only_admins & filters.Document.ALL, on_document))
    application.post_init = chain(application.post_init, _on_start)
    application.post_stop = chain(application.post_stop, stop_watching)
    application.post_shutdown = chain(application.post_shutdown, stop_watching)

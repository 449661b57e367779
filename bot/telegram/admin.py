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
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from telegram import BotCommand, BotCommandScopeChat, Chat, Message, Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters
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
from bot.telegram.context import BotApp, Context, ui_language
from bot.telegram.guards import with_message
from bot.telegram.menu import menu
from bot.telegram.rendering import Html, esc, join_blocks
from bot.telegram.sending import reply_html, send_html

log = logging.getLogger(__name__)

COMMANDS = ("reload", "export", "stats", "unanswered", "draft")
UNANSWERED_DAYS = 7
UNANSWERED_LIMIT = 10
WATCH_DEBOUNCE_MS = 400
# Seconds an admin's /stats or /unanswered waits for queued state writes (question log, last
# seen) so the figures include the admin's own last messages; never longer, even if the disk fails.
ADMIN_READ_WAIT = 1.0


@dataclass
class AdminState:
    """What the admin features keep for the life of the application."""

    runtime: Runtime
    reloader: Reloader
    admins: frozenset[int]
    watcher: asyncio.Task[None] | None = None
    stop_watching: asyncio.Event = field(default_factory=asyncio.Event)
    last_failure: tuple[Problem, ...] = ()  # not re-sent while the same errors remain


def admin_state(holder: Context | BotApp) -> AdminState:
    state = holder.bot_data.admin
    if state is None:
        raise RuntimeError("the admin feature is not registered")
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


@with_message
async def on_reload(update: Update, context: Context, message: Message, chat: Chat) -> None:
    user = update.effective_user
    if user is None:
        return
    state = admin_state(context)
    reloaded = await state.reloader.reload(actor=str(user.id))
    state.last_failure = reloaded.result.problems
    await reply_html(message, as_html(reload_report(ui_language(context, update), reloaded.result)))


@with_message
async def on_stats(update: Update, context: Context, message: Message, chat: Chat) -> None:
    runtime = context.runtime
    runtime.writer.flush(ADMIN_READ_WAIT)  # counts include the writes still queued
    stats = collect_stats(runtime.state, runtime.store, zone=runtime.settings.DEFAULT_TIMEZONE)
    language = ui_language(context, update)
    text = stats_report(language, stats, runtime.settings.DEFAULT_TIMEZONE)
    await reply_html(message, as_html(text))


@with_message
async def on_unanswered(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/unanswered [days]: the most frequent questions refused for lack of knowledge."""
    days = UNANSWERED_DAYS
    if context.args and context.args[0].isdigit():
        days = max(1, min(int(context.args[0]), 365))
    context.runtime.writer.flush(ADMIN_READ_WAIT)  # the question log is written off the loop
    groups = unanswered(context.runtime.state, days=days, limit=UNANSWERED_LIMIT)
    language = ui_language(context, update)
    await reply_html(message, as_html(unanswered_report(language, groups, days)))


@with_message
async def on_export(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/export: every knowledge file as a document, to edit and send back."""
    runtime = context.runtime
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


@with_message
async def on_document(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """A knowledge file sent by an admin: checked, validated, installed with a backup, reloaded."""
    user = update.effective_user
    if user is None or message.document is None:
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


async def notify_admins(application: BotApp, text_for: Callable[[str], str]) -> None:
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
    application: BotApp, actor: str = FILE_EDIT, edited: Collection[str] = ()
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


async def start_watching(application: BotApp) -> None:
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


async def stop_watching(application: BotApp) -> None:
    state = admin_state(application)
    task, state.watcher = state.watcher, None
    if task is None:
        return
    state.stop_watching.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(task, timeout=5)


async def set_admin_menus(application: BotApp) -> None:
    """Admins see their commands in the menu of their private chat with the bot."""
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


async def on_start(application: BotApp) -> None:
    """Called from the application's `post_init` (see `app.py`): watch the files, show the
    admin menus, and tell admins about files refused at start-up."""
    await start_watching(application)
    await set_admin_menus(application)
    # Broken files at start-up: the last good index serves, and admins are told what to fix.
    await reload_and_notify(application, actor="start-up")


def register(application: BotApp, runtime: Runtime) -> None:
    """Add the admin handlers (before the fallbacks); `on_start` and `stop_watching` are run by
    the application's hooks."""
    admins = runtime.settings.ADMIN_IDS
    application.bot_data.admin = AdminState(runtime, Reloader(runtime), admins)
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

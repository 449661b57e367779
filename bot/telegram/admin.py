"""Admin commands in Telegram: /reload, /export, /stats, /unanswered and knowledge file uploads
(live reloads after edits on disk, and confirmations of drastic changes, are in `admin_live.py`).

Admins are the user ids of ADMIN_IDS, in private chats. The handlers only match admins, so
anyone else falls through to the generic handlers and gets exactly the unknown-command (or
unsupported-document) reply: the commands are invisible to users. They are added in group 0
before the fallbacks (see `handlers.py`), so for an admin they run instead of them.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, BotCommandScopeChat, Chat, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.admin.charts import daily_series, render_chart
from bot.admin.doctor import core_checks
from bot.admin.doctor import report as doctor_report
from bot.admin.held import UploadHeld
from bot.admin.reloader import Reloader
from bot.admin.report import (
    changes_report,
    reload_report,
    stats_figures,
    unanswered_report,
    upload_rejected_report,
    upload_report,
)
from bot.admin.stats import collect_stats
from bot.admin.unanswered import unanswered
from bot.knowledge.loader import Problem, directory_version
from bot.knowledge.upload import MAX_UPLOAD_BYTES, UploadRejected, check_name, export_files
from bot.messages import t, tn
from bot.runtime import Runtime
from bot.telegram.admin_live import (
    PATTERN,
    offer_held,
    on_held_button,
    reload_and_notify,
    start_watching,
    stop_watching,
)
from bot.telegram.admin_state import AdminState, Pending, admin_language, admin_state, as_html
from bot.telegram.context import BotApp, Context, ui_language
from bot.telegram.doctor import telegram_checks
from bot.telegram.guards import with_message
from bot.telegram.menu import menu
from bot.telegram.rendering import esc
from bot.telegram.sending import reply_html
from bot.telegram.working import while_working

log = logging.getLogger(__name__)

COMMANDS = ("reload", "export", "stats", "unanswered", "draft", "health")
UNANSWERED_DAYS = 7
UNANSWERED_LIMIT = 10
# Seconds an admin's /stats or /unanswered waits for queued state writes (question log, last
# seen) so the figures include the admin's own last messages; never longer, even if the disk fails.
ADMIN_READ_WAIT = 1.0


# --- commands --------------------------------------------------------------------------------


@with_message
async def on_reload(update: Update, context: Context, message: Message, chat: Chat) -> None:
    user = update.effective_user
    if user is None:
        return
    state = admin_state(context)
    language = ui_language(context, update)
    index = context.runtime.settings.KNOWLEDGE_INDEX
    work = state.reloader.reload(actor=str(user.id))
    reloaded = await while_working(message, language, index, work)
    if reloaded.held is not None:  # most facts would go: every admin is asked to confirm
        state.last_held = reloaded.held.version
        await offer_held(context, Pending("edit", reloaded.held))
        return
    state.last_failure = reloaded.result.problems
    await reply_html(message, as_html(reload_report(language, reloaded.result)))


@with_message
async def on_stats(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/stats: the 30-day chart with today's figures as its caption, then the latest changes."""
    runtime = context.runtime
    runtime.writer.flush(ADMIN_READ_WAIT)  # counts include the writes still queued
    zone = runtime.settings.DEFAULT_TIMEZONE
    stats = collect_stats(runtime.state, runtime.store, zone=zone)
    series = daily_series(runtime.state, zone)
    language = ui_language(context, update)
    png = await asyncio.to_thread(render_chart, language, series)
    caption = stats_figures(language, stats)
    await message.reply_photo(
        png, caption=esc(caption), parse_mode=ParseMode.HTML, filename="stats.png"
    )
    await reply_html(message, as_html(changes_report(language, stats.recent_changes, zone)))


@with_message
async def on_health(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/health: `briefbot doctor`'s checks, the token and webhook through the running bot."""
    settings = context.runtime.settings
    language = ui_language(context, update)
    core = await asyncio.to_thread(core_checks, language, settings)
    checks = [core[0], *await telegram_checks(language, settings, context.bot), *core[1:]]
    await reply_html(message, as_html(doctor_report(language, checks)))


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
    intro = tn(language, "admin.export_intro", len(files), version=runtime.store.version)
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
        work = admin_state(context).reloader.upload(name, content, actor=str(user.id))
        index = context.runtime.settings.KNOWLEDGE_INDEX
        result = await while_working(message, language, index, work)
    except UploadHeld as exc:  # most facts would go: nothing installed until confirmed
        await offer_held(context, Pending("upload", exc.held, exc.name, content))
        return
    except UploadRejected as exc:
        await reply_html(message, as_html(upload_rejected_report(language, name, exc.problems)))
        return
    admin_state(context).last_failure = ()
    await reply_html(message, as_html(upload_report(language, result)))


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
    # Files changed while the bot was stopped: the previous index serves while this rebuilds
    # it (minutes for 10,000 facts), so it then runs beside the updates instead of before them.
    state = admin_state(application)
    reload = reload_and_notify(application, actor="start-up")
    if state.runtime.store.version == directory_version(state.runtime.settings.KNOWLEDGE_DIR):
        await reload  # nothing to rebuild: as before, done before the first update
    else:
        state.startup_reload = asyncio.create_task(reload, name="start-up-reload")


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
        ("health", on_health),
    ):
        application.add_handler(CommandHandler(name, callback, filters=only_admins))
    application.add_handler(MessageHandler(only_admins & filters.Document.ALL, on_document))
    application.add_handler(CallbackQueryHandler(on_held_button, pattern=PATTERN))


__all__ = [
    "AdminState",
    "admin_language",
    "on_start",
    "register",
    "reload_and_notify",
    "stop_watching",
]

"""Live knowledge updates in Telegram: reloads after file edits, the folder's comings and
goings, and the confirmation asked before a change that removes most facts goes live."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from pathlib import Path

from telegram import CallbackQuery, Chat, Update
from watchfiles import Change

from bot.admin.reloader import FILE_EDIT, UploadRejected
from bot.admin.report import reload_report, upload_rejected_report, upload_report
from bot.knowledge.watch import FolderEvent, watch_knowledge
from bot.messages import t
from bot.telegram.admin_state import (
    HELD_CALLBACK,
    AdminState,
    Pending,
    admin_state,
    as_html,
    held_keyboard,
    held_text,
    notify_admins,
)
from bot.telegram.context import BotApp, Context, ui_language
from bot.telegram.guards import with_query
from bot.telegram.sending import send_html

log = logging.getLogger(__name__)

WATCH_DEBOUNCE_MS = 400
PATTERN = rf"^{HELD_CALLBACK}:(apply|keep):[\w-]+$"  # the held-change buttons


async def offer_held(holder: Context | BotApp, pending: Pending) -> None:
    """Ask every admin to confirm (or not) a held change, with two buttons."""
    state = admin_state(holder)
    token = state.hold(pending)
    current = state.runtime.store.version
    await notify_admins(
        holder,
        lambda lang: held_text(lang, pending, current),
        lambda lang: held_keyboard(lang, token),
    )


async def reload_and_notify(
    application: BotApp, actor: str = FILE_EDIT, edited: Collection[str] = ()
) -> None:
    """Reload after a file change: admins get the diff, or the errors (once per error list,
    those of the `edited` files first), a notice once the errors are fixed, or (once per
    version) the question whether a change that removes most facts may go live."""
    state = admin_state(application)
    reloaded = await state.reloader.reload(actor)
    result = reloaded.result
    if reloaded.held is not None:
        if reloaded.held.version != state.last_held:
            state.last_held = reloaded.held.version
            await offer_held(application, Pending("edit", reloaded.held))
        return
    state.last_held = ""
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
    directory = state.runtime.settings.KNOWLEDGE_DIR

    async def on_change(changes: set[tuple[Change, str]]) -> None:
        root = directory.resolve()
        edited = set()
        for _, path in changes:
            with contextlib.suppress(ValueError):
                edited.add(Path(path).resolve().relative_to(root).as_posix())
        await reload_and_notify(application, edited=edited)

    async def on_folder(event: FolderEvent) -> None:
        version = state.runtime.store.version
        key = "admin.folder_removed" if event == "removed" else "admin.folder_restored"
        await notify_admins(
            application, lambda lang: t(lang, key, directory=str(directory), version=version)
        )

    state.watcher = asyncio.create_task(
        watch_knowledge(
            directory,
            on_change,
            on_folder=on_folder,
            stop_event=state.stop_watching,
            debounce_ms=WATCH_DEBOUNCE_MS,
            stable_ms=state.runtime.settings.KNOWLEDGE_SETTLE_MS,
        ),
        name="knowledge-watcher",
    )


async def stop_watching(application: BotApp) -> None:
    state = admin_state(application)
    startup, state.startup_reload = state.startup_reload, None
    if startup is not None:  # a build under way in its thread finishes, unheard
        startup.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await startup
    task, state.watcher = state.watcher, None
    if task is None:
        return
    state.stop_watching.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await asyncio.wait_for(task, timeout=5)


async def _apply(state: AdminState, pending: Pending, language: str, actor: str) -> str:
    if pending.kind == "upload":
        try:
            result = await state.reloader.upload(
                pending.name, pending.content, actor=actor, confirmed=True
            )
        except UploadRejected as exc:
            return upload_rejected_report(language, pending.name, exc.problems)
        state.last_failure = ()
        return upload_report(language, result)
    reloaded = await state.reloader.reload(actor, confirmed=pending.held.version)
    if reloaded.held is not None:  # the files changed again since the question
        return t(language, "admin.held_gone", version=state.runtime.store.version)
    state.last_held = ""
    return reload_report(language, reloaded.result)


@with_query
async def on_held_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """Apply or keep: only an admin may answer, and each question is answered once."""
    state = admin_state(context)
    user = update.effective_user
    language = ui_language(context, update)
    if user is None or user.id not in state.admins:
        await query.answer()
        return
    _, action, token = (query.data or "").split(":", 2)
    pending = state.pending.pop(token, None)
    await query.answer()
    if pending is None:
        text = t(language, "admin.held_gone", version=state.runtime.store.version)
    elif action == "apply":
        text = await _apply(state, pending, language, actor=str(user.id))
    else:
        text = t(language, "admin.held_kept", version=state.runtime.store.version)
    with contextlib.suppress(Exception):
        await query.edit_message_reply_markup(None)
    await send_html(context.bot, chat.id, as_html(text))

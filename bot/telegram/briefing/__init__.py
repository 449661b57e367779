"""The daily briefing in Telegram, one module per job: `commands` (/brief, /subscribe, ...),
`buttons` (brief:, sub:), `keyboards` (their rows and pickers), `html` (the brief as Telegram
HTML), `sender` (sending a brief, Telegram errors mapped for the core), `scan` (the JobQueue job
running the core `BriefScheduler`). `register` wires them; the use cases are the core's
(`bot/briefing/service.py`, via `Runtime.briefing`).
"""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.runtime import Runtime
from bot.telegram.briefing import buttons, commands
from bot.telegram.briefing.keyboards import SUB
from bot.telegram.briefing.scan import brief_scheduler, schedule_scan
from bot.telegram.context import BotApp
from bot.telegram.keyboards import BRIEF_NOW, SUBSCRIBE
from bot.telegram.preferences import add_settings_section

NEW_MESSAGE = filters.UpdateType.MESSAGE


def register(application: BotApp, runtime: Runtime) -> None:
    """Add the briefing handlers, the /settings section and the scan job to `application`."""
    application.bot_data.scheduler = brief_scheduler(application, runtime)
    for name, callback in (
        ("brief", commands.on_brief),
        ("subscribe", commands.on_subscribe),
        ("unsubscribe", commands.on_unsubscribe),
        ("pause", commands.on_pause),
        ("resume", commands.on_resume),
    ):
        application.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGE))
    application.add_handler(CallbackQueryHandler(buttons.on_brief_button, f"^{BRIEF_NOW}$"))
    application.add_handler(CallbackQueryHandler(buttons.on_subscribe_button, f"^{SUBSCRIBE}$"))
    application.add_handler(CallbackQueryHandler(buttons.on_settings_button, f"^{SUB}:"))
    add_settings_section(application, commands.settings_section)
    schedule_scan(application)

"""The command menus: the public one (per language) and what a command handler serves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from telegram import BotCommand
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.messages import LANGUAGES, t
from bot.telegram.context import BotApp

# The public command menu, in this order; a command appears only if some handler serves it.
MENU = (
    "start",
    "ask",
    "brief",
    "subscribe",
    "unsubscribe",
    "pause",
    "resume",
    "settings",
    "sources",
    "help",
    "forget",
)


def served_commands(application: BotApp) -> set[str]:
    """Every command some CommandHandler serves (conversation entry points included)."""

    def walk(items: Iterable[BaseHandler[Any, Any, Any]]) -> Iterable[str]:
        for handler in items:
            if isinstance(handler, CommandHandler):
                yield from handler.commands
            elif isinstance(handler, ConversationHandler):
                yield from walk(handler.entry_points)

    return {c for group in application.handlers.values() for c in walk(group)}


def menu(application: BotApp, language: str) -> list[BotCommand]:
    served = served_commands(application)
    return [BotCommand(name, t(language, f"tg.cmd.{name}")) for name in MENU if name in served]


async def set_commands(application: BotApp) -> None:
    """The command menu in French, in English, and by default in DEFAULT_LANGUAGE."""
    settings = application.bot_data.runtime.settings
    for language in LANGUAGES:
        await application.bot.set_my_commands(menu(application, language), language_code=language)
    await application.bot.set_my_commands(menu(application, settings.DEFAULT_LANGUAGE))

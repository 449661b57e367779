"""A stand-in for bot/telegram/briefing.py in tests of the extension hook."""

from __future__ import annotations

from telegram.ext import Application, CommandHandler

from bot.runtime import Runtime

registered: list[Runtime] = []


async def brief(update: object, context: object) -> None:
    """Never called in these tests."""


def register(application: Application, runtime: Runtime) -> None:
    registered.append(runtime)
    application.add_handler(CommandHandler("brief", brief))

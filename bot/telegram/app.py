"""Build and run the Telegram `Application` from the settings.

`build_application` wires everything and starts nothing, so tests run the very same object
against a fake Bot API server; `run` adds logging, the core runtime, and polling or webhook.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sqlite3
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CommandHandler,
    ConversationHandler,
)
from telegram.request import HTTPXRequest

from bot.config import Settings, SettingsError
from bot.knowledge.loader import KnowledgeError
from bot.messages import LANGUAGES, t
from bot.runtime import Runtime
from bot.telegram import handlers
from bot.telegram.context import RUNTIME_KEY
from bot.telegram.conversation import EXTENSIONS_KEY, FLOOD_KEY
from bot.telegram.errors import on_error
from bot.telegram.flood import SlidingWindow
from bot.telegram.logs import configure_logging

log = logging.getLogger(__name__)

# Modules of other features that add handlers when present: each has `register(app, runtime)`.
EXTENSIONS = ("bot.telegram.briefing", "bot.telegram.admin")
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

FLOOD_LIMIT = 20  # questions per user...
FLOOD_WINDOW = 60.0  # ...per this many seconds
RATE_LIMIT_RETRIES = 3  # RetryAfter answers honoured before giving up on a request
BOOTSTRAP_RETRIES = 10  # start-up calls (deleteWebhook) retried while Telegram is unreachable

MISSING_TOKEN = (
    "Setting TELEGRAM_BOT_TOKEN: missing. Create a bot with @BotFather and put"
    " TELEGRAM_BOT_TOKEN=<token> in the environment or in .env."
)
# python-telegram-bot's own message for this error contains the token: never shown.
REJECTED_TOKEN = (
    "Setting TELEGRAM_BOT_TOKEN: rejected by the Bot API at {url}. Copy the token again from"
    " @BotFather (/mybots, API Token), or check TELEGRAM_BASE_URL."
)


def build_application(settings: Settings, runtime: Runtime) -> Application:
    token = settings.token
    if not token:
        raise SettingsError(MISSING_TOKEN)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.TELEGRAM_BASE_URL)
        .base_file_url(settings.TELEGRAM_BASE_FILE_URL)
        .request(
            HTTPXRequest(
                connection_pool_size=32,
                connect_timeout=10.0,
                read_timeout=20.0,
                write_timeout=20.0,
                pool_timeout=10.0,
                media_write_timeout=60.0,
            )
        )
        .get_updates_request(
            # The long-poll timeout is added to this read timeout by python-telegram-bot.
            HTTPXRequest(connection_pool_size=1, connect_timeout=10.0, read_timeout=10.0)
        )
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .post_init(_post_init)
        .build()
    )
    application.bot_data[RUNTIME_KEY] = runtime
    application.bot_data[FLOOD_KEY] = SlidingWindow(FLOOD_LIMIT, FLOOD_WINDOW)
    handlers.register(application)
    register_extensions(application, runtime)
    handlers.register_fallbacks(application)
    application.add_error_handler(on_error)
    return application


def register_extensions(
    application: Application, runtime: Runtime, modules: Iterable[str] = EXTENSIONS
) -> list[str]:
    """Let the briefing and admin modules add their handlers, when they are installed.

    A module that does not exist is skipped; one that exists but fails to import raises, so a
    bug there is never mistaken for "feature not installed". Returns the short names wired
    ("briefing", "admin"), also kept in `bot_data["extensions"]`.
    """
    loaded = []
    for module_name in modules:
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        register = getattr(module, "register", None)
        if register is None:
            log.warning("%s has no register(application, runtime): not wired", module_name)
            continue
        register(application, runtime)
        loaded.append(module_name.rsplit(".", 1)[-1])
    application.bot_data[EXTENSIONS_KEY] = frozenset(loaded)
    return loaded


def served_commands(application: Application) -> set[str]:
    """Every command some CommandHandler serves (conversation entry points included)."""

    def walk(items: Iterable[BaseHandler]) -> Iterable[str]:
        for handler in items:
            if isinstance(handler, CommandHandler):
                yield from handler.commands
            elif isinstance(handler, ConversationHandler):
                yield from walk(handler.entry_points)

    return {c for group in application.handlers.values() for c in walk(group)}


def menu(application: Application, language: str) -> list[BotCommand]:
    served = served_commands(application)
    return [BotCommand(name, t(language, f"tg.cmd.{name}")) for name in MENU if name in served]


async def set_commands(application: Application) -> None:
    """The command menu in French, in English, and by default in DEFAULT_LANGUAGE."""
    settings = application.bot_data[RUNTIME_KEY].settings
    for language in LANGUAGES:
        await application.bot.set_my_commands(menu(application, language), language_code=language)
    await application.bot.set_my_commands(menu(application, settings.DEFAULT_LANGUAGE))


async def _post_init(application: Application) -> None:
    await set_commands(application)
    if not application.bot_data[RUNTIME_KEY].settings.WEBHOOK_URL:
        # A webhook left from an earlier deployment would make getUpdates fail with 409.
        await application.bot.delete_webhook(drop_pending_updates=False)


def run(settings: Settings) -> int:
    """Serve users until interrupted: long polling, or a webhook when WEBHOOK_URL is set.

    Start-up failures end with one clear line, never a traceback: tracebacks are printed
    without the log redaction, and python-telegram-bot's "invalid token" error contains it.
    """
    if not settings.token:
        raise SettingsError(MISSING_TOKEN)
    secret = settings.WEBHOOK_SECRET.get_secret_value() if settings.WEBHOOK_SECRET else None
    configure_logging(settings.LOG_LEVEL, settings.token, secret)
    try:
        runtime = Runtime.start(settings)
    except KnowledgeError as exc:
        log.error("the knowledge files do not validate and no index exists:\n%s", exc)
        return 1
    except (OSError, sqlite3.Error) as exc:
        log.error(
            "cannot open the databases (BRIEFBOT_DB=%s, KNOWLEDGE_INDEX=%s): %s",
            settings.BRIEFBOT_DB,
            settings.KNOWLEDGE_INDEX,
            exc,
        )
        return 1
    try:
        serve(build_application(settings, runtime), settings, secret)
    except InvalidToken:
        raise SettingsError(REJECTED_TOKEN.format(url=api_host(settings))) from None
    except NetworkError as exc:
        log.error(
            "cannot reach the Bot API at %s after %d tries (%s): check TELEGRAM_BASE_URL and"
            " the network",
            api_host(settings),
            BOOTSTRAP_RETRIES + 1,
            exc,
        )
        return 1
    finally:
        runtime.close()
    return 0


def serve(application: Application, settings: Settings, secret: str | None) -> None:
    """Long polling, or a webhook server when WEBHOOK_URL is set; returns when stopped."""
    if settings.WEBHOOK_URL:
        log.info("serving a webhook on %s:%s", settings.WEBHOOK_LISTEN, settings.WEBHOOK_PORT)
        application.run_webhook(
            **webhook_options(settings, secret), bootstrap_retries=BOOTSTRAP_RETRIES
        )
        return
    log.info(
        "polling the Bot API at %s (start-up tried %d times if unreachable)",
        api_host(settings),
        BOOTSTRAP_RETRIES + 1,
    )
    # Network errors while polling are retried forever by python-telegram-bot and reported
    # to the error handler; pending updates are kept across restarts.
    application.run_polling(
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
        bootstrap_retries=BOOTSTRAP_RETRIES,
    )


def webhook_options(settings: Settings, secret: str | None) -> dict[str, Any]:
    """The webhook server's options from WEBHOOK_URL/LISTEN/PORT/SECRET (shared with tests).

    The server listens on the URL's path, so a reverse proxy must forward that path as is.
    """
    assert settings.WEBHOOK_URL is not None
    return {
        "listen": settings.WEBHOOK_LISTEN,
        "port": settings.WEBHOOK_PORT,
        "url_path": urlparse(settings.WEBHOOK_URL).path.lstrip("/"),
        "webhook_url": settings.WEBHOOK_URL,
        "secret_token": secret,
        "allowed_updates": Update.ALL_TYPES,
        "drop_pending_updates": False,
    }


def api_host(settings: Settings) -> str:
    """The Bot API server's address for messages: scheme and host, never a path or token."""
    url = urlparse(settings.TELEGRAM_BASE_URL)
    return f"{url.scheme}://{url.netloc}"

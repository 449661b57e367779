"""Build and run the Telegram `Application` from the settings.

`build_application` wires everything and starts nothing, so tests run the very same object
against a fake Bot API server; `run` adds logging, the core runtime, and polling or webhook.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import ssl
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.briefing.pacing import BRIEF_RATE, Pacer
from bot.briefing.scheduler import concurrency
from bot.config import Settings, SettingsError
from bot.knowledge.loader import KnowledgeError
from bot.runtime import Runtime
from bot.telegram import admin, briefing, drafting, handlers, healthz
from bot.telegram.context import CONTEXT_TYPES, BotApp
from bot.telegram.errors import on_error
from bot.telegram.http import AiohttpRequest
from bot.telegram.logs import configure_logging
from bot.telegram.menu import set_commands
from bot.telegram.ratelimit import PacedRateLimiter

log = logging.getLogger(__name__)

# Connections beyond the brief fan-out's concurrency, so answers never wait behind briefs.
ANSWER_CONNECTIONS = 8
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


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for the bot's HTTP clients, as httpx makes it (certifi's CA bundle, or
    SSL_CERT_FILE / SSL_CERT_DIR): left to itself httpx loads the bundle again for each client,
    ~40 ms of CPU twice per start, and for each application a test starts."""
    return httpx.create_ssl_context()


def build_application(settings: Settings, runtime: Runtime) -> BotApp:
    """The whole bot: typed context (`context.py`), every feature's handlers, then the
    catch-alls, and one start/stop hook each, passed to the builder (PTB's documented way)."""
    token = settings.token
    if not token:
        raise SettingsError(MISSING_TOKEN)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.TELEGRAM_BASE_URL)
        .base_file_url(settings.TELEGRAM_BASE_FILE_URL)
        .context_types(CONTEXT_TYPES)
        .request(
            AiohttpRequest(  # httpx costs 10x the CPU per request (bot/telegram/http.py)
                connection_pool_size=concurrency(settings.BRIEF_PAID_BROADCAST)
                + ANSWER_CONNECTIONS,
                connect_timeout=10.0,
                read_timeout=20.0,
                write_timeout=20.0,
                pool_timeout=10.0,
                media_write_timeout=60.0,
                ssl_context=tls_context(),
            )
        )
        .get_updates_request(
            # The long-poll timeout is added to this read timeout by python-telegram-bot.
            HTTPXRequest(
                connection_pool_size=1,
                connect_timeout=10.0,
                read_timeout=10.0,
                httpx_kwargs={"verify": tls_context()},
            )
        )
        .rate_limiter(PacedRateLimiter(Pacer(BRIEF_RATE), max_retries=RATE_LIMIT_RETRIES))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_stop)
        .build()
    )
    application.bot_data.runtime = runtime
    # Group 0 runs the first matching handler only: specific handlers first, catch-alls last.
    handlers.register(application)
    briefing.register(application, runtime)
    drafting.register(application, runtime)  # before admin: .txt articles, text after /draft
    admin.register(application, runtime)
    handlers.register_fallbacks(application)
    application.add_error_handler(on_error)
    if settings.WEBHOOK_URL:
        healthz.install(application)  # GET /healthz beside the webhook, for probes
    return application


async def _post_init(application: BotApp) -> None:
    await set_commands(application)
    if not application.bot_data.runtime.settings.WEBHOOK_URL:
        # A webhook left from an earlier deployment would make getUpdates fail with 409.
        await application.bot.delete_webhook(drop_pending_updates=False)
    await admin.on_start(application)


async def _post_stop(application: BotApp) -> None:
    """After updates stop (and again at shutdown, in case stop never ran): end the watcher."""
    await admin.stop_watching(application)


def run(settings: Settings) -> int:
    """Serve users until interrupted: long polling, or a webhook when WEBHOOK_URL is set.

    Start-up failures end with one clear line, never a traceback: tracebacks are printed
    without the log redaction, and python-telegram-bot's "invalid token" error contains it.
    """
    if not settings.token:
        raise SettingsError(MISSING_TOKEN)
    secret = settings.WEBHOOK_SECRET.get_secret_value() if settings.WEBHOOK_SECRET else None
    configure_logging(settings.LOG_LEVEL, settings.token, secret, log_format=settings.LOG_FORMAT)
    try:
        # The previous index serves while the start-up reload rebuilds a stale one.
        runtime = Runtime.start(settings, serve_stale=True)
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


def serve(application: BotApp, settings: Settings, secret: str | None) -> None:
    """Long polling, or a webhook server when WEBHOOK_URL is set; returns when stopped.

    When start-up fails (a rejected token, no network), python-telegram-bot never shuts the
    bot's HTTP session down, and aiohttp would complain about it at exit, after the one clear
    line the user should see last: so PTB leaves the loop open, and the session is closed on
    it here (the process ends next, which closes the loop)."""
    try:
        if settings.WEBHOOK_URL:
            log.info("serving a webhook on %s:%s", settings.WEBHOOK_LISTEN, settings.WEBHOOK_PORT)
            application.run_webhook(
                **webhook_options(settings, secret),
                bootstrap_retries=BOOTSTRAP_RETRIES,
                close_loop=False,
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
            close_loop=False,
        )
    finally:
        request = application.bot.request
        if isinstance(request, AiohttpRequest) and request.is_open:
            asyncio.get_event_loop().run_until_complete(request.shutdown())


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

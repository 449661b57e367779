"""Fixtures for end-to-end Telegram tests, shared by every test package (see tests/conftest.py).

* `fake_api`: a started `FakeBotApi` (tests/fake_bot_api.py) on 127.0.0.1; set
  `fake_api.messages_per_second = 30` to enforce Telegram's global sending limit (429).
* `bot_settings`: the `settings` fixture pointed at the fake server with a test token. Override
  it in a test module to change a setting, e.g. admins::

      @pytest.fixture
      def bot_settings(bot_settings):
          return bot_settings.model_copy(update={"ADMIN_IDS": frozenset({42})})

* `running_bot`: the real `Application` from `build_application`, polling the fake server;
  its runtime is `running_bot.bot_data.runtime`. Stopped cleanly after the test.
* `started_bot(settings, webhook=None)`: the same as an async context manager, for tests that
  need two bots, to start one late, or to serve a webhook (`webhook`: the options from
  `bot.telegram.app.webhook_options`) instead of polling.
* `to(chat_id)` and `buttons(call)`: the usual `wait_for` filter and a call's callback data.
* `await handled(fake_api, running_bot)`: every update pushed so far has been handled, for
  updates that get no reply (service messages, a group's upgrade).

Typical test::

    async def test_hello(fake_api, running_bot):
        fake_api.push_text(1001, "Bonjour")
        call = await fake_api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 1001)
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.config import Settings
from bot.runtime import Runtime
from bot.telegram.app import build_application
from tests.fake_bot_api import DEFAULT_TOKEN, WAIT_SECONDS, Call, FakeBotApi

TOKEN = DEFAULT_TOKEN
CONFIRM_POLL_SECONDS = 0.01  # `handled`: how often it looks whether the updates were confirmed


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi(token=TOKEN)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
def bot_settings(settings: Settings, fake_api: FakeBotApi) -> Settings:
    return settings.model_copy(
        update={
            "TELEGRAM_BOT_TOKEN": SecretStr(TOKEN),
            "TELEGRAM_BASE_URL": fake_api.base_url,
            "TELEGRAM_BASE_FILE_URL": fake_api.base_file_url,
        }
    )


async def handled(
    fake: FakeBotApi, application: Application, timeout: float = WAIT_SECONDS
) -> None:
    """Return once the bot has handled every update pushed so far (polling): the fake server
    saw them confirmed, so they are in the application's queue, and the queue is done (PTB
    marks an update done after its handlers ran). No reply needed: service messages get none."""
    async with asyncio.timeout(timeout):
        while fake.unconfirmed_updates():
            await asyncio.sleep(CONFIRM_POLL_SECONDS)
        await application.update_queue.join()


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (as the system just handed it out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def webhook_settings(settings: Settings) -> Settings:
    """`settings` serving a webhook at /tg/hook on a free port of 127.0.0.1."""
    port = free_port()
    return settings.model_copy(
        update={
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": port,
        }
    )


def to(chat_id: int, containing: str = "") -> Callable[[Call], bool]:
    """`wait_for` filter: calls addressed to this chat (whose text contains `containing`)."""
    return lambda call: (
        call.params.get("chat_id") == chat_id and containing in call.params.get("text", "")
    )


def buttons(call: Call) -> list[str]:
    """The callback data of every inline button a call sent, row by row."""
    markup = call.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


@asynccontextmanager
async def started_bot(
    settings: Settings, webhook: dict[str, Any] | None = None
) -> AsyncIterator[Application]:
    """Build the application on a fresh runtime, run `post_init`, and poll with 1 s long polls
    (or serve `webhook`).

    `post_init`, `post_stop` and `post_shutdown` are called here, in the order `run_polling`
    calls them, because only `run_polling` calls them by itself; polling errors go to the
    application's error handler, as `run_polling` sends them.
    """
    runtime = Runtime.start(settings)
    application = build_application(settings, runtime)

    def polling_error(exc: Exception) -> None:
        application.create_task(application.process_error(update=None, error=exc))

    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        if webhook is None:
            await application.updater.start_polling(
                poll_interval=0, timeout=1, error_callback=polling_error
            )
        else:
            await application.updater.start_webhook(**webhook)
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        runtime.close()


@pytest.fixture
async def running_bot(bot_settings: Settings) -> AsyncIterator[Application]:
    async with started_bot(bot_settings) as application:
        yield application

"""GET /healthz beside the webhook: 200 while the bot serves, 503 when its database fails."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from bot.config import Settings
from bot.telegram.app import webhook_options
from bot.telegram.healthz import HEALTHZ_PATH
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fixtures import started_bot, webhook_settings


class Unavailable:
    """A state database that fails every statement, as a full or vanished disk does."""

    def execute(self, *args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")


async def test_healthz_answers_in_webhook_mode(
    bot_settings: Settings, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = webhook_settings(bot_settings)
    port = settings.WEBHOOK_PORT
    base = f"http://127.0.0.1:{port}"
    webhook = webhook_options(settings, "s3cret")
    async with started_bot(settings, webhook=webhook) as application, httpx.AsyncClient() as client:
        healthy = await client.get(base + HEALTHZ_PATH)
        assert healthy.status_code == 200
        version = application.bot_data.runtime.store.version
        assert healthy.json() == {"status": "ok", "knowledge_version": version}
        assert healthy.headers["content-type"] == "application/json"
        assert (await client.head(base + HEALTHZ_PATH)).status_code == 200
        # the webhook itself still takes only Telegram's POSTs
        assert (await client.get(base + "/tg/hook")).status_code == 405
        runtime = application.bot_data.runtime
        state = runtime.state
        monkeypatch.setattr(runtime, "state", Unavailable())
        try:
            broken = await client.get(base + HEALTHZ_PATH)
        finally:
            monkeypatch.setattr(runtime, "state", state)
        assert broken.status_code == 503
        assert broken.json() == {"status": "database unavailable", "error": "disk I/O error"}
    assert fake_api.calls_to("setWebhook")

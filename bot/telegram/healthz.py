"""`GET /healthz` beside the webhook, for a load balancer, Docker or systemd to poll.

python-telegram-bot's webhook server (tornado) serves only the webhook path, so its application
class is given one more route (`install`, before `run_webhook`/`start_webhook`). The check is
cheap, as a probe polled every few seconds needs: the application is running and the state
database answers; it calls no Telegram method (`briefbot doctor` does the thorough checks).
200 with {"status": "ok", ...} when healthy, 503 with the reason otherwise.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import tornado.web
from telegram.ext import _updater

from bot.telegram.context import BotApp

HEALTHZ_PATH = "/healthz"


class HealthzHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, bot_app: BotApp) -> None:
        self.bot_app = bot_app  # not `application`: tornado's own name for its app

    def _status(self) -> tuple[int, dict[str, Any]]:
        application = self.bot_app
        if not application.running:
            return 503, {"status": "stopping"}
        runtime = application.bot_data.runtime
        try:
            runtime.state.execute("SELECT 1").fetchone()
        except sqlite3.Error as exc:
            return 503, {"status": "database unavailable", "error": str(exc)}
        return 200, {"status": "ok", "knowledge_version": runtime.store.version}

    def get(self) -> None:
        status, body = self._status()
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(json.dumps(body))

    def head(self) -> None:
        status, _ = self._status()
        self.set_status(status)


def install(application: BotApp) -> None:
    """Make the webhook servers python-telegram-bot starts from now on also serve /healthz."""
    base = _updater.WebhookAppClass
    original = getattr(base, "briefbot_original", base)

    class WithHealthz(original):  # type: ignore[misc, valid-type]
        briefbot_original = original

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.wildcard_router.add_rules(
                [(HEALTHZ_PATH, HealthzHandler, {"bot_app": application})]
            )

    _updater.WebhookAppClass = WithHealthz  # type: ignore[misc]

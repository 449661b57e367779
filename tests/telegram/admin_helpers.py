"""What the tests of admin features share: who the admin is, who asks, what, and how to wait
for a reply that contains a given text.

A test module that imports `admin_bot_settings` from here runs its bot with ADMIN as its
administrator: imported, the fixture overrides `bot_settings` for that module::

    from tests.telegram.admin_helpers import ADMIN, to
    from tests.telegram.admin_helpers import admin_bot_settings  # noqa: F401 (fixture)
"""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.config import Settings
from bot.runtime import Runtime
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fixtures import to

ADMIN = 4242
ALICE = 1001
KIM_QUESTION = "Qui Kim Jong Un a-t-il rencontré ?"
SETTLE_MS = 100  # the tests write each knowledge file at once: nothing to wait for


@pytest.fixture(name="bot_settings")
def admin_bot_settings(bot_settings: Settings) -> Settings:
    """Overrides the shared fixture: ADMIN is the bot's administrator, and a knowledge file
    the test writes (in one go) is reloaded once it kept still for SETTLE_MS, not 500 ms."""
    return bot_settings.model_copy(
        update={"ADMIN_IDS": frozenset({ADMIN}), "KNOWLEDGE_SETTLE_MS": SETTLE_MS}
    )


def runtime_of(application: Application) -> Runtime:
    runtime: Runtime = application.bot_data.runtime
    return runtime


async def ask(fake: FakeBotApi, chat_id: int, text: str) -> str:
    """Send `text` from the chat; the text of the bot's next message to it."""
    fake.push_text(chat_id, text)
    call = await fake.wait_for("sendMessage", to(chat_id))
    return str(call.params["text"])

"""Through the fake Bot API: a hostile file dropped into the knowledge folder of a running bot is
refused with a short file:line report to admins, and users keep their answers."""

from __future__ import annotations

import pytest
from telegram.ext import Application

from bot.runtime import Runtime
from tests.fake_bot_api import FakeBotApi
from tests.knowledge.test_hostile_files import HOSTILE
from tests.telegram.admin_helpers import (
    ADMIN,
    ALICE,
    KIM_QUESTION,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
    to,
)


@pytest.mark.parametrize("name", ["bomb.yaml", "deep-flow.yaml", "nul.yaml", "big-int.yaml"])
async def test_a_hostile_file_in_the_folder_is_refused_and_users_keep_answers(
    fake_api: FakeBotApi, running_bot: Application, name: str
) -> None:
    runtime: Runtime = running_bot.bot_data.runtime
    version = runtime.store.version
    content, line, words = HOSTILE[name]
    mark = fake_api.mark()
    (runtime.settings.KNOWLEDGE_DIR / name).write_bytes(content)
    notice = await fake_api.wait_for("sendMessage", to(ADMIN, name), timeout=15, since=mark)
    text = notice.params["text"]
    assert f"{name}:{line}: " in text and words in text and len(text) < 1500
    fake_api.push_text(ALICE, KIM_QUESTION)
    answer = await fake_api.wait_for("sendMessage", to(ALICE), timeout=10, since=mark)
    assert "Belooussov" in answer.params["text"]
    assert runtime.store.version == version

"""Through the fake Bot API: a change that removes most facts waits for an admin's explicit
confirmation, whether it comes as an upload or as an edit on disk."""

from __future__ import annotations

from telegram.ext import Application

from bot.config import Settings
from tests.fake_bot_api import Call, FakeBotApi
from tests.knowledge.helpers import ARTICLE_FILE, snapshot
from tests.telegram.admin_helpers import (
    ADMIN,
    ALICE,
    KIM_QUESTION,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
    runtime_of,
    to,
)
from tests.telegram_fixtures import started_bot


def _without_facts(text: str) -> str:
    """The article file with its document and none of its facts: a truncated save."""
    return text.split("\nfacts:", 1)[0] + "\n"


def _button(call: Call, index: int) -> str:
    data: str = call.params["reply_markup"]["inline_keyboard"][0][index]["callback_data"]
    return data


async def _press(fake: FakeBotApi, call: Call, index: int) -> None:
    fake.push_callback(ADMIN, call.result["message_id"], _button(call, index))


async def test_an_upload_removing_most_facts_waits_for_an_admin(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = runtime_of(running_bot)
    directory = runtime.settings.KNOWLEDGE_DIR
    before, facts = snapshot(directory), len(runtime.store.facts)
    truncated = _without_facts((directory / ARTICLE_FILE).read_text(encoding="utf-8"))
    fake_api.push_document(ADMIN, truncated.encode(), ARTICLE_FILE, "application/x-yaml")
    asked = await fake_api.wait_for("sendMessage", to(ADMIN, "ne garderait que"), timeout=10)
    assert f"0 des {facts} faits" in asked.params["text"]
    assert snapshot(directory) == before and len(runtime.store.facts) == facts
    mark = fake_api.mark()
    await _press(fake_api, asked, 1)  # keep the current knowledge
    kept = await fake_api.wait_for("sendMessage", to(ADMIN, "Rien n'a changé"), since=mark)
    assert kept and snapshot(directory) == before
    fake_api.push_document(ADMIN, truncated.encode(), ARTICLE_FILE, "application/x-yaml")
    mark = fake_api.mark()
    asked = await fake_api.wait_for("sendMessage", to(ADMIN, "ne garderait que"), since=mark)
    mark = fake_api.mark()
    await _press(fake_api, asked, 0)  # apply
    await fake_api.wait_for("sendMessage", to(ADMIN, "installé"), timeout=10, since=mark)
    assert len(runtime.store.facts) == 0
    assert (directory / ARTICLE_FILE).read_text(encoding="utf-8") == truncated


async def test_a_disk_edit_removing_most_facts_keeps_serving_until_confirmed(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = runtime_of(running_bot)
    path = runtime.settings.KNOWLEDGE_DIR / ARTICLE_FILE
    version, facts = runtime.store.version, len(runtime.store.facts)
    mark = fake_api.mark()
    path.write_text(_without_facts(path.read_text(encoding="utf-8")), encoding="utf-8")
    asked = await fake_api.wait_for(
        "sendMessage", to(ADMIN, "ne garderait que"), timeout=15, since=mark
    )
    assert (
        f"0 des {facts} faits" in asked.params["text"]
        and f"version {version}" in asked.params["text"]
    )
    fake_api.push_text(ALICE, KIM_QUESTION)
    answer = await fake_api.wait_for("sendMessage", to(ALICE), since=mark)
    assert "Belooussov" in answer.params["text"] and runtime.store.version == version
    mark = fake_api.mark()
    await _press(fake_api, asked, 0)
    await fake_api.wait_for("sendMessage", to(ADMIN, "rechargé"), timeout=10, since=mark)
    assert runtime.store.version != version and len(runtime.store.facts) == 0


async def test_a_disk_edit_held_when_the_bot_stops_is_still_held_after_a_restart(
    fake_api: FakeBotApi, bot_settings: Settings
) -> None:
    async with started_bot(bot_settings) as application:
        runtime = runtime_of(application)
        path = runtime.settings.KNOWLEDGE_DIR / ARTICLE_FILE
        version, facts = runtime.store.version, len(runtime.store.facts)
        mark = fake_api.mark()
        path.write_text(_without_facts(path.read_text(encoding="utf-8")), encoding="utf-8")
        await fake_api.wait_for(
            "sendMessage", to(ADMIN, "ne garderait que"), timeout=15, since=mark
        )
    mark = fake_api.mark()
    async with started_bot(bot_settings) as application:
        runtime = runtime_of(application)
        assert runtime.store.version == version and len(runtime.store.facts) == facts
        asked = await fake_api.wait_for(
            "sendMessage", to(ADMIN, "ne garderait que"), timeout=15, since=mark
        )
        assert f"0 des {facts} faits" in asked.params["text"]
        fake_api.push_text(ALICE, KIM_QUESTION)
        answer = await fake_api.wait_for("sendMessage", to(ALICE), since=mark)
        assert "Belooussov" in answer.params["text"]
        mark = fake_api.mark()
        await _press(fake_api, asked, 0)
        await fake_api.wait_for("sendMessage", to(ADMIN, "rechargé"), timeout=10, since=mark)
        assert len(runtime.store.facts) == 0
    async with started_bot(bot_settings) as application:  # confirmed: nothing held any more
        assert len(runtime_of(application).store.facts) == 0

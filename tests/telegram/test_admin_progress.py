"""A long /reload shows it is at work: "typing…", then a notice with the index build's progress,
deleted when the answer comes. The build is held at a known point (its real progress reporter
writes the real progress file), so the test sees the notice whatever the machine's speed."""

from __future__ import annotations

import threading

import pytest
from telegram.ext import Application

from bot.knowledge.build_progress import Reporter
from bot.runtime import PreparedReload
from bot.telegram import working
from tests.fake_bot_api import FakeBotApi
from tests.telegram.admin_helpers import (
    ADMIN,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
    ask,
    runtime_of,
    to,
)

HOLD_SECONDS = 30.0  # the held build gives up after this, so a failing test cannot hang


@pytest.fixture
def quick_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice after no time at all, chat actions and edits as often as the loop turns."""
    monkeypatch.setattr(working, "NOTICE_AFTER", 0.0)
    monkeypatch.setattr(working, "ACTION_EVERY", 0.05)
    monkeypatch.setattr(working, "UPDATE_EVERY", 0.0)


async def test_a_long_reload_shows_its_progress_then_answers(
    fake_api: FakeBotApi, running_bot: Application, quick_notices: None
) -> None:
    runtime = runtime_of(running_bot)
    release = threading.Event()
    real_prepare = runtime.prepare_reload

    def slow_prepare() -> PreparedReload:
        reporter = Reporter(runtime.settings.KNOWLEDGE_INDEX)
        reporter("encode", 12, 100)
        release.wait(HOLD_SECONDS)
        reporter.finish()
        return real_prepare()

    runtime.prepare_reload = slow_prepare  # type: ignore[method-assign]
    mark = fake_api.mark()
    fake_api.push_command(ADMIN, "reload")
    notice = await fake_api.wait_for("sendMessage", to(ADMIN, "12/100"), since=mark)
    assert "⏳ Reconstruction de l'index de recherche : calcul du sens des faits" in str(
        notice.params["text"]
    )
    typing = fake_api.calls_to("sendChatAction", mark)
    assert typing and typing[0].params["action"] == "typing"
    release.set()
    answer = await fake_api.wait_for("sendMessage", to(ADMIN, "Connaissances rechargées"))
    deleted = fake_api.calls_to("deleteMessage", mark)
    assert [c.params["message_id"] for c in deleted] == [notice.result["message_id"]]
    assert deleted[0].at <= answer.at  # gone before the answer, never left at "12 %"


async def test_a_quick_reload_gets_its_answer_alone(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    mark = fake_api.mark()
    assert "Connaissances rechargées" in await ask(fake_api, ADMIN, "/reload")
    assert len(fake_api.calls_to("sendMessage", mark)) == 1  # no notice before it
    assert fake_api.calls_to("deleteMessage", mark) == []

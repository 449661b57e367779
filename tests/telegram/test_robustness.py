"""End to end: what users and Telegram throw at the bot (429, floods, stickers, errors...)."""

from __future__ import annotations

import logging

import pytest
from telegram.ext import Application

from tests.fake_bot_api import FakeBotApi
from tests.telegram.admin_helpers import (
    ADMIN,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
)
from tests.telegram_fixtures import to

ALICE = 1001
BOB = 1002
GROUP = -5001


async def sync(fake: FakeBotApi) -> None:
    """Wait until every update pushed so far is handled: updates are processed in order, so
    once Bob's question is answered, everything before it is done."""
    fake.push_text(BOB, "Bonjour", language_code="en")
    await fake.wait_for("sendMessage", to(BOB))


async def test_429_is_retried_and_the_message_arrives(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.fail_next("sendMessage", count=1, retry_after=1)
    fake_api.push_text(ALICE, "Qui Kim Jong Un a-t-il rencontré ?")
    delivered = await fake_api.wait_for("sendMessage", to(ALICE), timeout=10)
    attempts = fake_api.calls_to("sendMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[0].params["text"] == delivered.params["text"]
    assert delivered.at - attempts[0].at >= 1.0  # retry_after was honoured


async def test_flood_protection(fake_api: FakeBotApi, running_bot: Application) -> None:
    for _ in range(22):
        fake_api.push_text(ALICE, "Bonjour")
    await sync(fake_api)
    texts = fake_api.sent_texts(ALICE)
    assert len(texts) == 21  # 20 answers, one warning, then silence
    assert "Doucement" in texts[-1]
    assert not any("Doucement" in t for t in texts[:-1])
    runtime = running_bot.bot_data.runtime
    runtime.writer.flush()  # the question log is written off the event loop
    count = runtime.state.execute("SELECT count(*) FROM question_log WHERE chat_id = ?", [ALICE])
    assert count.fetchone() == (20,)


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice"])
async def test_media_gets_a_polite_reply_in_private(
    fake_api: FakeBotApi, running_bot: Application, kind: str
) -> None:
    fake_api.push_media(ALICE, kind)
    call = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "questions écrites" in call.params["text"]


async def test_media_in_a_group_is_ignored(fake_api: FakeBotApi, running_bot: Application) -> None:
    fake_api.push_media(GROUP, "sticker", user_id=2001, chat_type="group")
    await sync(fake_api)
    assert fake_api.sent_texts(GROUP) == []


async def test_documents_from_users_get_a_reply_those_from_admins_are_left_to_admin(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_document(ALICE, b"facts: []\n", "facts.yaml")
    call = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "questions écrites" in call.params["text"]
    fake_api.push_document(ADMIN, b"facts: []\n", "facts.yaml")
    await sync(fake_api)
    assert not any("questions écrites" in t for t in fake_api.sent_texts(ADMIN))


async def test_edited_message_gets_a_note_not_a_second_answer(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    question = fake_api.push_text(ALICE, "Qui Kim Jong Un a-t-il rencontré ?")
    await fake_api.wait_for("sendMessage", to(ALICE))
    message_id = question["message"]["message_id"]
    fake_api.push_edited_text(ALICE, message_id, "Qui Kim Jong Un a-t-il vu ?")
    call = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "modifié votre message" in call.params["text"]
    runtime = running_bot.bot_data.runtime
    runtime.writer.flush()  # the question log is written off the event loop
    assert runtime.state.execute("SELECT count(*) FROM question_log").fetchone() == (1,)


async def test_blank_text_is_not_sent_to_the_engine(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_text(ALICE, "   ")
    call = await fake_api.wait_for("sendMessage", to(ALICE))
    assert call.params["text"].startswith("Posez-moi une question")
    runtime = running_bot.bot_data.runtime
    runtime.writer.flush()  # the question log is written off the event loop
    assert runtime.state.execute("SELECT count(*) FROM question_log").fetchone() == (0,)


async def test_error_in_a_handler_is_logged_reported_and_the_bot_goes_on(
    fake_api: FakeBotApi, running_bot: Application, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = running_bot.bot_data.runtime
    real_ask = runtime.ask

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded")

    runtime.ask = broken
    fake_api.push_text(ALICE, "Qui Kim Jong Un a-t-il rencontré ?")
    call = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "erreur" in call.params["text"]
    assert any(
        r.levelno == logging.ERROR and "engine exploded" in (r.exc_text or str(r.exc_info))
        for r in caplog.records
    )
    assert not any(fake_api.token in r.getMessage() for r in caplog.records)
    assert "Qui Kim" not in caplog.text  # user texts stay out of the logs

    runtime.ask = real_ask
    fake_api.push_text(ALICE, "Qui Kim Jong Un a-t-il rencontré ?")
    again = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "Belooussov" in again.params["text"]  # ANSWER-CONTENT


async def test_a_user_who_blocked_the_bot_does_not_stop_it(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.block_chat(ALICE)
    fake_api.push_text(ALICE, "Bonjour")
    refused = await fake_api.wait_for("sendMessage", to(ALICE), ok=False)
    assert refused.status == 403
    await sync(fake_api)
    assert fake_api.sent_texts(ALICE) == []


async def test_every_message_sent_was_accepted_by_the_fake_server(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    """A mixed session: nothing the bot sends may be refused (HTML, lengths, buttons)."""
    for text in ("/start", "/help", "/sources", "/settings", "Qui ?", "<>&", "Tell me all"):
        fake_api.push_text(ALICE, text)
    await sync(fake_api)
    refused = [(c.method, c.result) for c in fake_api.calls if not c.ok]
    assert refused == []


async def test_polling_survives_a_network_error(
    fake_api: FakeBotApi, running_bot: Application, caplog: pytest.LogCaptureFixture
) -> None:
    """A 502 from the Bot API while polling is a network error: logged in one line, retried."""
    fake_api.fail_next("getUpdates", status=502, description="Bad Gateway")
    await sync(fake_api)  # ends the current long poll at once; the next one fails
    await fake_api.wait_for("getUpdates", ok=False, timeout=5)
    fake_api.push_text(ALICE, "Bonjour")
    await fake_api.wait_for("sendMessage", to(ALICE), timeout=10)
    warnings = [r for r in caplog.records if "Telegram unreachable, retrying" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None

"""End to end: a follow-up in Telegram refers to the chat's previous answer, per chat."""

from __future__ import annotations

from telegram.ext import Application

from bot.messages import t
from tests.fake_bot_api import FakeBotApi
from tests.telegram.test_conversation import ask

CAROL = 1003
DAVE = 1004


async def test_follow_up_is_resolved_against_the_chats_previous_answer(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    await ask(fake_api, CAROL, "Did North Korea send soldiers to Russia?", language_code="en")
    call = await ask(fake_api, CAROL, "who says that?", language_code="en")
    text = call.params["text"]
    assert "United States and South Korea" in text  # ANSWER-CONTENT
    assert "accusation" in text
    # Another chat has no previous answer: its follow-up asks what it refers to.
    other = await ask(fake_api, DAVE, "who says that?", language_code="en")
    assert t("en", "followup.no_previous").split("?")[0] in other.params["text"]


async def test_swapped_roles_are_corrected_and_followed_up(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await ask(
        fake_api, CAROL, "Did South Korea send soldiers to Russia?", language_code="en"
    )
    assert call.params["text"].startswith(t("en", "answer.correction"))
    assert "accuse North Korea" in call.params["text"]  # ANSWER-CONTENT
    call = await ask(fake_api, CAROL, "who says that?", language_code="en")
    assert "United States and South Korea" in call.params["text"]  # ANSWER-CONTENT

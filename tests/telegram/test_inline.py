"""End to end: inline mode answers `@bot question` with cited cards (answerInlineQuery)."""

from __future__ import annotations

from telegram.ext import Application

from bot.telegram.context import INLINE_LIMIT
from tests.fake_bot_api import Call, FakeBotApi, parse_html

ALICE = 1001


async def inline(fake: FakeBotApi, query: str, user_id: int = ALICE, **kw: object) -> Call:
    query_id = fake.push_inline_query(user_id, query, **kw)  # type: ignore[arg-type]
    return await fake.wait_for(
        "answerInlineQuery", lambda c: c.params["inline_query_id"] == query_id
    )


def texts(call: Call) -> list[str]:
    return [r["input_message_content"]["message_text"] for r in call.params["results"]]


async def test_a_question_gets_up_to_three_cited_cards_in_its_language(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await inline(fake_api, "Qui Kim Jong Un a-t-il rencontré ?")
    results = call.params["results"]
    assert 1 <= len(results) <= 3
    assert [r["type"] for r in results] == ["article"] * len(results)
    assert results[0]["title"] == "Qui Kim Jong Un a-t-il rencontré ?"
    first = results[0]["input_message_content"]
    assert first["parse_mode"] == "HTML"
    assert first["message_text"].startswith("<b>❓ Qui Kim Jong Un a-t-il rencontré ?</b>")
    assert "Belooussov" in first["message_text"]  # ANSWER-CONTENT
    for text in texts(call):
        assert "<b>Sources :</b>" in text  # every card is cited, in French
        parse_html(text)
    assert len({r["id"] for r in results}) == len(results)
    assert call.params["cache_time"] > 0


async def test_an_english_question_is_answered_in_english(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await inline(fake_api, "Who did Kim Jong Un meet?", language_code="fr")
    assert "<b>Sources:</b>" in texts(call)[0]


async def test_a_refused_question_gets_one_no_information_card(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await inline(fake_api, "Did Putin visit Pyongyang?", language_code="en")
    (card,) = call.params["results"]
    assert card["title"] == "No information on this"
    assert "do not mention Putin" in card["input_message_content"]["message_text"]


async def test_cards_are_cached_and_queries_are_not_logged(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = running_bot.bot_data.runtime
    first = await inline(fake_api, "Qui Kim Jong Un a-t-il rencontré ?")
    again = await inline(fake_api, "qui kim jong un  a-t-il rencontré ?", user_id=1002)
    assert again.params["results"] == first.params["results"]
    assert len(running_bot.bot_data.inline_cache) == 1
    logged = runtime.state.execute("SELECT count(*) FROM question_log").fetchone()
    assert logged == (0,)


async def test_an_empty_query_offers_the_private_chat(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await inline(fake_api, "  ")
    assert call.params["results"] == []
    assert call.params["button"]["start_parameter"] == "inline"
    assert "question" in call.params["button"]["text"]


async def test_inline_queries_are_rate_limited_per_user(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    for index in range(INLINE_LIMIT):
        await inline(fake_api, f"pétrole {index}")
    warned = await inline(fake_api, "pétrole encore")
    assert warned.params["results"] == [] and "patientez" in warned.params["button"]["text"]
    mark = fake_api.mark()
    fake_api.push_inline_query(ALICE, "pétrole toujours")
    other = await inline(fake_api, "pétrole", user_id=1002)  # another user is served
    assert other.params["results"]
    answered = [c.params["inline_query_id"] for c in fake_api.calls_to("answerInlineQuery", mark)]
    assert len(answered) == 1  # the flooding user got no answer this time


async def test_small_talk_gets_one_uncited_card(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await inline(fake_api, "Bonjour")
    (card,) = call.params["results"]
    assert "sources" not in card.get("description", "")
    assert "Bonjour" in card["input_message_content"]["message_text"]

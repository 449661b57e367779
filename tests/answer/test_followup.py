"""Follow-ups and multi-part questions on the fixed test knowledge (tests/knowledge_fixed/).

Each case is a pair of messages and what the second reply must contain; they were written
before the code was run on them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.answer.engine import answer_question
from bot.answer.followup import Conversation, converse
from bot.answer.multipart import split_parts
from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from tests.conftest import FIXED_KNOWLEDGE

TROOPS_EN = "Did North Korea send soldiers to Russia?"
MEETING_FR = "Qui Kim Jong Un a-t-il rencontré ?"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    index = tmp_path_factory.mktemp("index") / "index.db"
    ensure_index(FIXED_KNOWLEDGE, index)
    opened = KnowledgeStore.open(index)
    yield opened
    opened.close()


def chat(store: KnowledgeStore, *messages: str) -> list[str]:
    conversation = Conversation()
    return [converse(store, conversation, m).plain_text() for m in messages]


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        (TROOPS_EN, "who says that?", ["United States and South Korea", "accusation"]),
        (MEETING_FR, "et qui dit ça ?", ["KCNA", "l'agence officielle"]),
        (TROOPS_EN, "according to whom?", ["United States and South Korea"]),
        (TROOPS_EN, "and China?", ["China"]),
        # X takes the place of the doer when the receiver reading is not answered, and the
        # swapped roles are corrected with the fact.
        (TROOPS_EN, "and South Korea?", ["No:", "accuse North Korea"]),
        ("Les soldats nord-coréens envoyés en Russie ?", "et la Chine ?", ["Chine"]),
        ("Combien de soldats la Corée du Nord a-t-elle envoyés ?", "et en échange ?", ["pétrole"]),
        (
            MEETING_FR,
            "Qui a-t-il rencontré et de quoi ont-ils parlé ?",
            ["Belooussov", "partenariat"],
        ),
    ],
)
def test_follow_up_refers_to_the_previous_answer(
    store: KnowledgeStore, first: str, follow_up: str, expected: list[str]
) -> None:
    _, second = chat(store, first, follow_up)
    for text in expected:
        assert text in second


@pytest.mark.parametrize(
    "message", ["who says that?", "plus de détails", "pourquoi ?", "more details?"]
)
def test_follow_up_without_previous_answer_asks_what_it_refers_to(
    store: KnowledgeStore, message: str
) -> None:
    reply = converse(store, Conversation(), message)
    assert not reply.answered
    assert reply.plain_text() == t(reply.language, "followup.no_previous")


def test_follow_up_shape_that_stands_alone_is_answered_alone(store: KnowledgeStore) -> None:
    reply = converse(store, Conversation(), "et en échange ?")
    assert reply.answered
    assert reply.fact_ids == answer_question(store, "et en échange ?").fact_ids


def test_follow_up_in_the_other_language_is_answered_in_it(store: KnowledgeStore) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    reply = converse(store, conversation, "et qui dit ça ?")
    assert reply.language == "fr" and "Les États-Unis et la Corée du Sud" in reply.plain_text()


def test_more_details_gives_facts_not_shown_yet(store: KnowledgeStore) -> None:
    conversation = Conversation()
    first = converse(store, conversation, "Who did Kim Jong Un meet?")
    more = converse(store, conversation, "more details?")
    assert more.answered and more.fact_ids
    assert not set(more.fact_ids) & set(first.fact_ids)
    again = converse(store, conversation, "plus de détails")
    assert not set(again.fact_ids) & (set(first.fact_ids) | set(more.fact_ids))


def test_why_gives_facts_that_state_a_reason(store: KnowledgeStore) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    reply = converse(store, conversation, "why?")
    assert reply.answered
    assert all("why" in store.facts[f].answers for f in reply.fact_ids)


def test_refused_swap_keeps_the_question_before(store: KnowledgeStore) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    refused = converse(store, conversation, "and China?")
    assert not refused.answered and "China" in refused.plain_text()
    who = converse(store, conversation, "who says that?")
    assert "United States and South Korea" in who.plain_text()


def test_multi_part_question_is_answered_part_by_part(store: KnowledgeStore) -> None:
    _, text = chat(store, "Hello", "Who did Kim meet and when?")
    assert "Belousov" in text and "29 November 2024" in text


def test_split_parts_completes_a_bare_question_word() -> None:
    assert split_parts("Who did Kim meet and when?") == [
        "Who did Kim meet ?",
        "when did Kim meet ?",
    ]
    assert len(split_parts("Qui a-t-il rencontré et de quoi ont-ils parlé ?")) == 2
    assert split_parts("Quand et où Kim a-t-il rencontré Belooussov ?") == [
        "Quand Kim a-t-il rencontré Belooussov ?",
        "où Kim a-t-il rencontré Belooussov ?",
    ]
    assert split_parts("What did Kim and Belousov discuss?") == [
        "What did Kim and Belousov discuss?"
    ]


@pytest.mark.parametrize("question", ["Who did Kim Jong Un meet?", "KCNA?", "Pétrole ?"])
def test_new_questions_are_answered_as_the_engine_answers_them(
    store: KnowledgeStore, question: str
) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    assert (
        converse(store, conversation, question).fact_ids
        == answer_question(store, question).fact_ids
    )


def test_neuter_pronoun_refers_to_the_previous_question(store: KnowledgeStore) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    reply = converse(store, conversation, "is it confirmed?")
    assert reply.fact_ids == ["north-korean-troops-accusation"]
    assert t("en", "answer.not_confirmed", speaker="").split(":")[0] in reply.plain_text()


def test_french_speakers_are_contracted(store: KnowledgeStore) -> None:
    _, text = chat(
        store, "La Corée du Nord a-t-elle envoyé des soldats en Russie ?", "qui dit ça ?"
    )
    assert "des États-Unis" in text and "de les" not in text


def test_a_full_question_after_and_is_a_new_question(store: KnowledgeStore) -> None:
    conversation = Conversation()
    converse(store, conversation, TROOPS_EN)
    reply = converse(store, conversation, "And who did Kim Jong Un meet?")
    assert "Belousov" in reply.plain_text()


def test_multi_part_question_with_an_unanswerable_part_says_so(store: KnowledgeStore) -> None:
    reply = converse(store, Conversation(), "Who did Kim Jong Un meet and how old is he?")
    text = reply.plain_text()
    assert reply.answered and "Belousov" in text
    refused = [p for p in reply.paragraphs if not p.cites]
    assert len(refused) == 1 and "how old is he" in refused[0].text

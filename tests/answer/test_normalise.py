"""What the core does to every message before answering it, whatever the adapter: politeness
removed, invisible characters normalised, one length cap."""

from __future__ import annotations

import pytest

from bot.answer.engine import MAX_QUESTION_CHARS, answer_question, normalise
from bot.answer.politeness import question_sentences, strip_politeness
from bot.knowledge.store import KnowledgeStore


def test_politeness_around_a_question_is_removed() -> None:
    assert strip_politeness("Bonjour, pourriez-vous me dire qui Kim a reçu ? Merci !") == (
        "qui Kim a reçu ?"
    )
    assert strip_politeness("Hi there, could you please tell me when the pact dates from? Thanks!")
    assert strip_politeness("Merci !") == ""


def test_politeness_is_not_taken_for_a_name(store: KnowledgeStore) -> None:
    reply = answer_question(store, "Bonsoir ! Pourriez-vous me dire qui Kim a rencontré ? Merci !")
    assert "Merci" not in reply.plain_text()


def test_invisible_characters_do_not_split_words(store: KnowledgeStore) -> None:
    assert normalise("Bel\u200booussov\u00a0 ?\ufeff") == "Belooussov ?"
    plain = answer_question(store, "Quel poste occupe Belooussov ?")
    hidden = answer_question(store, "Quel poste occupe Bel\u200booussov ?")
    assert hidden.answered == plain.answered and hidden.fact_ids == plain.fact_ids


def test_a_too_long_question_is_refused_by_the_core(store: KnowledgeStore) -> None:
    reply = answer_question(store, "Kim " * (MAX_QUESTION_CHARS // 4 + 1))
    assert not reply.answered and str(MAX_QUESTION_CHARS) in reply.plain_text()


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "Hi. I have been wondering about this: when did the talks end?",
            "when did the talks end?",
        ),
        ("Bonjour ! Une question : qui a vu Kim ? Merci d'avance.", "qui a vu Kim ?"),
        ("Kim met Belousov. Why?", "Kim met Belousov. Why?"),  # too short to stand alone
        ("Who did Kim meet?", "Who did Kim meet?"),
    ],
)
def test_the_sentences_around_the_question_are_left_out(message: str, question: str) -> None:
    assert question_sentences(message) == question

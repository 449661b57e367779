"""Language detection on short, mixed and foreign questions."""

from __future__ import annotations

import pytest

from bot.answer.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Belooussov ?", "fr"),
        ("Nombre de soldats ?", "fr"),
        ("tl;dr", "en"),
        ("What did the Corée du Nord send?", "en"),
        ("Who is the ministre russe de la Défense?", "en"),
        ("la russie et la coree du nord sont allié depuis quand ?", "fr"),
        ("wat did belousov and kim agre on", "en"),
        ("Quel poste occupe Andreï Belooussov ?", "fr"),
        ("How many troops were sent?", "en"),
        ("Weapons?", "en"),  # one word, no cue: its dictionary decides
        ("Armes ?", "fr"),
    ],
)
def test_french_or_english(text: str, expected: str) -> None:
    assert detect_language(text).language == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wann haben sich Kim Jong Un und Belousov getroffen?",
        "¿Cuándo se reunieron Kim Jong Un y Belousov en Pyongyang?",
    ],
)
def test_other_languages_are_recognised(text: str) -> None:
    detection = detect_language(text)
    assert not detection.supported


@pytest.mark.parametrize("previous", ["fr", "en"])
def test_ambiguous_question_keeps_the_conversation_language(previous: str) -> None:
    assert detect_language("KCNA?", previous=previous).language == previous


def test_detection_is_deterministic() -> None:
    text = "Kim Jong Un Belousov Pyongyang Moscou 2024"
    assert len({detect_language(text).language for _ in range(20)}) == 1


@pytest.mark.parametrize(
    "text", ["Wie geht es dir heute?", "Por qué se reunieron?", "Chi ha incontrato Kim?"]
)
def test_short_foreign_questions(text: str) -> None:
    assert not detect_language(text).supported


@pytest.mark.parametrize("text", ["Que se passe-t-il ?", "Qui a vu Kim ?", "Pourquoi le traité ?"])
def test_short_french_questions_stay_french(text: str) -> None:
    assert detect_language(text).language == "fr"


def test_a_one_word_message_follows_the_conversation(  # not its dictionary
) -> None:
    assert detect_language("Weapons?", previous="fr").language == "fr"

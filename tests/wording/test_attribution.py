"""The neutral wording: attribution by claim type, quotes, list joining, on several documents."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.knowledge.model import Fact, Localized
from bot.knowledge.store import KnowledgeStore
from bot.wording.attribution import attributed_sentence, contract, join_names, quote_block
from tests.multi_knowledge import multi_store  # noqa: F401

BOT = Path(__file__).resolve().parents[2] / "bot"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["", "A", "A and B", "A, B and C"]),
        ("fr", ["", "A", "A et B", "A, B et C"]),
    ],
)
def test_names_are_joined_once_each(language: str, expected: list[str]) -> None:
    lists: list[list[str]] = [[], ["A", "A"], ["A", "B"], ["A", "B", "C", "B"]]
    assert [join_names(names, language) for names in lists] == expected


def test_each_claim_type_keeps_its_speaker(multi_store: KnowledgeStore) -> None:  # noqa: F811
    facts = multi_store.facts
    accusation = attributed_sentence(multi_store, facts["orna-flow-accusation"], "en")
    assert accusation.startswith("Kestria's government accuses Valdoria")  # not "According to"
    measured = attributed_sentence(multi_store, facts["orna-flow-measured"], "fr")
    assert measured.startswith("Selon les inspecteurs de l'ONU, le débit")
    background = attributed_sentence(multi_store, facts["dam-completed"], "en")
    assert background.startswith("The article notes that the Tessa dam")
    person = attributed_sentence(multi_store, facts["fishermen-idle"], "en")
    assert person.startswith("According to Clara Voss, the mayor of Lenz, the fishermen")


def test_quotes_keep_the_original_words(multi_store: KnowledgeStore) -> None:  # noqa: F811
    french_quote = multi_store.facts["marov-gates"]
    assert quote_block(french_quote, "fr") == (
        "« Nous ouvrirons les vannes, mais nous ne renoncerons pas au barrage. »"
    )
    english = quote_block(french_quote, "en") or ""
    assert english.startswith("“We will open the gates")
    assert "(original: « Nous ouvrirons les vannes" in english
    assert quote_block(multi_store.facts["gates-reopening"], "en") is None
    english_quote = multi_store.facts["rell-theft"]  # translations work both ways
    assert quote_block(english_quote, "en") == "“This is theft of our water.”"
    assert quote_block(english_quote, "fr") == (
        "« C'est un vol de notre eau. » (original : “This is theft of our water.”)"
    )


def test_french_templates_are_contracted() -> None:
    assert contract("une affirmation de une source et de les experts", "fr") == (
        "une affirmation d'une source et des experts"
    )
    assert contract("de une", "en") == "de une"


def test_the_briefing_words_facts_without_the_answer_layer() -> None:
    """Layers run one way: the briefing shares wording with answers through bot.wording."""
    for path in (BOT / "briefing").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith("bot.answer")], path.name


def _only_in(fact: Fact, language: str) -> Fact:
    """The fact as a monolingual knowledge file gives it: text in one language only."""
    text = Localized.model_construct(**{language: getattr(fact.text, language)})
    return fact.model_copy(update={"text": text})


def test_a_fact_in_one_language_is_quoted_in_the_original_for_other_readers(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    french_only = _only_in(multi_store.facts["fishermen-idle"], "fr")
    assert attributed_sentence(multi_store, french_only, "en") == (
        "Clara Voss, the mayor of Lenz, in French (not translated): "
        "« Les pêcheurs de Lenz n'ont plus travaillé depuis trois semaines. »"
    )
    assert attributed_sentence(multi_store, french_only, "fr").startswith(
        "Selon Clara Voss, la maire de Lenz, les pêcheurs"
    )
    english_only = _only_in(multi_store.facts["dam-completed"], "en")
    sentence = attributed_sentence(multi_store, english_only, "fr")
    assert sentence.startswith("L'article, en anglais (non traduit) : “The Tessa dam, the largest")
    assert "TODO" not in sentence and "None" not in sentence

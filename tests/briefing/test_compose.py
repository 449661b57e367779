"""Composition: grouping, the engine's attribution wording, new facts first, clean splitting."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.briefing.compose import PLAIN, Brief, compose_brief, text_length
from bot.knowledge.store import KnowledgeStore
from bot.runtime import Runtime
from bot.wording.attribution import attributed_sentence

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def store(runtime: Runtime) -> KnowledgeStore:
    return runtime.store


def sections(brief: Brief) -> dict[str, list[str]]:
    return {s.key: [i.fact_id for i in s.items] for s in brief.sections}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_facts_are_grouped_by_claim_type_and_ordered_by_importance(
    store: KnowledgeStore, language: str
) -> None:
    brief = compose_brief(store, language, today=DAY)
    assert sections(brief) == {
        "happened": ["meeting", "consensus", "intervention"],
        "claims": ["troops", "missiles", "oil"],
        "stakes": ["treaty", "stakes"],
    }
    assert [s.key for s in brief.sections] == ["happened", "claims", "stakes"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_item_keeps_the_engine_attribution_and_a_numbered_citation(
    store: KnowledgeStore, language: str
) -> None:
    brief = compose_brief(store, language, today=DAY)
    numbers = {c.number: c for c in brief.citations}
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for item in brief.items:
        fact = store.facts[item.fact_id]
        assert item.text == attributed_sentence(store, fact, language)
        citation = numbers[item.cite]
        assert citation.source == store.speakers[fact.speaker].name.get(language)
        assert citation.document == store.documents[fact.document].title
    # As in answers, facts of the same speaker and document share one number.
    cites = {i.fact_id: i.cite for i in brief.items}
    assert cites["meeting"] == cites["consensus"] != cites["intervention"]
    assert cites["treaty"] == cites["stakes"]


def test_claims_say_who_makes_them(store: KnowledgeStore) -> None:
    brief = compose_brief(store, "en", today=DAY)
    claims = {i.fact_id: i.text for s in brief.sections if s.key == "claims" for i in s.items}
    assert "United States and South Korea accuse" in claims["troops"]
    assert claims["missiles"].startswith("A South Korean source claims")
    assert "(unverified)" in claims["missiles"]
    assert "experts" in claims["oil"]
    french = compose_brief(store, "fr", today=DAY).plain_text()
    assert "Une source sud-coréenne affirme" in french
    assert "information non vérifiée" in french


def test_new_facts_come_first_and_are_marked(store: KnowledgeStore) -> None:
    brief = compose_brief(store, "en", new_fact_ids={"oil", "treaty"}, today=DAY)
    assert brief.sections[0].key == "new"
    assert [i.fact_id for i in brief.sections[0].items] == ["oil", "treaty"]  # by importance
    assert all(i.new for i in brief.sections[0].items)
    assert not any(i.new for s in brief.sections[1:] for i in s.items)
    assert brief.fact_ids.count("oil") == 1  # not repeated in its group
    assert brief.new_fact_ids == ["oil", "treaty"]
    assert "experts" in brief.headline  # the headline is the news
    text = brief.plain_text()
    assert text.index("New since your last briefing") < text.index("What happened")
    assert "• 🆕 According to experts" in text


def test_headline_and_title(store: KnowledgeStore) -> None:
    brief = compose_brief(store, "fr", today=DAY)
    assert brief.title == "📰 Le point du 23 novembre 2026"
    assert brief.headline == attributed_sentence(store, store.facts["meeting"], "fr")
    assert "\n" not in brief.headline


def test_plain_text_has_quotes_and_sources(store: KnowledgeStore) -> None:
    text = compose_brief(store, "en", today=DAY).plain_text()
    assert "> “direct military intervention in the conflict”" in text
    assert "Sources:\n1. KCNA — “Corée du Nord – Russie : un rapprochement militaire”" in text
    assert "30 November 2024" in text


def test_the_brief_fits_one_message(store: KnowledgeStore) -> None:
    parts = compose_brief(store, "fr", today=DAY).plain_parts()
    assert len(parts) == 1


@pytest.mark.parametrize("limit", [400, 700, 1200])
def test_a_long_brief_splits_between_items(store: KnowledgeStore, limit: int) -> None:
    brief = compose_brief(store, "en", new_fact_ids={"stakes"}, today=DAY)
    parts = brief.render(PLAIN, limit)
    assert len(parts) > 1
    assert all(text_length(p) <= limit for p in parts)
    assert parts[0].startswith(brief.title)
    for item in brief.items:  # each item whole, in exactly one message
        line = f"{item.text} [{item.cite}]"
        assert sum(line in p for p in parts) == 1
    for part in parts:  # each message lists exactly the sources it cites
        cited = [c for c in brief.citations if f"[{c.number}]" in part]
        assert cited and all(f"\n{c.number}. {c.source}" in part for c in cited)


def test_an_item_too_long_for_any_message_is_shortened(store: KnowledgeStore) -> None:
    brief = compose_brief(store, "en", today=DAY)
    parts = brief.render(PLAIN, 300)  # room for a title, a source and a short sentence
    assert all(text_length(p) <= 300 for p in parts)
    assert any("…" in p for p in parts)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_leading_name_keeps_its_capital_after_the_attribution(
    store: KnowledgeStore, language: str
) -> None:
    """ "Kim" is a speaker here, not an entity: a name stays a name all the same."""
    sentence = attributed_sentence(store, store.facts["meeting"], language)
    assert ", Kim Jong Un" in sentence and "kim Jong Un" not in sentence

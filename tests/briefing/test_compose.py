"""Composition: the latest news first by document, a little background, the shared attribution
wording, a headline not repeated, one source per document, clean splitting."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from bot.briefing.compose import (
    BACKGROUND_FACTS,
    KEY_FACTS,
    PLAIN,
    Brief,
    compose_brief,
    text_length,
)
from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore
from bot.runtime import Runtime
from bot.wording.attribution import attributed_sentence
from tests.multi_knowledge import MULTI_KNOWLEDGE, multi_store  # noqa: F401

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
    assert brief.headline_fact_id == "meeting"  # the headline, not repeated as a bullet
    assert sections(brief) == {
        "happened": ["consensus", "intervention"],
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
        document = store.documents[fact.document]
        # A source is the document, by its publisher: no speaker is worded as its author.
        assert citation.source == document.publisher
        assert citation.document == document.title.get(language)
    # One document, one number: the sources list it once.
    assert {i.cite for i in brief.items} == {1} and brief.headline_cites == (1,)
    assert len(brief.citations) == 1


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
    brief = compose_brief(store, "en", new_fact_ids={"oil", "treaty", "stakes"}, today=DAY)
    assert brief.sections[0].key == "new"
    assert [i.fact_id for i in brief.sections[0].items] == ["treaty", "stakes"]  # by importance
    assert all(i.new for i in brief.sections[0].items)
    assert not any(i.new for s in brief.sections[1:] for i in s.items)
    assert brief.fact_ids.count("oil") == 1  # the headline is not repeated as a bullet
    assert brief.new_fact_ids == ["oil", "treaty", "stakes"]
    assert "experts" in brief.headline  # the headline is the news
    text = brief.plain_text()
    assert text.index("New since your last briefing") < text.index("For background")
    assert "• 🆕 The article notes" in text and "• 🆕 According to experts" not in text
    # Then at most a few background facts, the most important first.
    assert [s.key for s in brief.sections] == ["new", "background"]
    assert [i.fact_id for i in brief.sections[1].items] == ["meeting", "troops", "consensus"]


def test_headline_and_title(store: KnowledgeStore) -> None:
    brief = compose_brief(store, "fr", today=DAY)
    assert brief.title == "📰 Le point du 23 novembre 2026"
    assert brief.headline == attributed_sentence(store, store.facts["meeting"], "fr")
    assert "\n" not in brief.headline


def test_plain_text_has_quotes_and_sources(store: KnowledgeStore) -> None:
    text = compose_brief(store, "en", today=DAY).plain_text()
    assert "> “direct military intervention in the conflict”" in text
    assert "Sources:\n1. Presse — “Corée du Nord – Russie : un rapprochement militaire”" in text
    assert "30 November 2024" in text


def test_the_brief_fits_one_message(store: KnowledgeStore) -> None:
    parts = compose_brief(store, "fr", today=DAY).plain_parts()
    assert len(parts) == 1


@pytest.mark.parametrize("limit", [400, 700, 1000])
def test_a_long_brief_splits_between_items(store: KnowledgeStore, limit: int) -> None:
    brief = compose_brief(store, "en", today=DAY)  # 1,145 characters
    parts = brief.render(PLAIN, limit)
    assert len(parts) > 1
    assert all(text_length(p) <= limit for p in parts)
    assert parts[0].startswith(brief.title)
    for item in brief.items:  # each item whole, in exactly one message
        line = f"{item.text} {item.marks}"
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


# --- a moving story: several documents in both languages (tests/knowledge_multi) -------------

STORY_DAY = dt.date(2026, 3, 11)
LATER_NEWS = {  # what the 9 and 10 March articles added
    "orna-flow-measured",
    "harvest-estimate",
    "gates-reopening",
    "marov-gates",
    "fishermen-idle",
    "summit-analysis",
}


def test_with_nothing_new_the_latest_document_leads_then_a_little_background(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    brief = compose_brief(multi_store, "en", today=STORY_DAY)
    assert brief.headline_fact_id == "gates-reopening"  # the newest article's main fact
    assert "gates-reopening" not in [i.fact_id for i in brief.items]
    latest = [i for s in brief.sections if s.key != "background" for i in s.items]
    assert {multi_store.facts[i.fact_id].document for i in latest} == {
        "barrage-tessa-vannes-2026-03-10"
    }
    (background,) = [s for s in brief.sections if s.key == "background"]
    assert len(background.items) <= BACKGROUND_FACTS
    # The accusation and the inspectors' measurement are one event: one item, both sources.
    merged = next(i for i in background.items if i.fact_id == "orna-flow-accusation")
    assert merged.text.endswith("Confirmed by UN water inspectors.")
    assert len(merged.cites) == 2
    assert "orna-flow-measured" not in brief.fact_ids


def test_news_comes_first_grouped_by_document_newest_first(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    brief = compose_brief(multi_store, "fr", LATER_NEWS, today=STORY_DAY)
    news = [s for s in brief.sections if s.key == "new"]
    assert [s.key for s in brief.sections] == ["new", "new", "background"]
    assert news[0].title.startswith("🆕 Nouveau depuis votre dernier point\n« Barrage de Tessa")
    assert news[1].title == (
        "« UN inspectors confirm sharp fall in Orna river flow below Tessa dam », 9 mars 2026"
    )
    assert brief.headline_fact_id == "gates-reopening" and brief.headline_new
    assert [i.fact_id for i in news[1].items] == ["orna-flow-measured", "harvest-estimate"]
    assert news[1].items[0].text.endswith("Cela confirme une affirmation du gouvernement kestrien.")
    background = brief.sections[-1].items
    assert 0 < len(background) <= BACKGROUND_FACTS
    assert not {i.fact_id for i in background} & LATER_NEWS
    assert sorted(brief.new_fact_ids) == sorted(LATER_NEWS)


def test_sources_are_listed_once_per_document_by_publisher(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    brief = compose_brief(multi_store, "en", LATER_NEWS, today=STORY_DAY)
    documents = {multi_store.facts[f].document for f in brief.fact_ids}
    assert len(brief.citations) == len(documents) == 3
    speakers = {s.name.en for s in multi_store.speakers.values()}
    for citation in brief.citations:
        assert citation.source in {"Test Wire", "Le Quotidien de test"}
        assert citation.source not in speakers
    text = brief.plain_text()
    assert text.count("“Kestria accuses Valdoria of choking the Orna river") == 1


def test_the_size_is_capped(multi_store: KnowledgeStore) -> None:  # noqa: F811
    everything = set(multi_store.facts)
    assert len(compose_brief(multi_store, "en", everything, today=STORY_DAY).items) <= KEY_FACTS
    small = compose_brief(multi_store, "en", everything, today=STORY_DAY, key_facts=3)
    assert len(small.items) <= 3


def test_a_reader_without_a_last_brief_gets_the_last_24_hours(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    brief = compose_brief(multi_store, "en", {"gates-reopening", "marov-gates"}, new_since="day")
    assert brief.sections[0].title.startswith("🆕 New in the last 24 hours\n")


def test_the_same_event_told_twice_by_one_speaker_is_one_item(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(MULTI_KNOWLEDGE, knowledge)
    (knowledge / "repeat.yaml").write_text(
        """facts:
  - id: gates-reopening-again
    document: barrage-tessa-vannes-2026-03-10
    speaker: valdoria-government
    claim_type: statement
    importance: 3
    text:
      fr: la Valdorie rouvrira le 15 mars une partie des vannes du barrage de Tessa.
      en: Valdoria will reopen part of the gates of the Tessa dam on 15 March.
""",
        encoding="utf-8",
    )
    ensure_index(knowledge, tmp_path / "index.db")
    store = KnowledgeStore.open(tmp_path / "index.db")
    try:
        brief = compose_brief(store, "en", today=STORY_DAY)
        assert brief.headline_fact_id == "gates-reopening"
        assert "gates-reopening-again" not in brief.fact_ids
        assert "Also reported by" not in brief.plain_text()
    finally:
        store.close()

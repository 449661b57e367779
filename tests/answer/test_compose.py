"""Answers worded across several documents: each fact with its document, attribution kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.answer import compose
from bot.answer.engine import answer_question
from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore
from tests.multi_knowledge import MULTI_KNOWLEDGE, multi_store  # noqa: F401


def test_the_test_knowledge_spans_documents_languages_and_dates(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    documents = multi_store.documents.values()
    assert sorted(d.language for d in documents) == ["en", "en", "fr"]
    assert len({d.published for d in documents}) == 3
    for document in documents:
        assert document.source_file and (MULTI_KNOWLEDGE / document.source_file).is_file()
        assert any(f.document == document.id for f in multi_store.facts.values())


@pytest.mark.parametrize(
    ("question", "document", "date"),
    [
        ("What did Ana Rell say?", "Kestria accuses Valdoria", "2 March 2026"),
        ("Qu'a dit Piet Marov ?", "Barrage de Tessa : la Valdorie", "10 mars 2026"),
        ("What do experts say about the rice harvest?", "UN inspectors confirm", "9 March 2026"),
    ],
)
def test_a_citation_names_its_document_and_date(
    multi_store: KnowledgeStore,  # noqa: F811
    question: str,
    document: str,
    date: str,
) -> None:
    reply = answer_question(multi_store, question)
    assert reply.answered
    text = reply.plain_text()
    assert document in text and date in text
    assert all(isinstance(c.published, dt.date) for c in reply.citations)


def test_facts_from_several_documents_come_newest_first_with_document_and_date(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "Who confirms the drop in the Orna river flow?")
    facts = [c.fact_id for c in reply.citations]
    assert facts == ["orna-flow-measured", "orna-flow-accusation"]  # 9 March, then 2 March
    lead, first, second = (p.text for p in reply.paragraphs)
    assert lead == "Claimed by Kestria's government; confirmed by UN water inspectors."
    assert first.startswith("In “UN inspectors confirm sharp fall") and "(9 March 2026)" in first
    assert second.startswith("In “Kestria accuses Valdoria") and "(2 March 2026)" in second


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "Is it confirmed that the Orna flow fell by 40 percent?",
            "Claimed by Kestria's government; confirmed by UN water inspectors.",
        ),
        (
            "Est-il confirmé que le débit de l'Orna a baissé de 40 % ?",
            "Affirmé par le gouvernement kestrien ; confirmé par les inspecteurs de l'ONU.",
        ),
    ],
)
def test_a_claim_another_source_confirms_says_who_claims_and_who_confirms(
    multi_store: KnowledgeStore,  # noqa: F811
    question: str,
    lead: str,
) -> None:
    reply = answer_question(multi_store, question)
    assert reply.paragraphs[0].text == lead
    text = reply.plain_text()
    assert "not confirmed" not in text and "pas confirmé" not in text
    assert {"orna-flow-measured", "orna-flow-accusation"} <= set(reply.fact_ids)


def test_a_claim_no_source_confirms_is_not_confirmed(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(
        multi_store, "Is it confirmed that farmers will lose a third of the rice harvest?"
    )
    assert reply.paragraphs[0].text == (
        "This is not confirmed: it is a claim by agricultural experts, "
        "which none of my sources confirms."
    )
    assert "UN inspectors confirm sharp fall" in reply.plain_text()  # the citation names it


def test_the_refusal_hint_comes_from_the_knowledge(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "What is the price of rice?")
    assert not reply.answered and reply.hint
    assert "the Tessa dam" in reply.hint and "Kim Jong Un" not in reply.hint
    assert "“What is known about the Tessa dam?”" in reply.hint
    empty = answer_question(multi_store, "   ", previous_language="fr")
    assert empty.paragraphs[0].text.endswith("« Que sait-on du barrage de Tessa ? »")


def test_an_empty_knowledge_never_shows_a_placeholder(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "speakers.yaml").write_text("speakers: []\n", encoding="utf-8")
    ensure_index(tmp_path / "knowledge", tmp_path / "index.db")
    store = KnowledgeStore.open(tmp_path / "index.db")
    try:
        for language in ("fr", "en"):
            refused = answer_question(store, "Who met Kim?", previous_language=language)
            empty = answer_question(store, "", previous_language=language)
            for text in (refused.hint or "", empty.plain_text()):
                assert text and "?”" not in text and "« ? »" not in text and ": ." not in text
    finally:
        store.close()


def test_who_are_you_gives_an_example_from_the_knowledge(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "Who are you?")
    assert reply.kind == "smalltalk"
    assert reply.paragraphs[0].text.endswith("Try “What is known about the Tessa dam?” or /brief.")


def test_the_articles_own_voice_is_cited_by_its_publisher(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "When was the Tessa dam completed?")
    assert reply.fact_ids == ["dam-completed"]
    assert reply.citations[0].source == "Test Wire"
    assert "1. Test Wire — “Kestria accuses Valdoria" in reply.plain_text()


def test_the_sources_reply_lists_documents_newest_first_and_who_is_cited(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    text = compose.sources_reply(multi_store, "What are your sources?", "en").plain_text()
    assert text.index("10 March 2026") < text.index("9 March 2026") < text.index("2 March 2026")
    cited = text.split("Cited sources: ")[1]
    assert "UN water inspectors" in cited and "the article" not in cited


def test_help_examples_come_from_the_knowledge(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    assert compose.example_for_help(multi_store, "en") == "What is known about the Tessa dam?"
    assert compose.example_for_help(multi_store, "fr") == "Que sait-on du barrage de Tessa ?"

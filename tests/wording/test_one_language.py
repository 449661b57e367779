"""What the format allows beyond the bundled knowledge, answered end to end on
tests/knowledge_multi: a fact only in its article's language (French), an independent outlet
as its speaker (kind media), and a document with a title per language."""

from __future__ import annotations

from bot.answer.engine import answer_question
from bot.knowledge.store import KnowledgeStore
from tests.multi_knowledge import multi_store  # noqa: F401

FRENCH_ONLY = "fishermen-protest"


def test_the_test_knowledge_has_a_french_only_fact_from_an_outlet(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    fact = multi_store.facts[FRENCH_ONLY]
    assert fact.text.languages == ("fr",)
    assert multi_store.speakers[fact.speaker].kind == "media"
    title = multi_store.documents[fact.document].title
    assert title.languages == ("fr", "en")


def test_an_english_question_gets_the_french_fact_in_the_original_with_a_note(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "Did the fishermen of Lenz protest?")
    assert reply.answered and reply.fact_ids == [FRENCH_ONLY]
    first = reply.paragraphs[0].text
    assert first.startswith("Radio Lenz, in French (not translated): « Une centaine de pêcheurs")
    text = reply.plain_text()
    assert "TODO" not in text and "None" not in text
    # The citation gives the document's English title, the reader's language.
    assert "1. Radio Lenz — “Tessa dam: Valdoria promises to reopen the gates”" in text


def test_a_french_question_gets_the_fact_and_title_in_french(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "Les pêcheurs de Lenz ont-ils manifesté ?")
    assert reply.fact_ids == [FRENCH_ONLY]
    assert reply.paragraphs[0].text.startswith("Selon Radio Lenz, une centaine de pêcheurs")
    assert "« Barrage de Tessa : la Valdorie promet de rouvrir les vannes »" in reply.plain_text()
    assert "non traduit" not in reply.plain_text()


def test_a_title_only_in_the_original_language_is_cited_as_it_is(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    reply = answer_question(multi_store, "Que disent les inspecteurs de l'ONU ?")
    assert "orna-flow-measured" in reply.fact_ids
    citation = next(c for c in reply.citations if c.fact_id == "orna-flow-measured")
    assert citation.document.startswith("UN inspectors confirm sharp fall")  # English only
    assert "« UN inspectors confirm sharp fall" in reply.plain_text()

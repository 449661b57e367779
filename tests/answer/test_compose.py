"""Answers worded across several documents: each fact with its document, attribution kept."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answer.engine import answer_question
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

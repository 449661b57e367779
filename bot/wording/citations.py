"""Numbered citations and the dates they show: the same in answers, briefs and every adapter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.wording.dates import format_date


@dataclass(frozen=True)
class Citation:
    number: int
    fact_id: str
    source: str  # the speaker's display name in the reply's language
    document: str  # the document's title
    url: str | None
    published: dt.date

    def as_json(self) -> dict[str, object]:
        return {
            "fact_id": self.fact_id,
            "source": self.source,
            "document": self.document,
            "url": self.url,
        }


def format_citation(language: str, citation: Citation) -> str:
    return t(
        language,
        "answer.citation",
        number=citation.number,
        source=citation.source,
        document=citation.document,
        date=format_date(language, citation.published),
    )


def citation_for(store: KnowledgeStore, fact: Fact, number: int, language: str) -> Citation:
    """The fact's speaker in its document; the article's own voice is cited by its publisher
    ("Presse — “Title”", not "the article — “Title”", which says nothing of who wrote it)."""
    document = store.documents[fact.document]
    speaker = store.speakers[fact.speaker]
    return Citation(
        number=number,
        fact_id=fact.id,
        source=document.publisher if speaker.kind == "article" else speaker.name.get(language),
        document=document.title.get(language),
        url=document.url,
        published=document.published,
    )

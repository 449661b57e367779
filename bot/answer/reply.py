"""The structured reply every adapter renders: plain text for the CLI, HTML for Telegram."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.messages import t

ReplyKind = Literal[
    "answer",  # facts that answer the question
    "summary",  # an overview of the most important facts
    "sources",  # the documents and who is cited
    "refusal",  # the store does not cover the question
    "smalltalk",  # greeting, thanks
    "other_language",  # neither French nor English
    "injection",  # attempts to change the rules or make the bot invent
    "chitchat",  # jokes, weather, recipes...
    "gibberish",
    "empty",
]


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


@dataclass(frozen=True)
class Paragraph:
    """One sentence group of the answer; `quote` is shown as a block quote after `text`."""

    text: str
    quote: str | None = None
    cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reply:
    question: str
    language: str
    answered: bool
    kind: ReplyKind
    paragraphs: tuple[Paragraph, ...]
    citations: tuple[Citation, ...] = ()
    hint: str | None = None

    @property
    def fact_ids(self) -> list[str]:
        return [c.fact_id for c in self.citations]

    @property
    def unique_citations(self) -> list[Citation]:
        """One line per citation number (facts of the same speaker and document share one)."""
        seen: dict[int, Citation] = {}
        for citation in self.citations:
            seen.setdefault(citation.number, citation)
        return list(seen.values())

    def plain_text(self) -> str:
        """The reply as a user reads it in a terminal: paragraphs, quotes, numbered sources."""
        blocks: list[str] = []
        for paragraph in self.paragraphs:
            marks = "".join(f"[{n}]" for n in paragraph.cites)
            blocks.append(f"{paragraph.text} {marks}".rstrip())
            if paragraph.quote:
                blocks.append(f"  > {paragraph.quote}")
        if self.hint:
            blocks.append(self.hint)
        if self.citations:
            lines = [t(self.language, "answer.sources")]
            lines += [format_citation(self.language, c) for c in self.unique_citations]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "language": self.language,
            "answered": self.answered,
            "answer": self.plain_text(),
            "citations": [c.as_json() for c in self.citations],
        }


def format_date(language: str, day: dt.date) -> str:
    if language == "fr":
        months = (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        )
        return f"{day.day} {months[day.month - 1]} {day.year}"
    return day.strftime("%-d %B %Y")


def format_citation(language: str, citation: Citation) -> str:
    return t(
        language,
        "answer.citation",
        number=citation.number,
        source=citation.source,
        document=citation.document,
        date=format_date(language, citation.published),
    )

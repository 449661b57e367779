"""The structured reply every adapter renders: plain text for the CLI, HTML for Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.messages import t
from bot.wording.citations import Citation, format_citation, format_date

# Citations are worded in bot.wording (shared with briefs); they are part of a reply's shape.
__all__ = ["Citation", "Paragraph", "Reply", "ReplyKind", "format_citation", "format_date"]

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

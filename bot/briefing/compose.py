"""Compose the daily briefing from the knowledge store (core: no Telegram import).

A brief is structured (sections of items with numbered citations) so each adapter renders it
its own way: plain text for the terminal, HTML for Telegram. Facts are worded by
`bot.wording`, as in answers, so a claim reads the same in an answer and in a brief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from bot.knowledge.model import ClaimType, Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.textsize import MESSAGE_LIMIT, text_length
from bot.wording.attribution import attributed_sentence, quote_block
from bot.wording.citations import Citation, citation_for, format_citation, format_date

SectionKey = Literal["new", "happened", "claims", "stakes"]
SECTION_ORDER: tuple[SectionKey, ...] = ("new", "happened", "claims", "stakes")
GROUP: dict[ClaimType, SectionKey] = {
    "statement": "happened",
    "quote": "happened",
    "accusation": "claims",
    "estimate": "claims",
    "unverified_report": "claims",
    "analysis": "stakes",
    "background": "stakes",
}
KEY_FACTS = 10  # items per brief: enough to be a briefing, few enough to fit one message


@dataclass(frozen=True)
class BriefItem:
    fact_id: str
    text: str  # the attributed sentence
    quote: str | None
    cite: int  # citation number
    new: bool = False


@dataclass(frozen=True)
class BriefSection:
    key: SectionKey
    title: str
    items: tuple[BriefItem, ...]


class BriefStyle(Protocol):
    """How one adapter writes each piece; `Brief.render` packs the pieces into messages."""

    def header(self, brief: Brief) -> str: ...
    def section(self, section: BriefSection) -> str: ...
    def item(self, brief: Brief, item: BriefItem) -> str: ...
    def sources(self, brief: Brief, citations: Sequence[Citation]) -> str: ...


@dataclass(frozen=True)
class Brief:
    language: str
    day: dt.date
    title: str
    headline: str
    sections: tuple[BriefSection, ...]
    citations: tuple[Citation, ...]

    @property
    def items(self) -> list[BriefItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def fact_ids(self) -> list[str]:
        return [item.fact_id for item in self.items]

    @property
    def new_fact_ids(self) -> list[str]:
        return [item.fact_id for item in self.items if item.new]

    def render(self, style: BriefStyle, limit: int | None = MESSAGE_LIMIT) -> list[str]:
        """The brief as one or more messages of at most `limit` characters.

        Messages break between items, never inside one; each message lists the sources of the
        items it contains, so every message can be read on its own.
        """
        units = [(section, item) for section in self.sections for item in section.items]
        if limit is None:
            return [self._part(style, units, first=True)]
        parts: list[str] = []
        current: list[tuple[BriefSection, BriefItem]] = []
        for unit in units:
            unit = self._fit(style, unit, limit, first=not parts and not current)
            candidate = [*current, unit]
            if current and text_length(self._part(style, candidate, not parts)) > limit:
                parts.append(self._part(style, current, not parts))
                current = [unit]
            else:
                current = candidate
        parts.append(self._part(style, current, not parts))
        return parts

    def plain_text(self) -> str:
        return self.render(PLAIN, limit=None)[0]

    def plain_parts(self, limit: int = MESSAGE_LIMIT) -> list[str]:
        return self.render(PLAIN, limit)

    def _part(
        self, style: BriefStyle, units: Sequence[tuple[BriefSection, BriefItem]], first: bool
    ) -> str:
        blocks = [style.header(self)] if first else []
        previous: SectionKey | None = None
        for section, item in units:
            if section.key != previous:
                blocks.append(style.section(section))
                previous = section.key
            blocks[-1] += "\n" + style.item(self, item)
        cited = {item.cite for _, item in units}
        citations = [c for c in self.citations if c.number in cited]
        if citations:
            blocks.append(style.sources(self, citations))
        return "\n\n".join(blocks)

    def _fit(
        self, style: BriefStyle, unit: tuple[BriefSection, BriefItem], limit: int, first: bool
    ) -> tuple[BriefSection, BriefItem]:
        """Shorten an item that could not fit even alone in a message (a pathological fact)."""
        section, item = unit
        excess = text_length(self._part(style, [unit], first)) - limit
        if excess <= 0:
            return unit
        keep = max(text_length(item.text) - excess - 1, 0)
        return section, replace(item, text=item.text[:keep].rstrip() + "…", quote=None)


def _headline_fact(ranked: Sequence[Fact], new: Collection[str]) -> Fact | None:
    """The most important new fact when there is one (that is the news), else the top fact."""
    return next((f for f in ranked if f.id in new), ranked[0] if ranked else None)


def compose_brief(
    store: KnowledgeStore,
    language: str,
    new_fact_ids: Collection[str] = frozenset(),
    today: dt.date | None = None,
    key_facts: int = KEY_FACTS,
) -> Brief:
    """Today's brief: new facts first (marked), then the key facts by importance, grouped."""
    day = today or dt.date.today()
    ranked = store.by_importance()
    new = [f for f in ranked if f.id in new_fact_ids][:key_facts]
    rest = [f for f in ranked if f.id not in new_fact_ids][: key_facts - len(new)]
    groups: dict[SectionKey, list[Fact]] = {key: [] for key in SECTION_ORDER}
    groups["new"] = new
    for fact in rest:
        groups[GROUP[fact.claim_type]].append(fact)
    sections: list[BriefSection] = []
    citations: list[Citation] = []
    numbers: dict[tuple[str, str], int] = {}  # as in answers: one number per speaker and document
    for key in SECTION_ORDER:
        items = []
        for fact in groups[key]:
            number = numbers.setdefault((fact.speaker, fact.document), len(numbers) + 1)
            if number > len(citations):
                citations.append(citation_for(store, fact, number, language))
            sentence = attributed_sentence(store, fact, language)
            items.append(
                BriefItem(fact.id, sentence, quote_block(fact, language), number, key == "new")
            )
        if items:
            sections.append(BriefSection(key, t(language, f"brief.section.{key}"), tuple(items)))
    top = _headline_fact(ranked, new_fact_ids)
    headline = attributed_sentence(store, top, language) if top else t(language, "brief.empty")
    title = t(language, "brief.title", date=format_date(language, day))
    return Brief(language, day, title, headline, tuple(sections), tuple(citations))


class PlainStyle:
    """The terminal rendering: bullets, "[n]" citation marks, sources at the end."""

    def header(self, brief: Brief) -> str:
        return f"{brief.title}\n{brief.headline}"

    def section(self, section: BriefSection) -> str:
        return section.title

    def item(self, brief: Brief, item: BriefItem) -> str:
        mark = t(brief.language, "brief.new_mark") + " " if item.new else ""
        line = f"• {mark}{item.text} [{item.cite}]"
        return f"{line}\n  > {item.quote}" if item.quote else line

    def sources(self, brief: Brief, citations: Sequence[Citation]) -> str:
        lines = [t(brief.language, "answer.sources")]
        return "\n".join(lines + [format_citation(brief.language, c) for c in citations])


PLAIN = PlainStyle()

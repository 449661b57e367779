"""The structured brief and its packing into messages (core: no Telegram import).

A brief is sections of items with numbered citations, so each adapter renders it its own way:
plain text for the terminal, HTML for Telegram. `Brief.render` packs the pieces an adapter's
style writes into messages of at most a size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from bot.messages import t
from bot.textsize import MESSAGE_LIMIT, text_length
from bot.wording.citations import Citation, format_citation

SectionKey = Literal["new", "happened", "claims", "stakes", "background"]


@dataclass(frozen=True)
class BriefItem:
    fact_id: str
    text: str  # the attributed sentence (with who else reported it, for merged items)
    quote: str | None
    cite: int  # citation number (of the item's document)
    new: bool = False
    also: tuple[int, ...] = ()  # citations of near-identical facts merged into this item

    @property
    def cites(self) -> tuple[int, ...]:
        return (self.cite, *self.also)

    @property
    def marks(self) -> str:
        """ "[1]" or "[1][2]": the citation marks after the item's text."""
        return "".join(f"[{n}]" for n in self.cites)


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


Unit = tuple[BriefSection, BriefItem]


@dataclass(frozen=True)
class Brief:
    language: str
    day: dt.date
    title: str
    headline: str  # the news in one sentence; its fact is not repeated as a bullet
    sections: tuple[BriefSection, ...]
    citations: tuple[Citation, ...]  # one per document, publisher and title
    headline_fact_id: str | None = None
    headline_cites: tuple[int, ...] = ()
    headline_new: bool = False

    @property
    def items(self) -> list[BriefItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def fact_ids(self) -> list[str]:
        head = [self.headline_fact_id] if self.headline_fact_id else []
        return head + [item.fact_id for item in self.items]

    @property
    def new_fact_ids(self) -> list[str]:
        head = [self.headline_fact_id] if self.headline_fact_id and self.headline_new else []
        return head + [item.fact_id for item in self.items if item.new]

    @property
    def headline_marks(self) -> str:
        return "".join(f"[{n}]" for n in self.headline_cites)

    def render(self, style: BriefStyle, limit: int | None = MESSAGE_LIMIT) -> list[str]:
        """The brief as one or more messages of at most `limit` characters.

        Messages break between items, never inside one; each message lists the sources of the
        items it contains, so every message can be read on its own.
        """
        units = [(section, item) for section in self.sections for item in section.items]
        if limit is None:
            return [self._part(style, units, first=True)]
        parts: list[str] = []
        current: list[Unit] = []
        for unit in units:
            unit = self._fit(style, unit, limit)
            candidate = [*current, unit]
            # A full message goes out; so does the header alone when the first item is too long
            # to share the first message with it (rather than cutting the item).
            if (current or not parts) and text_length(
                self._part(style, candidate, not parts)
            ) > limit:
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

    def _part(self, style: BriefStyle, units: Sequence[Unit], first: bool) -> str:
        blocks = [style.header(self)] if first else []
        previous: BriefSection | None = None
        for section, item in units:
            if section is not previous:
                blocks.append(style.section(section))
                previous = section
            blocks[-1] += "\n" + style.item(self, item)
        cited = {n for _, item in units for n in item.cites}
        if first:
            cited |= set(self.headline_cites)
        citations = [c for c in self.citations if c.number in cited]
        if citations:
            blocks.append(style.sources(self, citations))
        return "\n\n".join(blocks)

    def _fit(self, style: BriefStyle, unit: Unit, limit: int) -> Unit:
        """Shorten an item that could not fit even alone in a message (a pathological fact)."""
        section, item = unit
        excess = text_length(self._part(style, [unit], first=False)) - limit
        if excess <= 0:
            return unit
        keep = max(text_length(item.text) - excess - 1, 0)
        return section, replace(item, text=item.text[:keep].rstrip() + "…", quote=None)


class PlainStyle:
    """The terminal rendering: bullets, "[n]" citation marks, sources at the end."""

    def header(self, brief: Brief) -> str:
        headline = f"{brief.headline} {brief.headline_marks}".rstrip()
        return f"{brief.title}\n{headline}"

    def section(self, section: BriefSection) -> str:
        return section.title

    def item(self, brief: Brief, item: BriefItem) -> str:
        mark = t(brief.language, "brief.new_mark") + " " if item.new else ""
        line = f"• {mark}{item.text} {item.marks}"
        return f"{line}\n  > {item.quote}" if item.quote else line

    def sources(self, brief: Brief, citations: Sequence[Citation]) -> str:
        lines = [t(brief.language, "answer.sources")]
        return "\n".join(lines + [format_citation(brief.language, c) for c in citations])


PLAIN = PlainStyle()

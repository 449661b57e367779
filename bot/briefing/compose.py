"""Compose the daily brief from the knowledge store: what is new first, then a little background.

A story moves: the brief leads with what changed since the subscriber's last brief (or, for a
reader without one, the last 24 hours), grouped by document, newest first; with nothing new it
gives the latest document's key facts. At most a few background facts from older documents
follow. The headline is the most important of those facts and is not repeated as a bullet;
near-identical facts about one event (one source's claim, another's confirmation) become one
item; sources are the documents, each listed once by its publisher. Facts are worded by
`bot.wording`, as in answers, so a claim reads the same in an answer and in a brief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.briefing.brief import PLAIN, Brief, BriefItem, BriefSection, BriefStyle, SectionKey
from bot.knowledge.model import ClaimType, Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.textsize import text_length
from bot.wording.attribution import attributed_sentence, contract, join_names, quote_block
from bot.wording.citations import Citation, format_date
from bot.wording.confirmation import ATTRIBUTED, DUPLICATE_OVERLAP, agree

__all__ = [
    "BACKGROUND_FACTS",
    "KEY_FACTS",
    "PLAIN",
    "Brief",
    "BriefItem",
    "BriefSection",
    "BriefStyle",
    "NewSince",
    "compose_brief",
    "text_length",
]

GROUP: dict[ClaimType, SectionKey] = {
    "statement": "happened",
    "quote": "happened",
    "accusation": "claims",
    "estimate": "claims",
    "unverified_report": "claims",
    "analysis": "stakes",
    "background": "stakes",
}
CLAIM_SECTIONS: tuple[SectionKey, ...] = ("happened", "claims", "stakes")
KEY_FACTS = 10  # bullets per brief (the headline aside): a briefing that fits one message
BACKGROUND_FACTS = 3  # older facts recalled after the news, at most
_CLAIMS = frozenset({"accusation", "estimate", "unverified_report"})
# What "new" is measured against: the subscriber's last brief, or the last 24 hours.
NewSince = Literal["last_brief", "day"]


@dataclass
class _Unit:
    """One bullet: a fact, with the near-identical facts of other speakers merged into it (and
    the same speaker's second account of the same event, left out)."""

    fact: Fact
    merged: list[Fact] = field(default_factory=list)
    repeated: list[Fact] = field(default_factory=list)

    @property
    def facts(self) -> list[Fact]:
        return [self.fact, *self.merged]


def _published(store: KnowledgeStore, fact: Fact) -> dt.date:
    return store.documents[fact.document].published


def _absorb(store: KnowledgeStore, units: list[_Unit], fact: Fact) -> bool:
    """Merge `fact` into the unit about the same event, if there is one: the same claim made or
    confirmed by another speaker in another document, or told twice by the same speaker."""
    if fact.claim_type not in ATTRIBUTED:
        return False
    for unit in units:
        speakers = {f.speaker for f in unit.facts}
        documents = {f.document for f in unit.facts}
        if (
            unit.fact.claim_type in ATTRIBUTED
            and fact.speaker == unit.fact.speaker
            and agree(store, unit.fact, fact, DUPLICATE_OVERLAP)
        ):
            unit.repeated.append(fact)
            return True
        if (
            unit.fact.claim_type in ATTRIBUTED
            and fact.speaker not in speakers
            and fact.document not in documents
            and agree(store, unit.fact, fact)
        ):
            unit.merged.append(fact)
            return True
    return False


def _units(store: KnowledgeStore, facts: Sequence[Fact]) -> list[_Unit]:
    units: list[_Unit] = []
    for fact in facts:
        if not _absorb(store, units, fact):
            units.append(_Unit(fact))
    return units


def _latest(store: KnowledgeStore, ranked: Sequence[Fact]) -> list[Fact]:
    """With nothing new: the facts of the most recently published document(s)."""
    if not ranked:
        return []
    newest = max(_published(store, f) for f in ranked)
    return [f for f in ranked if _published(store, f) == newest]


def _merged_sentence(store: KnowledgeStore, unit: _Unit, language: str) -> str:
    """The unit's sentence, plus who else reports the same event (and whether it confirms)."""
    sentence = attributed_sentence(store, unit.fact, language)
    if not unit.merged:
        return sentence
    names = join_names(
        [store.speakers[f.speaker].name.get(language) for f in unit.merged], language
    )
    if unit.fact.claim_type == "statement" and all(f.claim_type in _CLAIMS for f in unit.merged):
        key = "brief.confirms"
    elif unit.fact.claim_type in _CLAIMS and any(f.claim_type == "statement" for f in unit.merged):
        key = "brief.confirmed_by"
    else:
        key = "brief.also"
    return f"{sentence} {contract(t(language, key, names=names), language)}"


class _Citations:
    """One number per document, in order of first appearance; listed by publisher and title."""

    def __init__(self, store: KnowledgeStore, language: str):
        self.store, self.language = store, language
        self.numbers: dict[str, int] = {}
        self.list: list[Citation] = []

    def of(self, fact: Fact) -> int:
        if fact.document not in self.numbers:
            document = self.store.documents[fact.document]
            self.numbers[fact.document] = len(self.numbers) + 1
            self.list.append(
                Citation(
                    self.numbers[fact.document],
                    fact.id,
                    document.publisher,
                    document.title.get(self.language),
                    document.url,
                    document.published,
                )
            )
        return self.numbers[fact.document]

    def marks(self, unit: _Unit) -> tuple[int, ...]:
        return tuple(dict.fromkeys(self.of(f) for f in unit.facts))


def compose_brief(
    store: KnowledgeStore,
    language: str,
    new_fact_ids: Collection[str] = frozenset(),
    today: dt.date | None = None,
    key_facts: int = KEY_FACTS,
    *,
    background_facts: int = BACKGROUND_FACTS,
    new_since: NewSince = "last_brief",
) -> Brief:
    """Today's brief: the news (facts in `new_fact_ids`) by document, newest first, or the latest
    document's key facts when nothing is new; then at most `background_facts` older facts.

    Keyword options only after `key_facts`, so callers stay valid as options are added."""
    day = today or dt.date.today()
    ranked = store.by_importance()
    new = [f for f in ranked if f.id in new_fact_ids]
    lead = sorted(new or _latest(store, ranked), key=lambda f: -_published(store, f).toordinal())
    units = _units(store, lead)
    rest = [f for f in ranked if f not in lead and not _absorb(store, units, f)]
    top = min(units, key=lambda u: (-u.fact.importance, units.index(u)), default=None)
    if top is not None:
        units.remove(top)
    background = _units(store, rest)[: min(background_facts, key_facts)]
    units = units[: max(key_facts - len(background), 0)]
    cites = _Citations(store, language)
    headline_cites = cites.marks(top) if top else ()

    def item(unit: _Unit, is_new: bool) -> BriefItem:
        number, *also = cites.marks(unit)
        text = _merged_sentence(store, unit, language)
        return BriefItem(
            unit.fact.id, text, quote_block(unit.fact, language), number, is_new, tuple(also)
        )

    sections: list[BriefSection] = []
    if new:
        sections += _by_document(store, language, units, new_since, lambda u: item(u, True))
    else:
        for key in CLAIM_SECTIONS:
            items = tuple(item(u, False) for u in units if GROUP[u.fact.claim_type] == key)
            if items:
                sections.append(BriefSection(key, t(language, f"brief.section.{key}"), items))
    if background:
        items = tuple(item(u, False) for u in background)
        sections.append(BriefSection("background", t(language, "brief.section.background"), items))
    headline = _merged_sentence(store, top, language) if top else t(language, "brief.empty")
    title = t(language, "brief.title", date=format_date(language, day))
    return Brief(
        language,
        day,
        title,
        headline,
        tuple(sections),
        tuple(sorted(cites.list, key=lambda c: c.number)),
        headline_fact_id=top.fact.id if top else None,
        headline_cites=headline_cites,
        headline_new=bool(top and new),
    )


def _by_document(
    store: KnowledgeStore,
    language: str,
    units: Sequence[_Unit],
    new_since: NewSince,
    make: Callable[[_Unit], BriefItem],
) -> list[BriefSection]:
    """One section per document, newest first, the first one titled "New since…"."""
    sections: list[BriefSection] = []
    for document_id in dict.fromkeys(u.fact.document for u in units):
        document = store.documents[document_id]
        label = t(
            language,
            "brief.document",
            title=document.title.get(language),
            date=format_date(language, document.published),
        )
        if not sections:
            label = f"{t(language, f'brief.section.new_{new_since}')}\n{label}"
        items = tuple(make(u) for u in units if u.fact.document == document_id)
        sections.append(BriefSection("new", label, items))
    return sections

"""One decision: which of the ranked facts answer the question, and when none does, what the
question requires that the sources do not supply.

A fact answers only if it supplies every requirement of the question:

- its words: every name (person, country, organisation) the question uses, and enough of the
  rest (`MIN_COVERAGE`, `retrieval.coverage`), the words no fact contains included: those
  count only when the fact is about them in meaning (`meaning.supplies_unknown`);
- the actors' roles: who does what to whom, nationalities, who receives (`roles.consistent`);
- whose words: "what did X say", "according to X" want a fact X reports;
- the detail asked for: a fact declaring the answer type ("when", "how many") whose own text
  gives it (a date, a number, a clock time, a starting point, an amount, a name: `details.py`),
  among the facts that cover the question about as well as the best (`TYPED_SHARE_OF_BEST`);
  for someone's role ("What is X's job?"), background facts about them come first;
- the future, for a question about what will happen: only estimates and analyses speak of it;
- the relation in time or to others ("after the meeting", "before Belousov", "anyone else"):
  the fact must state it too (`details.relations`);
- a locality ("which city", "where exactly"): a place the fact names beyond the question's.

When no fact supplies all of them, the requirement the closest facts miss is returned, so the
reply can say what is missing ("My sources do not mention wounded", "...do not give that
detail"), and facts that contradict a yes/no question's roles are kept to correct it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.answer.answer_types import STRICT_TYPES
from bot.answer.details import gives, states
from bot.answer.intent import Intent
from bot.answer.nationality import demonyms_agree
from bot.answer.query import Query
from bot.answer.retrieval import MIN_COVERAGE, Candidate
from bot.answer.roles import (
    consistent,
    span_entities,
    speaker_entities,
    swapped,
)
from bot.knowledge.model import EntityKind, Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import concept_token, fold

# A fact giving the detail asked for must cover at least this share of the best candidate's
# coverage: a typed fact about something else is no answer.
TYPED_SHARE_OF_BEST = 0.8
# Claim types that speak of what will happen.
_SPEAKS_OF_FUTURE = frozenset({"estimate", "analysis", "quote"})

MissingKind = Literal["words", "speaker", "detail", "anything"]


@dataclass(frozen=True)
class Missing:
    """What the question requires that no fact supplies."""

    kind: MissingKind
    words: tuple[str, ...] = ()  # the question's words no answering fact is about ("words")
    speakers: frozenset[str] = frozenset()  # the concepts of whose words were asked ("speaker")


@dataclass
class Decision:
    found: list[Candidate]  # the facts that answer, in ranking order
    missing: Missing | None = None  # set when `found` is empty
    # Facts that supply everything but say someone else did it: they correct the question.
    corrections: list[Candidate] = field(default_factory=list)


def decide(
    store: KnowledgeStore,
    query: Query,
    intent: Intent,
    ranked: list[Candidate],
    unknown: tuple[str, ...],
) -> Decision:
    """The facts among `ranked` that supply every requirement of the question."""
    covering = [c for c in ranked if c.coverage >= MIN_COVERAGE]
    agreeing = [c for c in covering if consistent(store, query, c.fact)]
    corrections = [
        c
        for c in (covering if not intent.future else [])
        if c not in agreeing
        and demonyms_agree(store, query, c.fact)
        and swapped(store, query, c.fact)
        and _gives(store, query, intent, c)
    ]
    # Facts that would answer if they supplied the question's unknown words, but do not: the
    # question asks for something the knowledge does not give ("wounded", "tanks").
    unsupplied = [
        c
        for c in ranked
        if not c.supplied and c.potential >= MIN_COVERAGE and consistent(store, query, c.fact)
    ]
    if unsupplied and not agreeing:
        return Decision([], Missing("words", unknown))
    found = agreeing
    if intent.speaker_span:
        wanted = span_entities(store, intent.speaker_span)
        if wanted:
            found = [c for c in found if wanted & speaker_entities(store, c.fact)]
            if not found:
                return Decision([], Missing("speaker", speakers=frozenset(wanted)))
    if intent.future:
        found = [c for c in found if c.fact.claim_type in _SPEAKS_OF_FUTURE]
    if intent.relations:
        placed = [c for c in found if _places(c.fact, intent)]
        if found and not placed:
            return Decision([], Missing("detail"))
        found = placed
    if intent.answer_type or intent.detail:
        typed = [c for c in found if _gives(store, query, intent, c)]
        if intent.answer_type in STRICT_TYPES or intent.detail in ("name", "locality"):
            # The facts closest to the question do not give the detail asked for (a price, a
            # date...): say so rather than answer with a fact about something else.
            best = max((c.coverage for c in found), default=0.0)
            typed = [c for c in typed if c.coverage >= TYPED_SHARE_OF_BEST * best]
            if found and not typed:
                return Decision([], Missing("detail"))
            found = typed
        elif typed and intent.detail == "role":
            found = typed  # what someone is: their background fact, not a meeting they attended
        elif typed:
            found = typed + [c for c in found if c not in typed]
    if not found:
        return Decision([], Missing("anything"), corrections)
    return Decision(found)


def _gives(store: KnowledgeStore, query: Query, intent: Intent, candidate: Candidate) -> bool:
    """Whether the fact declares the answer type asked for and its text holds the detail."""
    fact = candidate.fact
    if intent.answer_type and intent.answer_type not in fact.answers:
        return False
    if intent.detail is None:
        return True
    named = {t.token.concept for t in query.terms}
    if intent.detail == "name":
        return any(concept_token("e", p) not in named for p in _named(store, fact, "person"))
    if intent.detail == "locality":  # a town, a region, a building: not the country
        return any(concept_token("e", p) not in named for p in _named(store, fact, "place"))
    if intent.detail == "role":  # what someone is: a background fact about them
        asked = [p for p in _named(store, fact, "person") if concept_token("e", p) in named]
        return fact.claim_type == "background" and bool(asked)
    return any(gives(intent.detail, text) for text in _folded_texts(fact))


def _places(fact: Fact, intent: Intent) -> bool:
    """Whether the fact places what it says as the question does (after, before, others)."""
    texts = _folded_texts(fact)
    return all(any(states(r, text) for text in texts) for r in intent.relations)


def _folded_texts(fact: Fact) -> list[str]:
    """The fact's French and English texts, folded as the detail patterns expect."""
    return [fold(text) for text in (fact.text.get("fr"), fact.text.get("en")) if text]


def _named(store: KnowledgeStore, fact: Fact, kind: EntityKind) -> list[str]:
    """The entities of `kind` the fact names (people for "what is the name of...": "experts"
    or "a source" name no one)."""
    return [e for e in fact.entities if e in store.entities and store.entities[e].kind == kind]

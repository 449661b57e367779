"""Who claims and who confirms: a claim is confirmed only when another source states it.

Two facts agree when they are about the same thing (most of the smaller one's terms are shared)
and do not give different figures. A statement by another speaker that agrees with a claim
confirms it; an accusation, an estimate or an unverified report never confirms anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.wording.attribution import contract, join_names, speaker_phrase

# Share of the smaller fact's terms the two facts must have in common to be about one thing.
AGREEMENT_OVERLAP = 0.5
_CONFIRMING = frozenset({"statement"})
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Corroboration:
    """The facts that make a claim and those that confirm it (each from another speaker)."""

    claims: tuple[Fact, ...]
    confirmations: tuple[Fact, ...]

    @property
    def confirmed(self) -> bool:
        return bool(self.claims and self.confirmations)

    @property
    def facts(self) -> list[Fact]:
        return [*self.claims, *self.confirmations]


def _numbers(store: KnowledgeStore, fact: Fact) -> set[str]:
    return {n for n in store.fact_terms[fact.id] if _NUMBER.fullmatch(n)}


def agree(store: KnowledgeStore, one: Fact, other: Fact) -> bool:
    """Whether two facts say the same thing (whoever says it)."""
    terms, others = store.fact_terms[one.id], store.fact_terms[other.id]
    smaller = min(len(terms), len(others))
    if not smaller or len(terms & others) / smaller < AGREEMENT_OVERLAP:
        return False
    numbers, other_numbers = _numbers(store, one), _numbers(store, other)
    return not (numbers and other_numbers and not numbers & other_numbers)


def corroboration(store: KnowledgeStore, main: Fact, candidates: Sequence[Fact]) -> Corroboration:
    """Sort `main` and the candidates that agree with it into claims and confirmations."""
    group = [main] + [
        f
        for f in candidates
        if f.id != main.id and f.speaker != main.speaker and agree(store, main, f)
    ]
    group = list({f.id: f for f in group}.values())
    confirmations = [f for f in group if f.claim_type in _CONFIRMING]
    claims = [f for f in group if f.claim_type not in _CONFIRMING]
    if not claims and len({f.speaker for f in confirmations}) > 1:
        # Statements only: the earliest one is what the later ones confirm.
        confirmations.sort(key=lambda f: store.documents[f.document].published)
        claims = [confirmations.pop(0)]
    speakers = {f.speaker for f in claims}
    confirmations = [f for f in confirmations if f.speaker not in speakers]
    return Corroboration(tuple(claims), tuple(confirmations))


def _parties(store: KnowledgeStore, facts: Sequence[Fact], language: str) -> str:
    return join_names([speaker_phrase(store, f, language) for f in facts], language)


def confirmation_sentence(store: KnowledgeStore, found: Corroboration, language: str) -> str:
    """ "Claimed by X; confirmed by Y." or "This is not confirmed: it is a claim by X, which none
    of my sources confirms." The facts that follow, and their citations, name each document."""
    if found.confirmed:
        text = t(
            language,
            "answer.confirmed",
            claims=_parties(store, found.claims, language),
            confirmations=_parties(store, found.confirmations, language),
        )
    else:
        speaker = speaker_phrase(store, found.facts[0], language)
        text = t(language, "answer.not_confirmed", speaker=speaker)
    return contract(text, language)

"""Who claims and who confirms: a claim is confirmed only when another source states it.

Two facts agree when they are about the same thing (much of what they say is shared)
and do not give different figures. A statement by another speaker that agrees with a claim
confirms it; an accusation, an estimate or an unverified report never confirms anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.model import LANGUAGES, Fact
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import stem, words
from bot.messages import t
from bot.wording.attribution import contract, join_names, speaker_phrase

# Share of their content terms (of both together) two facts must have in common to be about one
# event: measured on the test stories, a claim and its confirmation share a third; facts of
# one article about related things share up to a fifth (a one-line portrait of a minister and
# the minister's visit, a third: they are never compared, being background and statement).
AGREEMENT_OVERLAP = 0.3
# Two facts of one speaker are the same event told twice only when they share more: measured on
# the shipped article, its two accounts of one meeting share 41%, its distinct stakes (worded
# alike, but analysis, never merged) up to 51%, its other statements under 30%.
DUPLICATE_OVERLAP = 0.4
# And at least this many: two one-word facts ("minister") are not one event.
MIN_SHARED = 3
_CONFIRMING = frozenset({"statement"})
# Claims someone makes: background and analysis are the article's own voice, never a claim.
ATTRIBUTED = frozenset({"statement", "quote", "accusation", "estimate", "unverified_report"})


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


def content_terms(store: KnowledgeStore, fact: Fact) -> frozenset[str]:
    """What a fact says, without who or what it names: stems of its words in both languages,
    less function words and the words of entity and speaker names (two facts naming Russia
    and North Korea are not about the same event for that)."""

    def compute() -> frozenset[str]:
        speaker = store.speakers[fact.speaker]
        names = _name_words(store) | set(words(f"{speaker.name.fr} {speaker.name.en}"))
        stems = {
            stem(word, language)
            for language in LANGUAGES
            for word in words(getattr(fact.text, language, None) or "")
            if word not in STOPWORDS and word not in names
        }
        # Synonym groups make "troops" and "soldiers" one term.
        synonyms = {term for term in store.fact_terms[fact.id] if term.startswith("s_")}
        return frozenset(stems | synonyms)

    return store.memo(("content_terms", fact.id), compute)


def _name_words(store: KnowledgeStore) -> frozenset[str]:
    def compute() -> frozenset[str]:
        texts = [
            text
            for entity in store.entities.values()
            for text in (entity.name.fr, entity.name.en, *entity.aliases, *entity.demonyms)
        ]
        return frozenset(words(" ".join(texts))) - STOPWORDS

    return store.memo("entity_name_words", compute)


def agree(
    store: KnowledgeStore, one: Fact, other: Fact, overlap: float = AGREEMENT_OVERLAP
) -> bool:
    """Whether two facts say the same thing (whoever says it)."""
    terms, others = content_terms(store, one), content_terms(store, other)
    shared = len(terms & others)
    if shared < MIN_SHARED or shared / len(terms | others) < overlap:
        return False
    numbers = {n for n in terms if n.isdigit()}
    other_numbers = {n for n in others if n.isdigit()}
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

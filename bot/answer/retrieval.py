"""Find the facts that may answer a question: FTS5/bm25 for ranking, the closest facts in
meaning beside them, and for each how much of the question it covers.

Ranking is SQLite's bm25 over the index. What is added here is what bm25 cannot know: how much
of the question a fact covers (a fact matching one word of five is not an answer), every name of
the question must be in the fact, and a fact that leaves out what the question's unknown words
ask for covers nothing. Who does what to whom is checked in `roles.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer.meaning import Meaning
from bot.answer.query import Query
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore

# A fact answers only when it supplies at least this share of the question's weight.
MIN_COVERAGE = 0.5
# From this length, a word also matches the longer words it starts ("missile" -> "missiles").
PREFIX_LENGTH = 5


@dataclass
class Candidate:
    fact: Fact
    rank: int  # position in the bm25 ranking (then in closeness of meaning)
    coverage: float  # share of the question the fact supplies
    similarity: float = 0.0  # closeness in meaning to the question (meaning.py)
    supplied: bool = True  # whether the fact supplies the question's unknown words
    potential: float = 0.0  # the coverage it would have if it supplied them
    lexical: float = 0.0  # the coverage in words alone (how well the question is understood)


def fts_query(query: Query) -> str:
    parts: list[str] = []
    for term in query.terms:
        for alternative in term.token.terms:
            quoted = '"' + alternative.replace('"', "") + '"'
            parts.append(
                quoted
                + ("*" if len(alternative) >= PREFIX_LENGTH and not term.token.concept else "")
            )
    return " OR ".join(dict.fromkeys(parts))


def term_matches(alternatives: tuple[str, ...], fact_terms: frozenset[str]) -> bool:
    """Whether the fact has one of a term's forms, or a word it starts (concepts excepted)."""
    for alt in alternatives:
        if alt in fact_terms:
            return True
        if (
            len(alt) >= PREFIX_LENGTH
            and alt[1:2] != "_"
            and any(
                t.startswith(alt) or (len(t) >= PREFIX_LENGTH and alt.startswith(t))
                for t in fact_terms
            )
        ):
            return True
    return False


def matched_terms(query: Query, fact_terms: frozenset[str]) -> set[int]:
    """Positions of the question terms a fact contains."""
    return {
        term.token.position for term in query.terms if term_matches(term.token.terms, fact_terms)
    }


def coverage(query: Query, fact_terms: frozenset[str], supplied: bool = False) -> float:
    """Share of the question's weight the fact contains; 0 when it only shares names.

    Words no fact contains count as contained when the fact `supplied` their meaning.

    A question that asks something about an entity ("the president of Russia") is not
    answered by any fact that names the entity: at least one other term must match too.
    """
    total = sum(t.weight for t in query.terms)
    if not total:
        return 0.0
    matched = [
        t
        for t in query.terms
        if term_matches(t.token.terms, fact_terms) or (supplied and not t.known)
    ]
    names = ("entity", "demonym")
    asks_more = any(t.kind not in names for t in query.terms)
    # About one name, the other term must match in words: closeness in meaning alone does not
    # tell "the president of Russia" from its defence minister. Between two names ("What did
    # Kim criticise the West for?"), a fact naming both that is about the unknown words does.
    named = {t.token.concept for t in matched if t.kind == "entity"}
    lexical = [t for t in matched if t.kind not in names and (t.known or len(named) >= 2)]
    if asks_more and not lexical:
        return 0.0
    # A curated topic (a synonym group: missiles, oil, troops...) the fact lacks is evidence it
    # is about something else ("missiles" against a fact about oil), unless the fact shares
    # more topics with the question than it misses. Plain words may just be paraphrases.
    topics = [t for t in query.terms if t.kind == "synonym"]
    missing = sum(1 for t in topics if t not in matched)
    if missing and missing > len(topics) - missing:
        return 0.0
    # Every person, country or organisation the question names must be in the fact:
    # "Did China send troops?" is not answered by a fact about North Korea's troops.
    if any(t.kind == "entity" and t not in matched for t in query.terms):
        return 0.0
    return sum(t.weight for t in matched) / total


def unknown_words(query: Query) -> tuple[str, ...]:
    """The question's words no fact contains (names excepted: they are refused earlier)."""
    return tuple(dict.fromkeys(query.raw[t.token.position] for t in query.terms if not t.known))


def candidates(
    store: KnowledgeStore, query: Query, meaning: Meaning, limit: int = 15
) -> list[Candidate]:
    """The facts bm25 ranks first, then the closest in meaning, each with its coverage."""
    match = fts_query(query)
    ranked = [fid for fid, _score in store.search(match, limit)] if match else []
    ranked += [fid for fid in meaning.nearest() if fid not in ranked]
    terms = store.fact_terms
    found = []
    for rank, fid in enumerate(ranked):
        supplied = meaning.supplies_unknown(fid)
        potential = coverage(query, terms[fid], supplied=True)
        # A fact that leaves out what the unknown words ask for does not answer, however many
        # of the other words it shares ("How many soldiers were wounded?").
        share = potential if supplied else 0.0
        similarity = meaning.similarity.get(fid, 0.0)
        lexical = coverage(query, terms[fid])
        found.append(
            Candidate(store.facts[fid], rank, share, similarity, supplied, potential, lexical)
        )
    return found

"""Whether a nationality qualifies the same thing in the fact as in the question: "Russian
soldiers" is not "North Korean soldiers sent to Russia", "North Korea's defence minister" is not
"the Russian defence minister"."""

from __future__ import annotations

from collections.abc import Iterable

from bot.answer.analysed import fact_texts, is_entity
from bot.answer.query import Query
from bot.answer.retrieval import PREFIX_LENGTH, term_matches
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import ConceptKind, Token, concept_kind, concept_token, raw_words

# A text's tokens as (whether a possessive, nationality it stands for or None, terms).
_Qualified = list[tuple[bool, str | None, tuple[str, ...]]]
# A nationality qualifies a word at most this many tokens away in a fact ("Russian defence
# minister"), the nearest nationality winning.
_QUALIFY_WINDOW = 2


def demonyms_agree(
    store: KnowledgeStore, query: Query, fact: Fact, receivers: frozenset[str] | None = None
) -> bool:
    """Each nationality must qualify the same word in the fact as in the question: a
    nationality adjective ("North Korean minister") or a country's possessive ("North Korea's
    defence minister"), the nearest one to the word in the fact ("the North Korean leader Kim
    Jong Un and the Russian defence minister": the minister is Russian).

    Only words the fact contains are checked: "Russian soldiers" against a fact about North
    Korean soldiers sent to Russia disagrees; "Russian official" against a fact about the
    "Russian defence minister" says nothing either way (coverage decides).

    A word no nationality qualifies in the fact ("the intervention ... by the West") agrees
    with one the question qualifies ("the Western intervention") when the fact names that
    country or group and it is not one of the fact's `receivers` ("soldiers sent to Russia"
    are not Russian soldiers). Without `receivers`, such a word disagrees.
    """
    tokens = [t.token for t in query.terms]
    fact_terms = store.fact_terms[fact.id]
    texts = _fact_qualified(store, fact.id)
    asked = query.once("qualifiers", lambda: _qualifiers(store, query.raw, tokens))
    for concept, start, end in asked:
        neighbours = [
            n
            for n in tokens
            if start - 1 <= n.position <= end + 1
            and not is_entity(n)
            and concept_kind(n.concept or "") is not ConceptKind.DEMONYM
            and term_matches(n.terms, fact_terms)
        ]
        if neighbours and not any(
            _qualifies(text, concept, n.terms) for text in texts for n in neighbours
        ):
            if receivers is None or not _named_otherwise(fact_terms, concept, receivers):
                return False
            if any(_qualified_at_all(text, n.terms) for text in texts for n in neighbours):
                return False
    return True


def _named_otherwise(fact_terms: frozenset[str], demonym: str, receivers: frozenset[str]) -> bool:
    """Whether the fact names the country or group of the nationality `demonym`, and not as
    the one receiving what it says."""
    entity = concept_token("e", demonym[2:])
    return entity in fact_terms and entity not in receivers


def _qualified_at_all(sequence: _Qualified, terms: tuple[str, ...]) -> bool:
    """Whether any nationality stands next to a word having one of `terms` in the text."""
    for i, (_possessive, _nationality, word_terms) in enumerate(sequence):
        if not (set(word_terms) & set(terms) or _prefix_match(word_terms, terms)):
            continue
        window = sequence[max(0, i - _QUALIFY_WINDOW) : i + _QUALIFY_WINDOW + 1]
        if any(nationality for _p, nationality, _t in window):
            return True
    return False


def _qualifiers(
    store: KnowledgeStore, raw: list[str], tokens: Iterable[Token]
) -> list[tuple[str, int, int]]:
    """(nationality, first word, word after it) for each nationality adjective, and for each
    country followed by a possessive "'s" (as its nationality)."""
    found = []
    demonym_of = store.memo(("demonym_of",), lambda: _demonym_of(store))
    for token in tokens:
        end = token.position + len(raw_words(token.text))
        if token.concept and concept_kind(token.concept) is ConceptKind.DEMONYM:
            found.append((token.concept, token.position, end))
        elif (
            token.concept in demonym_of
            and raw[end : end + 1] == ["s"]
            and raw[end + 1 : end + 2] != []
            and raw[end + 1].lower() not in _REFLEXIVE_AFTER
        ):
            found.append((demonym_of[token.concept], token.position, end + 1))
    return found


# After "la Russie s'": a French reflexive ("s'est engagée"), not an English possessive.
_REFLEXIVE_AFTER = frozenset("est etait etaient sont sera serait seront en y".split())


def _demonym_of(store: KnowledgeStore) -> dict[str, str]:
    """The nationality concept of each entity that has one (countries)."""
    return {
        concept_token("e", e): concept_token("d", e)
        for e, entity in store.entities.items()
        if entity.demonyms
    }


def _fact_qualified(store: KnowledgeStore, fact_id: str) -> tuple[_Qualified, ...]:
    """The fact's analysed texts read for nationalities, once per fact and version of the
    knowledge (every candidate is checked, and again as a possible correction)."""

    def compute() -> tuple[_Qualified, ...]:
        return tuple(
            _qualified(store, text.raw, text.tokens) for text in fact_texts(store, fact_id)
        )

    return store.memo(("qualified", fact_id), compute)


def _qualified(store: KnowledgeStore, raw: list[str], tokens: tuple[Token, ...]) -> _Qualified:
    """A fact text read for nationalities (`_Qualified`)."""
    found = {start: (concept, end) for concept, start, end in _qualifiers(store, raw, tokens)}
    qualified = []
    for t in tokens:
        concept, end = found.get(t.position, (None, 0))
        possessive = concept is not None and raw[end - 1 : end] == ["s"]
        qualified.append((possessive, concept, t.terms))
    return qualified


def _qualifies(
    sequence: _Qualified,
    concept: str,
    terms: tuple[str, ...],
) -> bool:
    """Whether, next to a word having one of `terms`, the nearest nationality is `concept` (a
    possessive qualifies only what follows it: "Russia's war effort")."""
    for i, (_possessive, _nationality, word_terms) in enumerate(sequence):
        if not (set(word_terms) & set(terms) or _prefix_match(word_terms, terms)):
            continue
        start = max(0, i - _QUALIFY_WINDOW)
        window = sequence[start : i + _QUALIFY_WINDOW + 1]
        distances = {
            nationality: abs(j - i)
            for j, (possessive, nationality, _t) in enumerate(window, start=start)
            if nationality and not (possessive and j > i)
        }
        if distances:
            nearest = min(distances.values())
            if distances.get(concept) == nearest:
                return True
    return False


def _prefix_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(
        len(x) >= PREFIX_LENGTH and len(y) >= PREFIX_LENGTH and (x.startswith(y) or y.startswith(x))
        for x in a
        for y in b
    )

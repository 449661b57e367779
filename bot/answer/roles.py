"""Whether a fact says the same thing about the same actors as the question, beyond sharing
its words: who receives ("sent to Russia"), who acts ("North Korea sent", "la visite de
Belooussov"), whose words a fact reports, and with `nationality.py` whether a nationality
qualifies the same thing in both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from bot.answer.analysed import fact_texts, is_entity
from bot.answer.nationality import demonyms_agree
from bot.answer.query import Query
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import ConceptKind, Token, analyse, concept_kind, concept_token, raw_words

# An action in a who-does-what pair: its curated concept, or its word's stems (`_action_key`).
Action = frozenset[str]


def consistent(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """Whether the fact says the same thing about the same actors as the question, beyond
    sharing its words: nationalities, who receives, who acts."""
    return (
        demonyms_agree(store, query, fact, _fact_recipients(store, fact.id))
        and directions_agree(store, query, fact)
        and agents_agree(store, query, fact)
    )


# How many words before a name are read for a "to"-like word ("according to the UN" reads 3).
_TOWARDS_WINDOW = 3
# Words before a name that make it the receiving end: "sent to Russia", "livré à Pyongyang".
_TOWARDS = frozenset({"to", "into", "towards", "a", "au", "aux", "vers", "en"})


def _recipients(raw: list[str], tokens: Iterable[Token]) -> set[str]:
    """Entities that follow a "to"-like word: who receives what is sent or delivered.
    "according to X" names who says it, not a receiver."""
    found = set()
    for token in tokens:
        if not is_entity(token):
            continue
        before = [w.lower() for w in raw[max(0, token.position - _TOWARDS_WINDOW) : token.position]]
        if len(before) >= 2 and before[-2:] == ["according", "to"]:
            continue
        if len(before) >= 2 and before[-1] in _ARTICLES:
            before = before[:-1]
        if before and before[-1] in _TOWARDS:
            found.add(token.concept or "")
    return found


_ARTICLES = frozenset({"la", "le", "l", "the"})


def _fact_recipients(store: KnowledgeStore, fact_id: str) -> frozenset[str]:
    """Once per fact and version of the knowledge, like the analysed texts it reads."""

    def compute() -> frozenset[str]:
        texts = fact_texts(store, fact_id)
        return frozenset(e for text in texts for e in _recipients(text.raw, text.tokens))

    return store.memo(("recipients", fact_id), compute)


def _asked_recipients(query: Query) -> set[str]:
    """Who receives in the question, read once per question."""
    return query.once("recipients", lambda: _recipients(query.raw, (t.token for t in query.terms)))


def directions_agree(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """ "Did North Korea deliver missiles to Russia?" is not answered by missiles delivered to
    North Korea: an entity on the receiving end of the question must be one in the fact."""
    wanted = _asked_recipients(query)
    if not wanted:
        return True
    stated = _fact_recipients(store, fact.id)
    return not stated or bool(wanted & stated)


def swapped(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """Whether the fact says what the question asks with two of its actors' roles swapped, so
    that it corrects the question: another doer for the same receiver ("Did South Korea send
    soldiers to Russia?" against North Korea sending them), or sender and receiver exchanged
    ("Did North Korea deliver missiles to Russia?" against Russia delivering them to it)."""
    wanted = _asked_recipients(query)
    texts = fact_texts(store, fact.id)[:2]  # text.fr, text.en
    stated = [_recipients(text.raw, text.tokens) for text in texts]
    if all(wanted <= s for s in stated if s):  # the same receivers in each sentence naming one
        # a receiver the question names must be one the fact states, not one it leaves out
        return (not wanted or any(stated)) and not agents_agree(store, query, fact)
    others = {t.token.concept for t in query.terms if is_entity(t.token)} - wanted
    return any(s and s <= others for s in stated)


def _agents(raw: list[str], tokens: Iterable[Token]) -> set[tuple[str, Action]]:
    """(entity, action) pairs: a name directly followed by a curated concept, with at most
    auxiliaries or hedges between ("North Korea sent", "la Russie aurait livré", "Kim et
    Belooussov ont discuté"): who does what."""
    sequence = list(tokens)
    pairs: set[tuple[str, Action]] = set()
    i = 0
    while i < len(sequence):
        if not is_entity(sequence[i]):
            i += 1
            continue
        run = []
        # A question puts the auxiliary first: "is North Korea accused of...".
        inverted = [w.lower() for w in raw[max(0, sequence[i].position - 1) : sequence[i].position]]
        while i < len(sequence) and is_entity(sequence[i]):
            run.append(sequence[i].concept or "")
            i += 1
        # The actions that follow through auxiliaries only: "North Korea is accused of having
        # sent" makes North Korea the one that sent; a passive ("is accused") is done to it.
        j = i
        while j < len(sequence) and concept_kind(sequence[j].concept or "") is ConceptKind.SYNONYM:
            previous = sequence[j - 1]
            end = previous.position + len(raw_words(previous.text))
            gap = [w.lower() for w in raw[end : sequence[j].position]]
            if not all(w in _AUXILIARIES for w in gap):
                break
            before = inverted + gap if j == i else gap
            if not _passive(before, raw[sequence[j].position]):
                pairs.update((entity, _action_key(sequence[j])) for entity in run)
            j += 1
    return pairs | _of_agents(raw, sequence)


# Words between an action noun and its doer: "la visite de Belooussov", "the visit by Kim".
_OF = frozenset({"de", "d", "du", "of", "by", "par"})


def _of_agents(raw: list[str], sequence: list[Token]) -> set[tuple[str, Action]]:
    """(entity, action) for an action noun followed by its doer ("la visite d'Andreï
    Belooussov", "the visit of Kim"): whose visit it is."""
    pairs = set()
    for action, after in itertools.pairwise(sequence):
        if action.concept and concept_kind(action.concept) is not ConceptKind.SYNONYM:
            continue  # a name or a nationality is no action
        if not is_entity(after) or action.text.lower() in _NOT_ACTIONS:
            continue
        end = action.position + len(raw_words(action.text))
        gap = [w.lower() for w in raw[end : after.position]]
        if gap and gap[0] in _OF and all(w in _OF or w in _ARTICLES for w in gap):
            pairs.add((after.concept or "", _action_key(action)))
    return pairs


# Words followed by "de X" that say nothing of what X does ("plus de", "auprès de").
_NOT_ACTIONS = frozenset("plus moins beaucoup peu pres aupres part lors cote".split())


def _action_key(token: Token) -> Action:
    """What identifies an action: its curated concept, or without one (knowledge with no
    synonym groups: a new article) its word's stems, so "visite" in a question and in a fact
    are the same action ("la visite de Kim" is not "la visite de Belooussov"). Two actions are
    the same when their keys share a member."""
    return frozenset({token.concept}) if token.concept else frozenset(token.terms)


# Forms of "to be" that make the following participle a passive ("is accused", "a été envoyé").
_BE = frozenset("is was were are been being be ete etait etaient est sont sera seront".split())


def _passive(gap: list[str], action: str) -> bool:
    """Whether the action is done to the name before it: a form of "to be" before a participle,
    not a progressive ("is sending") nor a French reflexive ("s'est rendu")."""
    if action.lower().endswith("ing") or {"se", "s"} & set(gap):
        return False
    return bool(_BE & set(gap))


# Words between a name and its action that do not change who acts: "la Russie aurait livré".
_AUXILIARIES = frozenset(
    "a ont avait avaient aurait auraient pourrait pourraient serait seraient est sont va vont"
    " se s t il elle ils elles has have had is was were are did does do could would will may"
    " might reportedly allegedly apparently supposedly also aussi deja already of having been"
    " avoir d de to".split()
)


def _fact_agents(store: KnowledgeStore, fact_id: str) -> frozenset[tuple[str, Action]]:
    """Who does what in the fact's own sentences (its alternate questions are not statements),
    once per fact and version of the knowledge."""

    def compute() -> frozenset[tuple[str, Action]]:
        texts = fact_texts(store, fact_id)[:2]  # text.fr, text.en
        return frozenset(pair for text in texts for pair in _agents(text.raw, text.tokens))

    return store.memo(("agents", fact_id), compute)


def agents_agree(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """ "Did South Korea send troops?" is not answered by North Korea sending them: when the
    question and the fact both say who does an action, it must be the same one."""
    stated = _fact_agents(store, fact.id)
    for action, entities in query.once("agents", lambda: _asked_agents(query)).items():
        doers = {e for e, a in stated if a & action}
        if doers and not entities & doers:
            return False
    return True


def _asked_agents(query: Query) -> dict[Action, set[str]]:
    """Who does each action in the question."""
    asked: dict[Action, set[str]] = {}
    for entity, action in _agents(query.raw, query.tokens):
        asked.setdefault(action, set()).add(entity)
    return asked


def speaker_entities(store: KnowledgeStore, fact: Fact) -> set[str]:
    speaker = store.speakers[fact.speaker]
    return {concept_token("e", i) for i in (*speaker.entities, speaker.id)}


def span_entities(store: KnowledgeStore, span: str) -> set[str]:
    tokens = analyse(span, store.lexicon, ("fr", "en"))
    return {t.concept for t in tokens if is_entity(t) and t.concept}

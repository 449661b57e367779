"""What a follow-up refers to: the previous question with X swapped in for "and X?", the
previous question's entities for a pronoun ("what did they discuss?") or for an ellipsis ("et
en échange ?").
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer import compose
from bot.answer.analysed import entity_ids, is_entity
from bot.answer.followup_shapes import and_x_rest
from bot.answer.reply import Reply
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import Token, analyse, raw_words
from bot.knowledge.terms import words as words_of
from bot.messages import t

# Pronouns that stand for people named before ("what did they discuss?").
PERSON_PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "them", "il", "elle", "ils", "elles", "lui", "leur"}
)
# Pronouns that stand for what was said before ("is it confirmed?", "c'est sûr, ça ?").
NEUTER_PRONOUNS = frozenset({"it", "this", "that", "ca", "cela", "ceci"})


@dataclass
class Turn:
    """The last answered question of a conversation, as understood."""

    question: str
    language: str
    fact_ids: tuple[str, ...]


def entity_tokens(store: KnowledgeStore, text: str) -> list[Token]:
    """The tokens of `text` that name an entity of the knowledge."""
    tokens = analyse(text, store.lexicon, ("fr", "en"))
    return [tok for tok in tokens if is_entity(tok)]


def _kind_of(store: KnowledgeStore, token: Token) -> str | None:
    """The kind of the entity the token names (a country, a person...)."""
    ids = entity_ids(store, [token])
    return store.entities[ids[0]].kind if ids else None


def _previous_names(store: KnowledgeStore, previous: Turn) -> list[str]:
    """The names of the entities the previous question named, in its language."""
    referents = entity_ids(store, entity_tokens(store, previous.question))
    return [store.entities[e].name.get(previous.language) for e in referents]


def and_x(
    store: KnowledgeStore, previous: Turn | None, question: str, language: str
) -> tuple[list[str], Reply | None] | None:
    """For "and X?": the previous question with X swapped in (or added), one reading per entity X
    may take the place of, the last named first; or a refusal; None if not that shape."""
    rest = and_x_rest(question)
    if rest is None or previous is None:
        return None
    rest_words = rest.split()
    new = entity_tokens(store, rest)
    if not new:
        capitalised = [w for w in rest_words if w[:1].isupper()]
        if capitalised:  # a name the knowledge does not know: nothing to swap it into
            names = " ".join(capitalised)
            text = t(language, "refusal.unknown_name", names=names)
            return [question], compose.refusal(store, question, language, text)
        return [_ellipsis(store, previous, rest)], None
    ids = entity_ids(store, new[:1])
    if ids and not any(ids[0] in f.entities for f in store.facts.values()):
        name = store.entities[ids[0]].name.get(language)
        text = t(language, "refusal.unknown_name", names=name)
        return [question], compose.refusal(store, question, language, text)
    old = entity_tokens(store, previous.question)
    targets = _replaced(store, old, new[0])
    if not targets:
        return [_ellipsis(store, previous, rest)], None
    readings = []
    for target in targets:
        words = raw_words(previous.question)
        span = len(raw_words(target.text))
        words[target.position : target.position + span] = [rest]
        readings.append(" ".join(words) + " ?")
    return readings, None


def _ellipsis(store: KnowledgeStore, previous: Turn, rest: str) -> str:
    """For "et en échange ?": the new words carry the topic, the previous question's entities the
    context (its other words would only bring back the fact already given)."""
    return " ".join([rest, *_previous_names(store, previous)])


def _replaced(store: KnowledgeStore, old: list[Token], new: Token) -> list[Token]:
    """The entities of the previous question X may take the place of: those of the same kind
    (a country for a country), the last named first ("Did North Korea send soldiers to Russia?"
    then "and South Korea?": South Korea instead of Russia, else instead of North Korea)."""
    kind = _kind_of(store, new)
    same = [tok for tok in old if _kind_of(store, tok) == kind]
    return [tok for tok in reversed(same) if tok.concept != new.concept]


def with_referents(store: KnowledgeStore, previous: Turn | None, question: str) -> str:
    """A question whose only subjects are pronouns refers to the previous one: a person
    pronoun ("what did they discuss?") gets its entities, a neuter one ("is it confirmed?")
    its whole question."""
    if previous is None or entity_tokens(store, question):
        return question
    words = set(words_of(question))
    if PERSON_PRONOUNS & words:
        names = _previous_names(store, previous)
        return f"{question} {' '.join(names)}" if names else question
    if NEUTER_PRONOUNS & words:
        return f"{question} {previous.question}"
    return question

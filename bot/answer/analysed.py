"""A fact's own sentences analysed like a question (tokens and the words their positions refer
to), once per version of the knowledge, for the checks of who does what (`roles.py`,
`nationality.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import ConceptKind, Token, analyse, concept_kind, concept_token, raw_words


@dataclass(frozen=True)
class Analysed:
    raw: list[str]  # the words token positions refer to
    tokens: tuple[Token, ...]


def fact_texts(store: KnowledgeStore, fact_id: str) -> tuple[Analysed, ...]:
    """The fact's French and English texts, then its alternate questions, analysed once per
    version of the knowledge (only facts that reach the checks are ever analysed)."""

    def compute() -> tuple[Analysed, ...]:
        fact = store.facts[fact_id]
        texts = [(fact.text.get("fr"), "fr"), (fact.text.get("en"), "en")]
        texts += [(q, "fr") for q in fact.questions.fr] + [(q, "en") for q in fact.questions.en]
        return tuple(
            Analysed(raw_words(text), tuple(analyse(text, store.lexicon, (language,))))
            for text, language in texts
        )

    return store.memo(("analysed", fact_id), compute)


def is_entity(token: Token) -> bool:
    """Whether the token names a person, country or organisation of the knowledge."""
    return bool(token.concept and concept_kind(token.concept) is ConceptKind.ENTITY)


def entity_ids(store: KnowledgeStore, tokens: list[Token]) -> list[str]:
    """The entities the tokens name, each once, in order."""
    ids = []
    for tok in tokens:
        for entity_id in store.entities:
            if concept_token("e", entity_id) == tok.concept and entity_id not in ids:
                ids.append(entity_id)
    return ids

"""Facts related to the ones an answer cited: for "more details?" and the "more" button."""

from __future__ import annotations

from collections.abc import Collection

from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore

RELATED_LIMIT = 3
MIN_RELATEDNESS = 2


def relatedness(cited: Collection[Fact], fact: Fact) -> int:
    """A shared topic counts double: topics are specific ("troops"), while an entity such as a
    country appears in almost every fact and alone makes a weak link."""
    entities = {e for f in cited for e in f.entities}
    topics = {topic for f in cited for topic in f.topics}
    return 2 * len(topics & set(fact.topics)) + len(entities & set(fact.entities))


def related_facts(
    store: KnowledgeStore,
    fact_ids: Collection[str],
    limit: int = RELATED_LIMIT,
    exclude: Collection[str] = (),
) -> list[Fact]:
    """Facts sharing topics or entities with the cited ones, most related and important first;
    the cited facts and those in `exclude` (already shown) are left out."""
    cited = [store.facts[f] for f in fact_ids if f in store.facts]
    scored = []
    for fact in store.facts.values():
        if fact.id in fact_ids or fact.id in exclude:
            continue
        score = relatedness(cited, fact)
        if score >= MIN_RELATEDNESS:
            scored.append((-score, -fact.importance, fact.id, fact))
    return [fact for *_, fact in sorted(scored, key=lambda s: s[:3])[:limit]]

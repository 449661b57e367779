"""Fingerprints of facts for the history of what changed (`bot.store.history`).

Only what readers see counts as a change: the text, who says it and how, the quote, the
document and the event's date. Alternate questions, topics or importance are retrieval
details: editing them must not put a fact back at the top of "what is new".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from bot.knowledge.model import Fact
from bot.store.history import FactDigest

PUBLISHED_FIELDS = frozenset({"document", "speaker", "claim_type", "text", "quote", "event_date"})


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fact_digest(fact: Fact) -> FactDigest:
    published = fact.model_dump_json(include=set(PUBLISHED_FIELDS))
    return FactDigest(full=_hash(fact.model_dump_json()), content=_hash(published))


def fact_digests(facts: Mapping[str, Fact]) -> dict[str, FactDigest]:
    return {fact_id: fact_digest(fact) for fact_id, fact in facts.items()}

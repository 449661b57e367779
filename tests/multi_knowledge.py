"""A knowledge base of several documents in both languages, for the wording tests.

`tests/knowledge_multi/` tells one fictional story (the Tessa dam on the Orna river) in three
short articles written for the tests: two English, one French, a week apart, the later ones
confirming or updating claims of the first. The tests import the fixtures below explicitly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore

MULTI_KNOWLEDGE = Path(__file__).parent / "knowledge_multi"


@pytest.fixture(scope="module")
def multi_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    """The multi-document store, built once per test module (it is only read)."""
    index = tmp_path_factory.mktemp("multi") / "index.db"
    ensure_index(MULTI_KNOWLEDGE, index)
    store = KnowledgeStore.open(index)
    yield store
    store.close()

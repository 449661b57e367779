"""One index of the bundled knowledge per test module: the engine tests only read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    index = tmp_path_factory.mktemp("index") / "index.db"
    ensure_index(ROOT / "knowledge", index)
    opened = KnowledgeStore.open(index)
    yield opened
    opened.close()

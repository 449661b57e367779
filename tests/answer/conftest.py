"""One index of the bundled knowledge per test module: the engine tests only read it; and one
of its bare copy (no alternate questions, no synonym groups: what a new article starts with),
for the behaviours that must not depend on curation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

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


@pytest.fixture(scope="module")
def bare_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    folder = tmp_path_factory.mktemp("bare")
    knowledge = folder / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns(".*"))
    for path in knowledge.glob("*.yaml"):
        _strip_curation(path)
    ensure_index(knowledge, folder / "index.db")
    opened = KnowledgeStore.open(folder / "index.db")
    yield opened
    opened.close()


def _strip_curation(path: Path) -> None:
    """The file without alternate questions and synonym groups."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return
    if "synonyms" in data:
        data["synonyms"] = []
    for fact in data.get("facts") or []:
        fact.pop("questions", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

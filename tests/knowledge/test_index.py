"""The index is built atomically, finds facts by accent-less and alias spellings, and a failed
rebuild keeps the previous index serving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answer.meaning import understand
from bot.answer.query import analyse_question
from bot.answer.retrieval import candidates, unknown_words
from bot.knowledge.index import ensure_index, read_meta
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.store import KnowledgeStore
from tests.conftest import IndexCache


@pytest.fixture
def store(knowledge_dir: Path, tmp_path: Path, index_cache: IndexCache) -> Iterator[KnowledgeStore]:
    """The store of `knowledge_dir`, its index built once per session (the building itself is
    what the tests without this fixture check)."""
    index = tmp_path / "index.db"
    index_cache.install(knowledge_dir, index)
    ensure_index(knowledge_dir, index)  # finds it up to date
    opened = KnowledgeStore.open(index)
    yield opened
    opened.close()


def _top_facts(store: KnowledgeStore, text: str) -> list[str]:
    query = analyse_question(store, text)
    meaning = understand(store, text, unknown_words(query))
    return [c.fact.id for c in candidates(store, query, meaning)][:3]


def _fact_naming(store: KnowledgeStore, entity: str) -> set[str]:
    return {f.id for f in store.facts.values() if entity in f.entities}


@pytest.mark.parametrize(
    "spelling", ["Belooussov", "Belousov", "Beloussov", "belousof", "BELOUSOV", "Andrei Belousov"]
)
def test_alias_and_typo_spellings_find_belousov(store: KnowledgeStore, spelling: str) -> None:
    belousov = _fact_naming(store, "andrei-belousov")
    assert belousov, "the curated facts name Belousov"
    assert set(_top_facts(store, spelling)) & belousov


@pytest.mark.parametrize("spelling", ["Corée du Nord", "Coree du Nord", "coree du nord", "DPRK"])
def test_accentless_spellings_find_north_korea(store: KnowledgeStore, spelling: str) -> None:
    assert set(_top_facts(store, f"{spelling} soldats")) & _fact_naming(store, "north-korea")


def test_rebuild_is_skipped_when_files_unchanged(knowledge_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.db"
    assert ensure_index(knowledge_dir, index).built
    assert not ensure_index(knowledge_dir, index).built


def test_failed_rebuild_keeps_previous_index(knowledge_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.db"
    first = ensure_index(knowledge_dir, index)
    before = index.read_bytes()
    (knowledge_dir / "broken.yaml").write_text("facts: [{id: x}]\n")
    with pytest.raises(KnowledgeError):
        ensure_index(knowledge_dir, index)
    assert index.read_bytes() == before
    assert read_meta(index)["version"] == first.version
    assert not list(tmp_path.glob(".index.db.*"))  # no temporary file left behind


def test_open_store_survives_rebuild(knowledge_dir: Path, tmp_path: Path) -> None:
    """A reader keeps its consistent version while a new index is swapped in."""
    index = tmp_path / "index.db"
    ensure_index(knowledge_dir, index)
    old = KnowledgeStore.open(index)
    fact_file = next(p for p in knowledge_dir.glob("*.yaml") if "facts:" in p.read_text())
    fact_file.write_text(fact_file.read_text() + "\n# edited\n")
    assert ensure_index(knowledge_dir, index).built
    new = KnowledgeStore.open(index)
    assert old.version != new.version
    assert old.search('"e_north_korea"')  # the old connection still reads its own file
    old.close()
    new.close()


MINIMAL = """\
documents:
  - {id: note, title: Note, language: en, publisher: Desk, published: 2024-11-30}
speakers:
  - {id: desk, kind: article, name: {fr: la rédaction, en: the desk}}
facts:
  - id: summit
    document: note
    speaker: desk
    claim_type: statement
    importance: 3
    text: {fr: Un sommet a eu lieu à Genève., en: A summit took place in Geneva.}
"""


def test_knowledge_without_entities_or_synonyms_opens(tmp_path: Path) -> None:
    """Empty sections still get their (empty) tables: the store opens and answers."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "note.yaml").write_text(MINIMAL, encoding="utf-8")
    index = tmp_path / "index.db"
    assert ensure_index(knowledge, index).built
    store = KnowledgeStore.open(index)
    try:
        assert (store.entities, list(store.facts)) == ({}, ["summit"])
        assert store.lexicon.vocabulary() == set()
        assert [fid for fid, _ in store.search("geneva")] == ["summit"]
        assert _top_facts(store, "What happened in Geneva?") == ["summit"]
    finally:
        store.close()

"""Who claims and who confirms, across documents."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.knowledge.index import ensure_index
from bot.knowledge.store import KnowledgeStore
from bot.wording.confirmation import agree, corroboration
from tests.multi_knowledge import MULTI_KNOWLEDGE, multi_store  # noqa: F401


def test_a_later_statement_by_another_source_confirms_a_claim(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    facts = multi_store.facts
    found = corroboration(multi_store, facts["orna-flow-accusation"], list(facts.values()))
    assert [f.id for f in found.claims] == ["orna-flow-accusation"]
    assert [f.id for f in found.confirmations] == ["orna-flow-measured"]
    assert found.confirmed


def test_facts_about_other_things_or_other_figures_do_not_agree(
    multi_store: KnowledgeStore,  # noqa: F811
) -> None:
    facts = multi_store.facts
    accusation = facts["orna-flow-accusation"]
    assert not agree(multi_store, accusation, facts["dam-operating-normally"])
    assert not agree(multi_store, accusation, facts["harvest-estimate"])
    assert agree(multi_store, accusation, facts["orna-flow-measured"])


def test_a_different_figure_does_not_confirm(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(MULTI_KNOWLEDGE, knowledge)
    inspection = knowledge / "tessa-dam-inspection-2026-03-09.yaml"
    text = inspection.read_text(encoding="utf-8")
    inspection.write_text(text.replace("40 %", "10 %").replace("40 percent", "10 percent"))
    ensure_index(knowledge, tmp_path / "index.db")
    store = KnowledgeStore.open(tmp_path / "index.db")
    try:
        accusation = store.facts["orna-flow-accusation"]
        assert not agree(store, accusation, store.facts["orna-flow-measured"])
        assert not corroboration(store, accusation, list(store.facts.values())).confirmed
    finally:
        store.close()


def test_an_estimate_never_confirms(multi_store: KnowledgeStore) -> None:  # noqa: F811
    facts = multi_store.facts
    found = corroboration(multi_store, facts["harvest-estimate"], list(facts.values()))
    assert not found.confirmed and found.facts[0].id == "harvest-estimate"

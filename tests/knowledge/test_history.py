""" "New" in briefs is a fact whose published content changed: a fact that goes away and comes
back unchanged keeps its date, editing its alternate questions does not make it new, and an
upgrade from the whole-fact hash marks nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from bot.knowledge.digest import fact_digest, fact_digests
from bot.knowledge.model import Fact, LocalizedList, Text
from bot.runtime import Runtime
from bot.store.database import to_iso
from bot.store.history import KnowledgeDiff, changed_since, record_knowledge

_START: list[dt.datetime] = []


@pytest.fixture(autouse=True)
def _start_tomorrow() -> None:
    """A day ahead of the start-up record the runtime fixture writes, read from the test's own
    clock when it starts (never fixed at import: the suite may run at another date)."""
    _START[:] = [dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)]


def _start() -> dt.datetime:
    return _START[0]


def _record(runtime: Runtime, hours: int, facts: dict[str, Fact]) -> KnowledgeDiff:
    with time_machine.travel(_start() + dt.timedelta(hours=hours), tick=False):
        return record_knowledge(runtime.state, fact_digests(facts), f"v{hours}", "test")


def _at(runtime: Runtime, hours: int, facts: dict[str, Fact]) -> set[str]:
    """Record `facts` at the start + hours; the facts that are new since an hour before."""
    _record(runtime, hours, facts)
    return changed_since(runtime.state, to_iso(_start() + dt.timedelta(hours=hours - 1)))


def test_a_fact_that_reappears_unchanged_is_not_new(runtime: Runtime) -> None:
    facts = dict(runtime.store.facts)
    first = sorted(facts)[0]
    assert _at(runtime, 1, facts) == set()  # as at start-up: nothing new
    half = {k: v for k, v in facts.items() if k != first}
    assert _at(runtime, 2, half) == set()
    assert _at(runtime, 3, facts) == set()  # back, the same: not new
    edited = dict(facts)
    fact = facts[first]
    edited[first] = fact.model_copy(
        update={"text": Text(fr=fact.text.get("fr") + " (mis à jour)", en=fact.text.en)}
    )
    assert _at(runtime, 4, edited) == {first}


def test_alternate_questions_and_importance_are_not_news(runtime: Runtime) -> None:
    facts = dict(runtime.store.facts)
    first = sorted(facts)[0]
    fact = facts[first]
    facts[first] = fact.model_copy(
        update={"questions": LocalizedList(fr=["Une autre question ?"]), "importance": 1}
    )
    assert _record(runtime, 5, facts).changed == (first,)  # the audit says so
    assert changed_since(runtime.state, to_iso(_start())) == set()  # but it is not news


def test_facts_recorded_before_content_hashes_are_not_all_new(runtime: Runtime) -> None:
    facts = runtime.store.facts
    with runtime.state.conn:
        runtime.state.execute("UPDATE fact_versions SET content_hash = NULL")
    assert _at(runtime, 6, dict(facts)) == set()
    rows = runtime.state.execute("SELECT fact_id, content_hash FROM fact_versions").fetchall()
    assert dict(rows) == {i: fact_digest(f).content for i, f in facts.items()}

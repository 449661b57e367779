"""Subscriptions in the state database: settings changes and the due query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.runtime import Runtime
from bot.store import subscriptions

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris


def test_subscribe_sets_the_next_local_time(runtime: Runtime) -> None:
    sub = subscriptions.subscribe(runtime.state, 1, "fr", "08:00", "Europe/Paris", now=NOW)
    assert sub.active and not sub.paused and not sub.only_new
    assert sub.next_send_at == sub.slot_at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert sub.since == sub.created_at
    assert subscriptions.get(runtime.state, 1) == sub


def test_settings_changes_reschedule(runtime: Runtime) -> None:
    db = runtime.state
    subscriptions.subscribe(db, 1, "en", "08:00", "Europe/Paris", now=NOW)
    sub = subscriptions.set_time(db, 1, "11:30", now=NOW)
    assert sub is not None and sub.next_send_at == dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    sub = subscriptions.set_timezone(db, 1, "Asia/Seoul", now=NOW)
    assert sub is not None and sub.next_send_at == dt.datetime(2026, 11, 24, 2, 30, tzinfo=UTC)
    assert subscriptions.set_only_new(db, 1, True)
    assert subscriptions.get(db, 1).only_new  # type: ignore[union-attr]
    assert subscriptions.set_time(db, 404, "08:00") is None


def test_pause_resume_and_unsubscribe(runtime: Runtime) -> None:
    db = runtime.state
    subscriptions.subscribe(db, 1, "fr", "08:00", "Europe/Paris", now=NOW)
    assert subscriptions.pause(db, 1)
    paused = subscriptions.get(db, 1)
    assert paused is not None and paused.paused
    later = NOW + dt.timedelta(days=3)
    assert subscriptions.due(db, later, 10) == []
    resumed = subscriptions.resume(db, 1, now=later)
    assert resumed is not None and not resumed.paused
    assert resumed.next_send_at > later  # briefs missed while paused are not sent
    # Resuming what is not paused changes nothing: a brief due (or a retry pending) stays due.
    assert subscriptions.resume(db, 1, now=later + dt.timedelta(days=1)) == resumed
    assert subscriptions.unsubscribe(db, 1)
    assert subscriptions.due(db, later + dt.timedelta(days=2), 10) == []
    again = subscriptions.subscribe(db, 1, "fr", "09:00", "Europe/Paris", now=later)
    assert again.active and again.time_local == "09:00"
    assert not subscriptions.unsubscribe(db, 404)


def test_due_is_one_indexed_query_oldest_first(runtime: Runtime) -> None:
    db = runtime.state
    for chat, time_local in ((1, "09:00"), (2, "07:00"), (3, "08:00"), (4, "23:00")):
        subscriptions.subscribe(db, chat, "fr", time_local, "UTC", now=NOW)
    subscriptions.pause(db, 3)
    moment = dt.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert [s.chat_id for s in subscriptions.due(db, moment, 10)] == [4, 2, 1]
    assert [s.chat_id for s in subscriptions.due(db, moment, 1)] == [4]
    queries: list[tuple[str, Sequence[Any] | dict[str, Any] | None]] = []
    with db.tracer(lambda sql, params: queries.append((sql, params))):
        subscriptions.due(db, moment, 10)
    assert len(queries) == 1
    sql, params = queries[0]
    plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    detail = " ".join(row[-1] for row in plan)
    assert "INDEX idx_subscriptions_active_paused_next_send_at" in detail
    assert "TEMP B-TREE" not in detail  # the index gives the order: no sort

"""Admin insight: stats, grouped unanswered questions, the knowledge audit, and their CLI."""

from __future__ import annotations

import datetime as dt
import json

from bot.admin.audit import recent_changes
from bot.admin.report import stats_report, unanswered_report
from bot.admin.stats import collect_stats
from bot.admin.unanswered import group_questions, unanswered
from bot.runtime import Runtime
from bot.store import users
from bot.store.database import to_iso, utcnow
from tests.knowledge.helpers import ARTICLE_FILE, NEW_FACT_ID, NEW_FACT_YAML

NOW = dt.datetime(2024, 12, 2, 10, 0, tzinfo=dt.UTC)


def rows(*questions: str) -> list[tuple[str, str | None, dt.datetime]]:
    return [(q, None, NOW - dt.timedelta(minutes=i)) for i, q in enumerate(questions)]


def test_alike_questions_are_grouped() -> None:
    groups = group_questions(
        rows(
            "Quel est le prix du pétrole ?",
            "quel est le prix du petrole",
            "Quel est le PRIX du pétrole russe ?!",
            "Who is Vladimir Putin?",
            "who is vladimir poutine",
            "Combien coûte le gaz ?",
        )
    )
    assert [(g.count, g.variants) for g in groups] == [(3, 3), (2, 2), (1, 1)]
    assert groups[0].example == "Quel est le prix du pétrole ?"
    assert groups[2].example == "Combien coûte le gaz ?"


def test_a_short_question_is_not_swallowed_by_a_longer_one() -> None:
    groups = group_questions(rows("Kim", "Kim a-t-il rencontré Poutine à Moscou ?"))
    assert len(groups) == 2


def test_the_most_frequent_wording_is_the_example() -> None:
    groups = group_questions(rows("prix du pétrole ?", "Prix du pétrole", "Prix du pétrole"))
    assert (groups[0].count, groups[0].example) == (3, "Prix du pétrole")


def log(runtime: Runtime, question: str, when: dt.datetime | None = None) -> None:
    """Ask as a user would; `when` backdates the log row."""
    runtime.ask(question, chat_id=1001)
    runtime.writer.flush()  # the question log is written off the event loop
    if when is not None:
        runtime.state.execute(
            "UPDATE question_log SET asked_at = ? WHERE id = (SELECT max(id) FROM question_log)",
            [to_iso(when)],
        )


def test_unanswered_keeps_recent_refusals_for_lack_of_knowledge(runtime: Runtime) -> None:
    log(runtime, "Quel est le prix du pétrole ?")
    log(runtime, "quel est le prix du petrole")
    log(runtime, "Que pense la Chine de cette alliance ?")
    log(runtime, "Qui Kim Jong Un a-t-il rencontré ?")  # answered
    log(runtime, "Bonjour")  # small talk, not a question for the knowledge
    log(runtime, "Quel est le prix du gaz en Europe ?", when=utcnow() - dt.timedelta(days=30))
    groups = unanswered(runtime.state, days=7)
    assert [(g.count, g.example) for g in groups] == [
        (2, "Quel est le prix du pétrole ?"),
        (1, "Que pense la Chine de cette alliance ?"),
    ]
    text = unanswered_report("fr", groups, 7)
    assert "2× « Quel est le prix du pétrole ? » (2 formulations)" in text
    assert len(unanswered(runtime.state, days=60)) == 3
    assert unanswered_report("en", [], 7) == "No unanswered question in the last 7 days."


def test_stats_count_today(runtime: Runtime) -> None:
    for chat_id in (1001, 1002, 1003):
        users.touch(runtime.state, chat_id)
    stamp = to_iso(utcnow())
    for chat_id, paused in ((1001, 0), (1002, 1)):
        runtime.state.execute(
            "INSERT INTO subscriptions (chat_id, language, time_local, timezone, only_new,"
            " paused, active, next_send_at, created_at, updated_at)"
            " VALUES (?, 'fr', '08:00', 'Europe/Paris', 0, ?, 1, ?, ?, ?)",
            [chat_id, paused, stamp, stamp, stamp],
        )
    runtime.state.execute(
        "INSERT INTO deliveries (chat_id, local_date, status, attempts, created_at, sent_at)"
        " VALUES (1001, ?, 'sent', 1, ?, ?)",
        [dt.date.today().isoformat(), stamp, stamp],
    )
    log(runtime, "Qui Kim Jong Un a-t-il rencontré ?")
    log(runtime, "Qui est Belooussov ?")
    log(runtime, "Quel est le prix du pétrole ?")
    log(runtime, "Merci")  # not counted as a question
    log(runtime, "Qui Kim Jong Un a-t-il rencontré ?", when=utcnow() - dt.timedelta(days=2))
    stats = collect_stats(runtime.state, runtime.store, zone="Europe/Paris")
    assert (stats.users, stats.subscribers, stats.paused, stats.briefs_today) == (3, 2, 1, 1)
    assert (stats.questions_today, stats.answered_today) == (3, 2)
    text = stats_report("fr", stats, "Europe/Paris")
    assert "Questions aujourd'hui : 3, avec réponse : 2 (67 %)" in text
    store = runtime.store
    assert len(store.documents) == 1  # the fixed knowledge: one article
    assert f"version {store.version}, {len(store.facts)} faits, 1 document\n\n" in text
    assert " · au démarrage · " in text  # the audit entry of the first start, in French
    english = stats_report("en", stats, "Europe/Paris")
    assert "(67%)" in english and " · at start-up · added: " in english


def test_every_knowledge_change_is_audited(runtime: Runtime) -> None:
    directory = runtime.settings.KNOWLEDGE_DIR
    bundled_facts = len(runtime.store.facts)
    (directory / "mongolie.yaml").write_text(NEW_FACT_YAML, encoding="utf-8")
    assert runtime.reload(actor="file edit").diff.added == (NEW_FACT_ID,)
    (directory / "mongolie.yaml").unlink()
    article = directory / ARTICLE_FILE
    article.write_text(article.read_text().replace("importance: 5", "importance: 4", 1))
    runtime.reload(actor="42")
    latest, previous, first = recent_changes(runtime.state, 3)
    assert (latest.actor, latest.changed, latest.removed) == (
        "42",
        ("kim-belousov-meeting",),
        (NEW_FACT_ID,),
    )
    assert (previous.actor, previous.added) == ("file edit", (NEW_FACT_ID,))
    assert first.actor == "start-up" and len(first.added) == bundled_facts
    assert runtime.reload(actor="nothing").diff.empty
    assert len(recent_changes(runtime.state, 10)) == 3  # no change, no entry


# --- the CLI -------------------------------------------------------------------------------


def test_audit_rows_are_json_lists(runtime: Runtime) -> None:
    row = runtime.state.execute("SELECT added, changed, removed FROM knowledge_audit").fetchone()
    assert [type(json.loads(value)) for value in row] == [list, list, list]

"""Usage figures for admins: audience, today's briefs and questions, the knowledge in service.

"Today" is the calendar day in the bot's default time zone, the one admins think in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.admin.audit import AuditEntry, recent_changes
from bot.knowledge.store import KnowledgeStore
from bot.store import subscriptions, users
from bot.store.database import to_iso, utcnow

# Replies to a question about the news; greetings, chit-chat or gibberish are not questions the
# knowledge could answer, so they do not count in the share answered.
QUESTION_KINDS = ("answer", "summary", "refusal")


@dataclass(frozen=True)
class Stats:
    users: int
    subscribers: int  # active subscriptions, paused ones included
    paused: int
    briefs_today: int
    questions_today: int
    answered_today: int
    knowledge_version: str
    facts: int
    documents: int
    recent_changes: tuple[AuditEntry, ...]

    @property
    def answered_share(self) -> float | None:
        return self.answered_today / self.questions_today if self.questions_today else None


def start_of_day(zone: str, now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of the current day in `zone`, as an aware datetime."""
    local = (now or utcnow()).astimezone(ZoneInfo(zone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _count(db: Database, sql: str, values: list[object]) -> int:
    return db.execute(sql, values).fetchone()[0] or 0


def collect_stats(
    db: Database,
    store: KnowledgeStore | None,
    *,
    zone: str,
    now: dt.datetime | None = None,
    changes: int = 5,
) -> Stats:
    """The figures of /stats; `store` is the knowledge in service (None: no index built yet)."""
    since = to_iso(start_of_day(zone, now))
    kinds = ", ".join("?" for _ in QUESTION_KINDS)
    return Stats(
        users=users.count(db),
        subscribers=subscriptions.count_active(db),
        paused=_count(db, "SELECT count(*) FROM subscriptions WHERE active = 1 AND paused = 1", []),
        briefs_today=_count(
            db, "SELECT count(*) FROM deliveries WHERE status = 'sent' AND sent_at >= ?", [since]
        ),
        questions_today=_count(
            db,
            f"SELECT count(*) FROM question_log WHERE asked_at >= ? AND kind IN ({kinds})",
            [since, *QUESTION_KINDS],
        ),
        answered_today=_count(
            db,
            "SELECT count(*) FROM question_log WHERE asked_at >= ? AND answered = 1"
            f" AND kind IN ({kinds})",
            [since, *QUESTION_KINDS],
        ),
        knowledge_version=store.version if store else "—",
        facts=len(store.facts) if store else 0,
        documents=len(store.documents) if store else 0,
        recent_changes=tuple(recent_changes(db, changes)),
    )

"""`briefbot doctor` and `/health`: is this deployment healthy? The transport-free checks.

Each check gives one line: the settings, the state database (writable, schema current), the
knowledge files (valid, index current), and the scheduler (last brief, next one due, not
overdue). The Telegram checks (token, webhook) live in `bot/telegram/doctor.py`; the CLI and
the `/health` command put both together. Nothing here creates or migrates a file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bot.config import Settings
from bot.knowledge.build_progress import BuildStatus, read_status
from bot.knowledge.index import SCHEMA_VERSION, read_meta
from bot.knowledge.loader import KnowledgeError, directory_version, load_directory
from bot.messages import t, tn
from bot.store.database import from_iso, utcnow
from bot.store.migrations import MIGRATIONS
from bot.wording.dates import format_moment

# A brief more than this late means the scheduler is not running (it scans every minute or so).
OVERDUE = dt.timedelta(minutes=10)
# How long the write check waits for another writer before calling the database locked.
LOCK_WAIT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    name: str  # a catalogue key suffix: doctor.name.<name>
    ok: bool
    detail: str


def report(language: str, checks: Sequence[Check]) -> str:
    """One line per check, then a verdict line."""
    lines = [
        t(
            language,
            "doctor.line",
            mark="✓" if check.ok else "✗",
            name=t(language, f"doctor.name.{check.name}"),
            detail=check.detail,
        )
        for check in checks
    ]
    failed = sum(not check.ok for check in checks)
    lines.append(tn(language, "doctor.failed", failed) if failed else t(language, "doctor.healthy"))
    return "\n".join(lines)


def check_settings(language: str, settings: Settings) -> Check:
    if settings.WEBHOOK_URL:
        mode = t(language, "doctor.mode_webhook", url=settings.WEBHOOK_URL)
    else:
        mode = t(language, "doctor.mode_polling")
    admins = tn(language, "doctor.admins", len(settings.ADMIN_IDS))
    return Check("settings", True, f"{mode}, {admins}")


def _connect(path: Path) -> sqlite3.Connection:
    # mode=rw: never create the file; a missing database is reported, not made.
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=LOCK_WAIT_SECONDS)


def check_database(language: str, settings: Settings) -> Check:
    path = settings.BRIEFBOT_DB
    if not path.is_file():
        return Check("database", False, t(language, "doctor.db_missing", path=path))
    try:
        connection = _connect(path)
        try:
            connection.execute("BEGIN IMMEDIATE")  # takes the write lock, writes nothing
            connection.rollback()
            pending = MIGRATIONS.pending(sqlite_utils.Database(connection))
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return Check("database", False, t(language, "doctor.db_unwritable", path=path, error=exc))
    if pending:
        detail = tn(language, "doctor.db_pending", len(pending), path=path)
        return Check("database", False, detail)
    return Check("database", True, t(language, "doctor.db_ok", path=path))


def check_knowledge(language: str, settings: Settings) -> Check:
    directory = settings.KNOWLEDGE_DIR
    try:
        kb = load_directory(directory)
    except KnowledgeError as exc:
        first = exc.problems[0] if exc.problems else ""
        detail = tn(language, "doctor.knowledge_errors", len(exc.problems), first=first)
        return Check("knowledge", False, detail)
    meta = read_meta(settings.KNOWLEDGE_INDEX)
    current = meta.get("schema") == SCHEMA_VERSION and meta.get("version") == directory_version(
        directory
    )
    key = "doctor.knowledge_ok" if current else "doctor.knowledge_stale_index"
    facts = tn(language, "cli.count.facts", len(kb.facts))
    detail = t(language, key, facts=facts, version=kb.version)
    building = read_status(settings.KNOWLEDGE_INDEX)
    if building is not None:  # the previous index serves meanwhile: not a failure
        detail += t(language, "doctor.index_building", progress=describe_build(language, building))
    return Check("knowledge", True, detail)


def describe_build(language: str, status: BuildStatus) -> str:
    """ "encoding the facts' meaning, 4200/10000 (42 %), about 6 min left" """
    values = {"done": status.done, "total": status.total, "percent": status.percent}
    text = t(language, f"doctor.build_{status.phase}", **values)
    minutes = status.minutes_left(utcnow())
    return text + (tn(language, "doctor.build_left", minutes) if minutes is not None else "")


def check_scheduler(language: str, settings: Settings, now: dt.datetime | None = None) -> Check:
    """The last brief handled and the next one due; overdue means the scheduler is not running."""
    now = now or utcnow()
    zone = settings.DEFAULT_TIMEZONE
    if not settings.BRIEFBOT_DB.is_file():
        return Check(
            "scheduler", False, t(language, "doctor.db_missing", path=settings.BRIEFBOT_DB)
        )
    try:
        connection = _connect(settings.BRIEFBOT_DB)
        try:
            last = connection.execute(
                "SELECT max(coalesce(sent_at, created_at)) FROM deliveries"
            ).fetchone()[0]
            due = connection.execute(
                "SELECT min(next_send_at) FROM subscriptions WHERE active = 1 AND paused = 0"
            ).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return Check("scheduler", False, t(language, "doctor.db_unwritable", path="", error=exc))
    last_text = (
        format_moment(language, from_iso(last), zone) if last else t(language, "doctor.never")
    )
    if due is None:
        return Check("scheduler", True, t(language, "doctor.no_brief_due", last=last_text))
    due_at = from_iso(due)
    values = {"last": last_text, "next": format_moment(language, due_at, zone)}
    if now - due_at > OVERDUE:
        late = round((now - due_at).total_seconds() / 60)
        return Check("scheduler", False, t(language, "doctor.overdue", minutes=late, **values))
    return Check("scheduler", True, t(language, "doctor.next_brief", **values))


def core_checks(language: str, settings: Settings) -> list[Check]:
    return [
        check_settings(language, settings),
        check_database(language, settings),
        check_knowledge(language, settings),
        check_scheduler(language, settings),
    ]

"""Plain-text admin reports, shared by the terminal and Telegram so both say the same thing.

Plain text on purpose: reports quote users' questions and file errors verbatim, which must not
be read as markup. Long lists are cut so a report always fits in one Telegram message.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from bot.admin.audit import AuditEntry
from bot.admin.stats import Stats
from bot.admin.unanswered import UnansweredGroup
from bot.knowledge.loader import Problem
from bot.messages import t, tn
from bot.store.history import KnowledgeDiff
from bot.wording.dates import format_moment

if TYPE_CHECKING:
    from bot.admin.uploads import UploadResult
    from bot.runtime import ReloadResult

MAX_PROBLEMS = 15
MAX_IDS = 25
MAX_EXAMPLE = 200
# The audit log's actors that are not an admin's id, each worded by the catalogue.
_ACTORS = {"start-up": "start_up", "file edit": "file_edit", "reload": "reload"}


def _ids(language: str, ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:MAX_IDS])
    if len(ids) > MAX_IDS:
        shown += " " + t(language, "admin.more_ids", count=len(ids) - MAX_IDS)
    return shown


def format_diff(language: str, diff: KnowledgeDiff) -> str:
    """ "added: a, b; changed: c; removed: d" (only the non-empty parts)."""
    kinds = (("added", diff.added), ("changed", diff.changed), ("removed", diff.removed))
    parts = [t(language, f"admin.diff_{k}", ids=_ids(language, ids)) for k, ids in kinds if ids]
    return "; ".join(parts) if parts else t(language, "admin.diff_empty")


def format_problems(language: str, problems: Sequence[Problem], first: Collection[str] = ()) -> str:
    """One `file:line: field: message` per line, the first MAX_PROBLEMS of them.

    The problems of the files in `first` (the upload, the files just edited) lead: an error
    there often breaks references elsewhere, and its cause must not be cut off by the list of
    its consequences.
    """
    problems = sorted(problems, key=lambda p: p.file not in first)  # stable: order kept
    lines = [f"• {p}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(tn(language, "admin.more_problems", len(problems) - MAX_PROBLEMS))
    return "\n".join(lines)


def reload_report(
    language: str, result: ReloadResult, live: bool = False, edited: Collection[str] = ()
) -> str:
    """The answer to /reload, or (`live`) the notice sent after the files `edited` changed."""
    if result.ok:
        key = "admin.live_ok" if live else "admin.reload_ok"
        return t(language, key, version=result.version, diff=format_diff(language, result.diff))
    key = "admin.live_failed" if live else "admin.reload_failed"
    return t(
        language,
        key,
        errors=tn(language, "admin.errors", len(result.problems)),
        version=result.version,
        problems=format_problems(language, result.problems, edited),
    )


def upload_report(language: str, result: UploadResult) -> str:
    text = t(
        language,
        "admin.upload_ok",
        name=result.name,
        version=result.reload.version,
        diff=format_diff(language, result.reload.diff),
    )
    if result.backup is not None:
        backup = f"{result.backup.parent.name}/{result.backup.name}"
        text += "\n" + t(language, "admin.upload_backup", backup=backup)
    return text


def upload_rejected_report(language: str, name: str, problems: Sequence[Problem]) -> str:
    return t(
        language,
        "admin.upload_rejected",
        name=name or "?",
        errors=tn(language, "admin.errors", len(problems)),
        problems=format_problems(language, problems, first=(name,)),
    )


def _actor(language: str, actor: str) -> str:
    """ "admin 42", "au démarrage": the audit's stored actor (an id or an event) for a reader."""
    if actor.isdigit():
        return t(language, "admin.actor.admin", id=actor)
    return t(language, f"admin.actor.{_ACTORS[actor]}") if actor in _ACTORS else actor


def changes_report(language: str, entries: Sequence[AuditEntry], zone: str) -> str:
    """The audit log: when (in `zone`), who, which facts."""
    if not entries:
        return t(language, "admin.no_changes")
    lines = [t(language, "admin.changes_title")]
    for entry in entries:
        diff = KnowledgeDiff(entry.added, entry.changed, entry.removed)
        lines.append(
            t(
                language,
                "admin.change_entry",
                when=format_moment(language, entry.at, zone),
                actor=_actor(language, entry.actor),
                diff=format_diff(language, diff),
            )
        )
    return "\n".join(lines)


def stats_report(language: str, stats: Stats, zone: str) -> str:
    """The figures, then the latest knowledge changes."""
    figures = stats_figures(language, stats)
    return f"{figures}\n\n{changes_report(language, stats.recent_changes, zone)}"


def stats_figures(language: str, stats: Stats) -> str:
    """The figures of /stats alone: short enough for a photo's caption."""
    share = stats.answered_share
    text = t(
        language,
        "admin.stats",
        users=stats.users,
        subscribers=stats.subscribers,
        paused=stats.paused,
        briefs=stats.briefs_today,
        questions=stats.questions_today,
        answered=stats.answered_today,
        share="—" if share is None else t(language, "admin.percent", value=round(share * 100)),
        version=stats.knowledge_version,
        facts=tn(language, "cli.count.facts", stats.facts),
        documents=tn(language, "cli.count.documents", stats.documents),
    )
    return text


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_EXAMPLE else text[: MAX_EXAMPLE - 1].rstrip() + "…"


def unanswered_report(language: str, groups: Sequence[UnansweredGroup], days: int) -> str:
    if not groups:
        return t(language, "admin.unanswered_none", days=days)
    lines = [t(language, "admin.unanswered_title", days=days)]
    for group in groups:
        line = t(
            language, "admin.unanswered_entry", count=group.count, example=_shorten(group.example)
        )
        if group.variants > 1:
            line += " " + t(language, "admin.unanswered_variants", count=group.variants)
        lines.append(line)
    return "\n".join(lines)

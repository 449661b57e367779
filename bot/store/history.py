"""Which facts exist since when: the basis of "new since your last brief" and of the audit log.

"New" means a fact whose published content changed (or that never existed): a fact that goes
away and comes back unchanged (a file saved in two steps, a folder moved and restored) keeps
its date, so "only when new" subscribers get no brief for nothing. The store knows facts only
by id and digest, computed by the knowledge layer (`bot.knowledge.digest`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.database import to_iso, utcnow


@dataclass(frozen=True)
class KnowledgeDiff:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True)
class FactDigest:
    """A fact's fingerprints: `full` changes with any field (the audit lists the fact as
    changed), `content` only with what readers see (the fact is new again in briefs)."""

    full: str
    content: str


def record_knowledge(
    db: Database, facts: Mapping[str, FactDigest], version: str, actor: str
) -> KnowledgeDiff:
    """Compare the facts with the last recorded ones; store the new digests and an audit row."""
    now = to_iso(utcnow())
    known = {
        fid: (full, content, removed)
        for fid, full, content, removed in db.execute(
            "SELECT fact_id, hash, content_hash, removed_at FROM fact_versions"
        )
    }
    added, changed = [], []
    with db.atomic():
        for fid, digest in facts.items():
            previous = known.get(fid)
            if previous is None:
                added.append(fid)
                db.execute(
                    "INSERT INTO fact_versions"
                    " (fact_id, hash, content_hash, first_seen, changed_at, removed_at)"
                    " VALUES (?, ?, ?, ?, ?, NULL)",
                    [fid, digest.full, digest.content, now, now],
                )
                continue
            full, content, gone = previous
            if gone is not None:
                added.append(fid)  # back: listed in the audit, new only if its content changed
            elif full != digest.full:
                changed.append(fid)
            # Rows written before content hashes existed compare by the full hash.
            is_news = (content or full) != (digest.content if content else digest.full)
            if is_news:
                db.execute(
                    "UPDATE fact_versions SET hash = ?, content_hash = ?, changed_at = ?,"
                    " removed_at = NULL WHERE fact_id = ?",
                    [digest.full, digest.content, now, fid],
                )
            elif (full, content, gone) != (digest.full, digest.content, None):
                db.execute(
                    "UPDATE fact_versions SET hash = ?, content_hash = ?, removed_at = NULL"
                    " WHERE fact_id = ?",
                    [digest.full, digest.content, fid],
                )
        removed = [fid for fid, (_, _, gone) in known.items() if gone is None and fid not in facts]
        for fid in removed:
            db.execute("UPDATE fact_versions SET removed_at = ? WHERE fact_id = ?", [now, fid])
        diff = KnowledgeDiff(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)))
        if not diff.empty:
            db.execute(
                "INSERT INTO knowledge_audit (at, actor, version, added, changed, removed)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    now,
                    actor,
                    version,
                    json.dumps(diff.added),
                    json.dumps(diff.changed),
                    json.dumps(diff.removed),
                ],
            )
    return diff


def changed_since(db: Database, since_iso: str) -> set[str]:
    """Facts added or changed after a moment (UTC ISO text)."""
    rows = db.execute(
        "SELECT fact_id FROM fact_versions WHERE removed_at IS NULL AND changed_at > ?",
        [since_iso],
    )
    return {fid for (fid,) in rows}

"""Which facts exist since when: the basis of "new since your last brief" and of the audit log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from bot.knowledge.model import Fact
from bot.store.database import to_iso, utcnow


@dataclass(frozen=True)
class KnowledgeDiff:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def fact_hash(fact: Fact) -> str:
    return hashlib.sha256(fact.model_dump_json().encode()).hexdigest()[:16]


def record_knowledge(
    db: Database, facts: Mapping[str, Fact], version: str, actor: str
) -> KnowledgeDiff:
    """Compare the facts with the last recorded ones; store the new hashes and an audit row."""
    now = to_iso(utcnow())
    known = {
        fid: (digest, removed)
        for fid, digest, removed in db.execute(
            "SELECT fact_id, hash, removed_at FROM fact_versions"
        )
    }
    added, changed = [], []
    with db.atomic():
        for fid, fact in facts.items():
            digest = fact_hash(fact)
            previous = known.get(fid)
            if previous is None or previous[1] is not None:
                added.append(fid)
                db.execute(
                    "INSERT INTO fact_versions (fact_id, hash, first_seen, changed_at, removed_at)"
                    " VALUES (?, ?, ?, ?, NULL) ON CONFLICT(fact_id) DO UPDATE SET"
                    " hash = excluded.hash, changed_at = excluded.changed_at, removed_at = NULL",
                    [fid, digest, now, now],
                )
            elif previous[0] != digest:
                changed.append(fid)
                db.execute(
                    "UPDATE fact_versions SET hash = ?, changed_at = ? WHERE fact_id = ?",
                    [digest, now, fid],
                )
        removed = [fid for fid, (_, gone) in known.items() if gone is None and fid not in facts]
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

"""The question log: what users asked, in which language, and whether the bot could answer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlite_utils import Database

from bot.store.database import to_iso, utcnow


def log_question(
    db: Database,
    chat_id: int | None,
    question: str,
    language: str,
    answered: bool,
    kind: str,
    fact_ids: Sequence[str],
    asked_at: dt.datetime | None = None,
) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO question_log (chat_id, question, language, answered, kind, fact_ids,"
            " asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                chat_id,
                question,
                language,
                int(answered),
                kind,
                json.dumps(list(fact_ids)),
                to_iso(asked_at or utcnow()),
            ],
        )

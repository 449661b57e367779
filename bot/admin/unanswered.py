"""The questions the bot refused for lack of knowledge, grouped when they ask the same thing.

This is the feedback loop of the bot: what users want to know and the knowledge does not say.
Users phrase the same question many ways, so questions are compared on their content words
(accents, case, punctuation and function words removed, words stemmed) and near-duplicates are
grouped with a fuzzy set comparison that tolerates typos ("Poutine" / "Putin" / "Poutin").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlite_utils import Database

from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import stem, words
from bot.store.database import from_iso, to_iso, utcnow

SIMILARITY = 85  # rapidfuzz token_set_ratio, 0-100, on the sorted content stems
MIN_OVERLAP = 0.5  # the smaller question has at least half as many content words as the larger


@dataclass(frozen=True)
class UnansweredGroup:
    count: int  # how many times it was asked
    example: str  # the most frequent wording
    variants: int  # distinct wordings in the group
    last_asked: dt.datetime


@dataclass(frozen=True)
class _Key:
    text: str  # folded words, for exact matches
    stems: frozenset[str]

    @property
    def joined(self) -> str:
        return " ".join(sorted(self.stems))


def question_key(question: str, language: str | None = None) -> _Key:
    """Accent-, case- and punctuation-free words; content words stemmed in the question's
    language (French and English stems both when the language is unknown)."""
    folded = words(question)
    content = [w for w in folded if w not in STOPWORDS] or folded
    languages = (language,) if language in ("fr", "en") else ("fr", "en")
    stems = frozenset(stem(w, lang) for w in content for lang in languages)
    return _Key(" ".join(folded), stems)


def similar(a: _Key, b: _Key) -> bool:
    if a.text == b.text or (a.stems and a.stems == b.stems):
        return True
    small, large = sorted((len(a.stems), len(b.stems)))
    if not small or small / large < MIN_OVERLAP:
        return False
    return fuzz.token_set_ratio(a.joined, b.joined) >= SIMILARITY


@dataclass
class _Group:
    key: _Key
    wordings: Counter[str]
    last_asked: dt.datetime


def group_questions(rows: Iterable[tuple[str, str | None, dt.datetime]]) -> list[UnansweredGroup]:
    """Group (question, language, asked_at) rows; most asked first, then most recent."""
    by_text: dict[str, _Group] = {}
    for question, language, asked_at in rows:
        text = " ".join(question.split())
        key = question_key(text, language)
        if not key.text:
            continue
        known = by_text.setdefault(key.text, _Group(key, Counter(), asked_at))
        known.wordings[text] += 1
        known.last_asked = max(known.last_asked, asked_at)
    groups: list[_Group] = []
    # The most asked wordings first, so they become the groups others are compared with.
    for candidate in sorted(by_text.values(), key=lambda g: -g.wordings.total()):
        for group in groups:
            if similar(group.key, candidate.key):
                group.wordings.update(candidate.wordings)
                group.last_asked = max(group.last_asked, candidate.last_asked)
                break
        else:
            groups.append(candidate)
    result = [
        UnansweredGroup(
            count=g.wordings.total(),
            example=g.wordings.most_common(1)[0][0],
            variants=len(g.wordings),
            last_asked=g.last_asked,
        )
        for g in groups
    ]
    return sorted(result, key=lambda g: (-g.count, -g.last_asked.timestamp()))


def unanswered(
    db: Database, days: int = 7, limit: int = 10, now: dt.datetime | None = None
) -> list[UnansweredGroup]:
    """The most frequent questions refused for lack of knowledge in the last `days` days."""
    since = to_iso((now or utcnow()) - dt.timedelta(days=days))
    rows = db.execute(
        "SELECT question, language, asked_at FROM question_log"
        " WHERE answered = 0 AND kind = 'refusal' AND asked_at >= ? ORDER BY asked_at",
        [since],
    )
    return group_questions((q, lang, from_iso(at)) for q, lang, at in rows)[:limit]

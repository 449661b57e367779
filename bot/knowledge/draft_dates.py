"""The day a sentence's event happened, resolved against the publication date (dateparser).

News copy dates events relative to the day it is published: "on Sunday", « vendredi », "early
on Monday", « hier », "Nov 18". A weekday is the most recent such day (the same day when the
article is published on it), or the next one when the sentence speaks of the future (« est
attendu mardi », "will meet on Friday"). Periods ("last week", « la semaine dernière ») give
no day: they only get a review note. Dates in a relative clause (« Orban, qui a félicité ...
samedi, est attendu mardi ») belong to another event and are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from bot.knowledge.terms import fold

_WEEKDAYS = {
    **{d: i for i, d in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())},
    **{
        d: i
        for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
    },
}
_MONTHS = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
    " january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MONTH = "|".join(sorted(_MONTHS.split(), key=len, reverse=True))
_DAY = "|".join(_WEEKDAYS)
_DATE = re.compile(
    rf"\b(?P<dmy>\d{{1,2}}(?:er)?\s+(?:{_MONTH})\.?(?:\s+\d{{4}})?)\b"
    rf"|\b(?P<mdy>(?:{_MONTH})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?)\b"
    rf"|\b(?P<weekday>{_DAY})\b"
    r"|\b(?P<relative>avant-hier|hier|aujourd'hui|yesterday|today)\b"
)
_PERIOD = re.compile(
    r"\b(?:(?:la semaine|le mois|l'an|l'annee)\s+derniere?|(?:la semaine|le mois)\s+prochaine?"
    r"|last\s+(?:week|month|year)|next\s+(?:week|month)|this\s+week|cette\s+semaine)\b"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+(?:expected|due|set|scheduled)\s+to|are\s+(?:expected|due)\s+to"
    r"|est\s+attendue?s?|sont\s+attendue?s?|doit|doivent|devrait|devraient|va|vont|sera"
    r"|seront|prochain|prochaine|next)\b"
)
_RELATIVE_CLAUSE = re.compile(r",\s*(?:qui|who|which|dont|whose)\b[^,]*,")


@dataclass(frozen=True)
class EventDate:
    day: dt.date | None
    words: str | None  # the words the day comes from: "vendredi", "Nov 18"
    period: str | None  # "last week": a period the reviewer must write out


def event_date(text: str, published: dt.date, language: str) -> EventDate:
    """The first day the sentence gives, completed from the publication date."""
    folded = fold(_RELATIVE_CLAUSE.sub(",", text))
    period = _PERIOD.search(folded)
    for match in _DATE.finditer(folded):
        day = _resolve(match, folded, published, language)
        if day is not None:
            return EventDate(day, match.group(), period.group() if period else None)
    return EventDate(None, None, period.group() if period else None)


def _resolve(
    match: re.Match[str], folded: str, published: dt.date, language: str
) -> dt.date | None:
    if match["weekday"]:
        weekday = _WEEKDAYS[match["weekday"]]
        if _FUTURE.search(folded):
            ahead = (weekday - published.weekday()) % 7 or 7
            return published + dt.timedelta(days=ahead)
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    base = dt.datetime.combine(published, dt.time(12))
    parsed = dateparser.parse(
        match.group(),
        languages=[language, "en" if language == "fr" else "fr"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month"] if not match["relative"] else [],
        },
    )
    return parsed.date() if parsed is not None else None

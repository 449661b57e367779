"""Dates and times as readers write them, through babel's CLDR data: « 1er décembre 2024 »,
"1 December 2024", and a time always labelled with its zone ("08:05 (Europe/Paris)").
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from bot.messages import t

DATE_PATTERN = "d MMMM y"  # day, month name, year: the order both languages write in prose
TIME_PATTERN = "HH:mm"


def format_date(language: str, day: dt.date) -> str:
    """A calendar date in prose; French writes the first of the month as an ordinal (1er)."""
    text = babel_date(day, DATE_PATTERN, locale=language)
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def format_moment(language: str, moment: dt.datetime, zone: str) -> str:
    """An instant in `zone`, its date in prose and its time labelled with the zone's name."""
    local = moment.astimezone(ZoneInfo(zone))
    return t(
        language,
        "date.moment",
        date=format_date(language, local.date()),
        time=babel_time(local.timetz(), TIME_PATTERN, locale=language),
        zone=zone,
    )

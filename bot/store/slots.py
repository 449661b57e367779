"""Delivery instants: when "08:00 in Europe/Paris" is in UTC, on a given day or next.

Pure time computations on stored values (an "HH:MM" time and a zone name), kept in the store
because the subscriptions table is defined by them: `next_send_at` is what it stores and what
`due` compares. Parsing what users type lives above, in `bot.briefing.schedule`.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FIXED_OFFSET = re.compile(r"UTC([+-])(\d{2}):(\d{2})")


class UnknownZoneName(ValueError):
    """A stored zone name that is neither IANA nor "UTC+05:30"."""

    def __init__(self, name: str):
        super().__init__(f"unknown time zone {name!r}")
        self.name = name


def tzinfo(name: str) -> dt.tzinfo:
    """The tzinfo for a stored zone name (IANA or "UTC+05:30")."""
    if match := _FIXED_OFFSET.fullmatch(name):
        offset = dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
        return dt.timezone(offset if match[1] == "+" else -offset, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZoneName(name) from exc


def _exists(local: dt.datetime) -> bool:
    """False for a wall time skipped by a spring-forward change (it does not round-trip)."""
    back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def slot_for_date(day: dt.date, time_local: str, zone: str) -> dt.datetime:
    """The UTC instant of `time_local` on `day` in `zone`.

    Ambiguous (fall-back) wall times take their first occurrence (fold=0). Wall times inside a
    spring-forward gap move to the first valid instant after the gap, i.e. the change itself:
    02:30 on 29 March 2026 in Paris is sent at 03:00 CEST, not at 03:30 as plain PEP 495
    arithmetic would give.
    """
    hour, minute = (int(part) for part in time_local.split(":"))
    zone_info = tzinfo(zone)
    local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone_info, fold=0)
    while not _exists(local):  # gaps are whole minutes (at most a few hours) in tzdata
        local = (local + dt.timedelta(minutes=1)).replace(fold=0)
    return local.astimezone(dt.UTC)


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    return moment.astimezone(tzinfo(zone)).date()


def next_send_at(time_local: str, zone: str, after_utc: dt.datetime) -> dt.datetime:
    """The first delivery instant strictly after `after_utc`, in UTC."""
    day = local_date(after_utc, zone) - dt.timedelta(days=1)
    while (slot := slot_for_date(day, time_local, zone)) <= after_utc:
        day += dt.timedelta(days=1)
    return slot

"""Delivery times: what users type ("8h30", "Séoul", "UTC+2") and when 08:00 local is in UTC.

Times are stored as "HH:MM" and zones as names (IANA, or "UTC+05:30" for offsets that are not
whole hours) so a stored subscription never depends on today's UTC offset: each next send time
is recomputed with `zoneinfo`, which is what keeps 08:00 at 08:00 local across DST changes.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.knowledge.terms import fold

TIME_EXAMPLES = "08:00, 8h, 8h30, 20:15, 7am"
ZONE_EXAMPLES = "Europe/Paris, Asia/Seoul, America/New_York, Paris, Séoul, UTC+2"

_TIME = re.compile(r"^(\d{1,2})(?:\s*[:hH.]\s*(\d{2})?)?\s*(am|pm|a\.m\.|p\.m\.)?$", re.I)
_OFFSET = re.compile(r"^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.I)

# Names people type that are not the last part of an IANA name (French spellings, capitals of
# countries whose zone is named after another city). Keys are folded (lower case, no accents).
CITY_ALIASES: dict[str, str] = {
    "moscou": "Europe/Moscow",
    "londres": "Europe/London",
    "pekin": "Asia/Shanghai",
    "beijing": "Asia/Shanghai",
    "washington": "America/New_York",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "bruxelles": "Europe/Brussels",
    "geneve": "Europe/Zurich",
    "varsovie": "Europe/Warsaw",
    "vienne": "Europe/Vienna",
    "lisbonne": "Europe/Lisbon",
    "athenes": "Europe/Athens",
    "copenhague": "Europe/Copenhagen",
    "kiev": "Europe/Kyiv",
    "kyiv": "Europe/Kyiv",
    "le caire": "Africa/Cairo",
    "alger": "Africa/Algiers",
    "rabat": "Africa/Casablanca",
    "singapour": "Asia/Singapore",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "montreal": "America/Toronto",
    "quebec": "America/Toronto",
    "mexico": "America/Mexico_City",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "teheran": "Asia/Tehran",
    "jerusalem": "Asia/Jerusalem",
    "seoul": "Asia/Seoul",
    "utc": "UTC",
    "gmt": "UTC",
    "z": "UTC",
}


class ScheduleError(ValueError):
    """Input that is not a time or not a time zone; `examples` lists what would work."""

    def __init__(self, text: str, examples: str):
        super().__init__(f"{text!r} not understood; examples: {examples}")
        self.text = text
        self.examples = examples


class InvalidTime(ScheduleError):
    def __init__(self, text: str):
        super().__init__(text, TIME_EXAMPLES)


class UnknownZone(ScheduleError):
    def __init__(self, text: str):
        super().__init__(text, ZONE_EXAMPLES)


def parse_time(text: str) -> str:
    """ "8h", "8:00", "08h30", "20.15", "7pm" -> "HH:MM" (24-hour)."""
    match = _TIME.match(text.strip())
    if not match:
        raise InvalidTime(text)
    hour, minute = int(match[1]), int(match[2] or 0)
    if suffix := (match[3] or "").lower().replace(".", ""):
        if not 1 <= hour <= 12:
            raise InvalidTime(text)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidTime(text)
    return f"{hour:02d}:{minute:02d}"


def _key(name: str) -> str:
    return " ".join(fold(name).replace("_", " ").replace("-", " ").split())


@cache
def _zone_names() -> dict[str, str]:
    """Folded IANA names and city parts ("new york", "seoul") -> canonical IANA name.

    When a city part is shared (America/Indianapolis, America/Indiana/Indianapolis) the
    shortest name wins, which is the canonical one in tzdata.
    """
    names: dict[str, str] = {}
    for zone in sorted(available_timezones(), key=lambda z: (z.count("/"), len(z), z)):
        if zone.startswith(("Etc/", "SystemV/")) or zone == "localtime":
            continue
        names.setdefault(_key(zone), zone)
        if "/" in zone:
            names.setdefault(_key(zone.rsplit("/", 1)[1]), zone)
    names.update(CITY_ALIASES)
    return names


def _offset_zone(sign: str, hours: int, minutes: int) -> str:
    """A fixed-offset zone name. Etc/GMT signs are inverted (UTC+2 is "Etc/GMT-2")."""
    if minutes:
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def parse_timezone(text: str) -> str:
    """An IANA name (any case), a city, or a UTC offset -> the name to store."""
    cleaned = text.strip()
    if match := _OFFSET.match(cleaned):
        sign, hours, minutes = match[1], int(match[2]), int(match[3] or 0)
        if minutes >= 60 or hours > 14 or (sign == "-" and hours > 12) or minutes % 15:
            raise UnknownZone(text)
        return _offset_zone(sign, hours, minutes)
    zone = _zone_names().get(_key(cleaned))
    if zone is None:
        raise UnknownZone(text)
    return zone


def tzinfo(name: str) -> dt.tzinfo:
    """The tzinfo for a stored zone name (IANA or "UTC+05:30")."""
    if match := re.fullmatch(r"UTC([+-])(\d{2}):(\d{2})", name):
        offset = dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
        return dt.timezone(offset if match[1] == "+" else -offset, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZone(name) from exc


def zone_label(name: str) -> str:
    """How a stored zone is shown: "Etc/GMT-2" reads "UTC+2", IANA names as they are."""
    if match := re.fullmatch(r"Etc/GMT([+-])(\d+)", name):
        return f"UTC{'-' if match[1] == '+' else '+'}{match[2]}"
    return name


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


def parse_since(text: str, zone: str) -> dt.datetime:
    """`--since` for the CLI: "2026-11-20" (midnight in `zone`) or an ISO date-time -> UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleError(text, "2026-11-20, 2026-11-20T08:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tzinfo(zone))
    return moment.astimezone(dt.UTC)

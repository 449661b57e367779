"""Delivery times: what users type ("8h30", "Séoul", "UTC+2") and when 08:00 local is in UTC.

Times are stored as "HH:MM" and zones as names (IANA, or "UTC+05:30" for offsets that are not
whole hours) so a stored subscription never depends on today's UTC offset: each next send time
is recomputed with `zoneinfo`, which is what keeps 08:00 at 08:00 local across DST changes.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from zoneinfo import available_timezones

from bot.knowledge.terms import fold
from bot.store import slots
from bot.store.slots import UnknownZoneName

# The time computations live with the subscriptions they define (store); re-exported here so
# the briefing's callers keep one module for delivery times.
from bot.store.slots import local_date as local_date
from bot.store.slots import next_send_at as next_send_at
from bot.store.slots import slot_for_date as slot_for_date

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


class UnknownZone(ScheduleError, UnknownZoneName):
    def __init__(self, text: str):
        ScheduleError.__init__(self, text, ZONE_EXAMPLES)
        self.name = text


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
    """The tzinfo for a stored zone name (IANA or "UTC+05:30"); `UnknownZone` otherwise."""
    try:
        return slots.tzinfo(name)
    except UnknownZoneName as exc:
        raise UnknownZone(name) from exc


def zone_label(name: str) -> str:
    """How a stored zone is shown: "Etc/GMT-2" reads "UTC+2", IANA names as they are."""
    if match := re.fullmatch(r"Etc/GMT([+-])(\d+)", name):
        return f"UTC{'-' if match[1] == '+' else '+'}{match[2]}"
    return name


def parse_since(text: str, zone: str) -> dt.datetime:
    """`--since` for the CLI: "2026-11-20" (midnight in `zone`) or an ISO date-time -> UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleError(text, "2026-11-20, 2026-11-20T08:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tzinfo(zone))
    return moment.astimezone(dt.UTC)

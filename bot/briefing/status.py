"""How a subscriber reads their subscription: its status and when the next brief comes, in
their own time zone ("tomorrow at 08:00"). Plain text from the catalogues, for any adapter.
"""

from __future__ import annotations

import datetime as dt

from bot.briefing.schedule import tzinfo, zone_label
from bot.messages import t
from bot.store.subscriptions import Subscription
from bot.wording.citations import format_date


def when_text(language: str, moment: dt.datetime, zone: str, now: dt.datetime) -> str:
    """A delivery time as the user reads it: "tomorrow at 08:00", in their own time zone."""
    local = moment.astimezone(tzinfo(zone))
    today = now.astimezone(tzinfo(zone)).date()
    time_text = local.strftime("%H:%M")
    if local.date() == today:
        return t(language, "brief.today", time=time_text)
    if local.date() == today + dt.timedelta(days=1):
        return t(language, "brief.tomorrow", time=time_text)
    return t(language, "brief.on_date", date=format_date(language, local.date()), time=time_text)


def status_text(language: str, sub: Subscription | None, now: dt.datetime) -> str:
    """One line for /settings: off, paused, or on with the time, zone and next delivery."""
    if sub is None or not sub.active:
        return t(language, "brief.status_off")
    values = {"time": sub.time_local, "zone": zone_label(sub.timezone)}
    if sub.paused:
        return t(language, "brief.status_paused", **values)
    key = "brief.status_only_new" if sub.only_new else "brief.status_on"
    return t(language, key, next=when_text(language, sub.next_send_at, sub.timezone, now), **values)


def confirmation(language: str, sub: Subscription, now: dt.datetime) -> str:
    """What subscribing answers: the time, the zone and when the first brief comes."""
    key = "brief.subscribed_only_new" if sub.only_new else "brief.subscribed"
    return t(
        language,
        key,
        time=sub.time_local,
        zone=zone_label(sub.timezone),
        next=when_text(language, sub.next_send_at, sub.timezone, now),
    )

"""The briefing use cases every adapter calls, so Telegram, the terminal chat and the CLI give
the same brief: today's brief for a chat (in the chat's own zone, never the machine's date),
subscribing with the chat's current or default time and zone, and `/subscribe` arguments.

The service knows nothing about transports; it is built by `Runtime.briefing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from bot.briefing.compose import Brief, NewSince, compose_brief
from bot.briefing.schedule import local_date, parse_time, parse_timezone
from bot.knowledge.store import KnowledgeStore
from bot.store import subscriptions, users
from bot.store.database import to_iso, utcnow
from bot.store.history import changed_since
from bot.store.subscriptions import Subscription

# What is new for a reader without a last brief: what changed in the last day.
NEW_WINDOW = dt.timedelta(hours=24)


def parse_subscribe_args(args: Sequence[str]) -> tuple[str | None, str | None]:
    """`/subscribe [time] [zone]` in either order: "7h30 Europe/Paris", "New York 8:00".

    Raises `ScheduleError` (with the text not understood) for a bad time or zone.
    """
    words = list(args)
    time_local = None
    for index in (0, -1):
        if words and words[index][:1].isdigit():  # zones never start with a digit
            time_local = parse_time(words.pop(index))
            break
    zone = parse_timezone(" ".join(words)) if words else None
    return time_local, zone


@dataclass(frozen=True)
class BriefingService:
    """Today's brief and subscriptions for one chat, on the state database and current store."""

    state: Database
    store: Callable[[], KnowledgeStore]  # the current store: a reload swaps it
    default_time: str  # BRIEF_DEFAULT_TIME
    default_zone: str  # DEFAULT_TIMEZONE

    def zone(self, chat_id: int | None) -> str:
        """The chat's time zone: its subscription's, else the one it chose, else the default."""
        if chat_id is None:
            return self.default_zone
        sub = subscriptions.get(self.state, chat_id)
        user = users.get(self.state, chat_id)
        return (sub.timezone if sub else None) or (user and user.timezone) or self.default_zone

    def todays_brief(
        self,
        chat_id: int | None,
        language: str,
        since: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> Brief:
        """The chat's brief for its own today. Facts changed since `since` are marked new;
        without it, those since the chat's last brief, or in the last 24 hours for a chat that
        is not subscribed or `chat_id=None` (the terminal and the CLI)."""
        moment = now or utcnow()
        new_since: NewSince = "last_brief"
        if since is None and chat_id is not None:
            sub = subscriptions.get(self.state, chat_id)
            since = sub.since if sub and sub.active else None
        if since is None:
            since, new_since = moment - NEW_WINDOW, "day"
        new = changed_since(self.state, to_iso(since))
        today = local_date(moment, self.zone(chat_id))
        return compose_brief(self.store(), language, new, today=today, new_since=new_since)

    def subscription(self, chat_id: int) -> Subscription | None:
        return subscriptions.get(self.state, chat_id)

    def subscribe(
        self,
        chat_id: int,
        language: str,
        time_local: str | None = None,
        zone: str | None = None,
    ) -> Subscription:
        """Subscribe with the given time and zone, else the chat's current ones, else the
        defaults; "only when new" is kept from an earlier subscription."""
        current = subscriptions.get(self.state, chat_id)
        time_local = time_local or (current.time_local if current else self.default_time)
        zone = zone or self.zone(chat_id)
        users.set_timezone(self.state, chat_id, zone)  # the chat's zone, also for /brief
        only_new = bool(current and current.only_new)
        return subscriptions.subscribe(self.state, chat_id, language, time_local, zone, only_new)

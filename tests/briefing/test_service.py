"""The core briefing use cases: the same brief for every adapter, dated in the chat's zone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from bot.briefing.schedule import InvalidTime, UnknownZone
from bot.briefing.service import parse_subscribe_args
from bot.console import respond
from bot.runtime import Runtime
from bot.store import subscriptions, users

UTC = dt.UTC
# 23:30 UTC on 24 November: already the 25th in Paris (the default zone) and in Seoul,
# still the 24th in New York.
LATE_EVENING = dt.datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


def test_todays_brief_is_dated_in_the_chats_zone(runtime: Runtime) -> None:
    service = runtime.briefing
    service.subscribe(1, "en", "08:00", "America/New_York")
    service.subscribe(2, "en", "08:00", "Asia/Seoul")
    assert service.todays_brief(1, "en", now=LATE_EVENING).day == dt.date(2026, 11, 24)
    assert service.todays_brief(2, "en", now=LATE_EVENING).day == dt.date(2026, 11, 25)
    # No subscription and no zone chosen: the default zone (Europe/Paris), not the machine's.
    assert service.todays_brief(3, "en", now=LATE_EVENING).day == dt.date(2026, 11, 25)
    assert service.todays_brief(None, "en", now=LATE_EVENING).day == dt.date(2026, 11, 25)


def test_a_chosen_zone_counts_without_a_subscription(runtime: Runtime) -> None:
    users.touch(runtime.state, 4)
    users.set_timezone(runtime.state, 4, "America/New_York")
    assert runtime.briefing.zone(4) == "America/New_York"
    assert runtime.briefing.todays_brief(4, "fr", now=LATE_EVENING).day == dt.date(2026, 11, 24)


def test_the_terminal_and_the_core_give_the_same_brief(runtime: Runtime) -> None:
    with time_machine.travel(LATE_EVENING, tick=False):
        text, _ = respond(runtime, "/brief", "fr")
        assert text == runtime.briefing.todays_brief(None, "fr").plain_text()
        assert "25 novembre 2026" in text.splitlines()[0]


def test_subscribing_keeps_the_chats_choices(runtime: Runtime) -> None:
    service = runtime.briefing
    users.touch(runtime.state, 5)
    first = service.subscribe(5, "fr", zone="Asia/Seoul")
    assert (first.time_local, first.timezone) == ("08:00", "Asia/Seoul")  # BRIEF_DEFAULT_TIME
    subscriptions.set_only_new(runtime.state, 5, True)
    again = service.subscribe(5, "fr", "07:15")
    assert (again.time_local, again.timezone, again.only_new) == ("07:15", "Asia/Seoul", True)
    stored = users.get(runtime.state, 5)
    assert stored is not None and stored.timezone == "Asia/Seoul"


@pytest.mark.parametrize(
    ("args", "error"), [(["25h"], InvalidTime), (["8h", "Atlantis"], UnknownZone)]
)
def test_bad_subscribe_arguments_name_what_was_not_understood(
    args: list[str], error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        parse_subscribe_args(args)
    assert raised.value.text in " ".join(args)  # type: ignore[attr-defined]

"""Delivery times: parsing what users type, and 08:00 staying 08:00 local across DST."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.briefing.schedule import (
    InvalidTime,
    UnknownZone,
    next_send_at,
    parse_time,
    parse_timezone,
    slot_for_date,
    tzinfo,
    zone_label,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", "08:00"),
        ("8:00", "08:00"),
        ("8h", "08:00"),
        ("8H", "08:00"),
        ("08h30", "08:30"),
        ("8h30", "08:30"),
        ("20.15", "20:15"),
        (" 7 h 05 ", "07:05"),
        ("7am", "07:00"),
        ("7:30 pm", "19:30"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
    ],
)
def test_times_people_type(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8h61", "13pm", "demain", "", "8:5", "123"])
def test_bad_times_are_rejected_with_examples(text: str) -> None:
    with pytest.raises(InvalidTime) as error:
        parse_time(text)
    assert "08:00" in error.value.examples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("ASIA/SEOUL", "Asia/Seoul"),
        ("america/new_york", "America/New_York"),
        ("Paris", "Europe/Paris"),
        ("London", "Europe/London"),
        ("Londres", "Europe/London"),
        ("New York", "America/New_York"),
        ("new-york", "America/New_York"),
        ("Seoul", "Asia/Seoul"),
        ("Séoul", "Asia/Seoul"),
        ("Tokyo", "Asia/Tokyo"),
        ("Moscou", "Europe/Moscow"),
        ("Pékin", "Asia/Shanghai"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
    ],
)
def test_zone_names_and_cities(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("UTC+2", "Etc/GMT-2", "UTC+2"),  # Etc/GMT signs are inverted
        ("+09:00", "Etc/GMT-9", "UTC+9"),
        ("GMT-5", "Etc/GMT+5", "UTC-5"),
        ("utc-03", "Etc/GMT+3", "UTC-3"),
        ("UTC+0", "UTC", "UTC"),
        ("UTC+5:30", "UTC+05:30", "UTC+05:30"),
    ],
)
def test_utc_offsets_become_fixed_zones(text: str, expected: str, label: str) -> None:
    zone = parse_timezone(text)
    assert zone == expected
    assert zone_label(zone) == label
    offset = tzinfo(zone).utcoffset(dt.datetime(2026, 1, 1))
    sign = -1 if "-" in text.replace("UTC", "").replace("GMT", "") else 1
    assert offset is not None and offset * sign >= dt.timedelta(0)


@pytest.mark.parametrize("text", ["Atlantis", "Mars/Olympus", "UTC+15", "GMT-13", "Europe"])
def test_unknown_zones_are_rejected_with_examples(text: str) -> None:
    with pytest.raises(UnknownZone) as error:
        parse_timezone(text)
    assert "Europe/Paris" in error.value.examples


def test_paris_0800_across_the_march_2026_change() -> None:
    # Summer time starts on Sunday 29 March 2026: CET (UTC+1) -> CEST (UTC+2).
    slots = [slot_for_date(dt.date(2026, 3, d), "08:00", "Europe/Paris") for d in (28, 29, 30)]
    assert [s.hour for s in slots] == [7, 6, 6]
    assert all(s.astimezone(tzinfo("Europe/Paris")).hour == 8 for s in slots)


def test_paris_0800_across_the_october_2026_change() -> None:
    # Summer time ends on Sunday 25 October 2026: CEST (UTC+2) -> CET (UTC+1).
    slots = [slot_for_date(dt.date(2026, 10, d), "08:00", "Europe/Paris") for d in (24, 25, 26)]
    assert [s.hour for s in slots] == [6, 7, 7]


def test_a_time_inside_the_spring_gap_is_sent_when_the_gap_ends() -> None:
    # 02:30 does not exist on 29 March 2026 in Paris: the clocks jump from 02:00 to 03:00.
    slot = slot_for_date(dt.date(2026, 3, 29), "02:30", "Europe/Paris")
    assert slot == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST, the first valid time
    local = slot.astimezone(tzinfo("Europe/Paris"))
    assert (local.hour, local.minute) == (3, 0)


def test_an_ambiguous_autumn_time_takes_its_first_occurrence() -> None:
    # 02:30 happens twice on 25 October 2026 in Paris; the first one is still CEST.
    slot = slot_for_date(dt.date(2026, 10, 25), "02:30", "Europe/Paris")
    assert slot == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_seoul_0800_is_2300_utc_the_day_before() -> None:
    after = dt.datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert next_send_at("08:00", "Asia/Seoul", after) == dt.datetime(
        2026, 11, 23, 23, 0, tzinfo=UTC
    )


def test_next_send_at_is_strictly_after() -> None:
    slot = dt.datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Paris
    assert next_send_at("08:00", "Europe/Paris", slot - dt.timedelta(seconds=1)) == slot
    assert next_send_at("08:00", "Europe/Paris", slot) == slot + dt.timedelta(days=1)


def test_next_send_at_walks_through_a_whole_dst_year() -> None:
    moment = dt.datetime(2026, 1, 1, tzinfo=UTC)
    paris = tzinfo("Europe/Paris")
    for _ in range(366):
        moment = next_send_at("08:00", "Europe/Paris", moment)
        local = moment.astimezone(paris)
        assert (local.hour, local.minute) == (8, 0)
    assert moment.date() == dt.date(2027, 1, 1)  # one per day: 365 in 2026, then 1 January

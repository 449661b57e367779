"""The briefing's buttons: subscription rows in /settings, the time and zone pickers, and the
check that a `sub:` button is one of ours (callback data is outside input)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import t
from bot.store.subscriptions import Subscription
from bot.telegram.keyboards import button

SUB = "sub"  # callback data prefix of the briefing buttons: sub:<action>[:<value>]
TIME_CHOICES = ("06:00", "07:00", "07:30", "08:00", "09:00", "12:00", "18:00", "21:00")
ZONE_CHOICES = (  # (button label, zone)
    ("Paris", "Europe/Paris"),
    ("London", "Europe/London"),
    ("New York", "America/New_York"),
    ("Montréal", "America/Toronto"),
    ("Abidjan", "Africa/Abidjan"),
    ("Seoul", "Asia/Seoul"),
    ("Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
)
TIME_VALUES = frozenset(choice.replace(":", "") for choice in TIME_CHOICES)  # "0730"
ZONE_VALUES = frozenset(zone for _, zone in ZONE_CHOICES)
# Only what these buttons send is acted on.
PLAIN_ACTIONS = frozenset({"on", "time", "zone", "pause", "resume", "stop", "back"})
VALUED_ACTIONS = {"t": TIME_VALUES, "z": ZONE_VALUES, "new": frozenset({"0", "1"})}


def parse_button(data: str | None) -> tuple[str, str] | None:
    """(action, value) of a `sub:` button we sent; None for forged or outdated data."""
    parts = (data or "").split(":", 2)
    action, value = [*parts, "", ""][1:3]
    if action in PLAIN_ACTIONS:
        return (action, value) if value == "" else None
    return (action, value) if value in VALUED_ACTIONS.get(action, ()) else None


def subscription_rows(language: str, sub: Subscription | None) -> list[list[InlineKeyboardButton]]:
    """The briefing buttons of /settings (and under a subscription confirmation)."""
    if sub is None or not sub.active:
        return [[button(t(language, "brief.button_subscribe"), SUB, "on")]]
    only_new = "brief.button_only_new_on" if sub.only_new else "brief.button_only_new_off"
    pause = (
        button(t(language, "brief.button_resume"), SUB, "resume")
        if sub.paused
        else button(t(language, "brief.button_pause"), SUB, "pause")
    )
    return [
        [
            button(t(language, "brief.button_time"), SUB, "time"),
            button(t(language, "brief.button_zone"), SUB, "zone"),
        ],
        [button(t(language, only_new), SUB, "new", "0" if sub.only_new else "1")],
        [pause, button(t(language, "brief.button_unsubscribe"), SUB, "stop")],
    ]


def _picker(
    language: str, action: str, choices: Sequence[tuple[str, str]], per_row: int
) -> InlineKeyboardMarkup:
    buttons = [button(label, SUB, action, value) for label, value in choices]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    rows.append([button(t(language, "brief.button_back"), SUB, "back")])
    return InlineKeyboardMarkup(rows)


def time_picker(language: str) -> InlineKeyboardMarkup:
    return _picker(language, "t", [(c, c.replace(":", "")) for c in TIME_CHOICES], 4)


def zone_picker(language: str) -> InlineKeyboardMarkup:
    return _picker(language, "z", ZONE_CHOICES, 2)

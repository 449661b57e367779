"""Inline keyboards and their callback data.

Callback data is `prefix:part:part`, at most 64 bytes (Telegram's limit, checked here so a bad
button fails in tests rather than as a 400 in production). Prefixes owned by other modules are
listed too, so two modules never claim the same one.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import t

MAX_CALLBACK_BYTES = 64
CALLBACK_ANSWER_LIMIT = 200  # characters a button press's answer (toast or alert) shows

# Handled by this package.
SOURCES = "src"  # src:<answer key>: the sources of one answer
MORE = "more"  # more:<answer key>: related facts
SET_LANGUAGE = "set:lang"  # set:lang:fr|en|auto
LANGUAGE_CHOICES = ("fr", "en", "auto")
FORGET = "forget"  # forget:yes|no
# Handled by the briefing feature (bot/telegram/briefing/buttons.py).
BRIEF_NOW = "brief:now"
SUBSCRIBE = "sub:start"

Rows = Sequence[Sequence[InlineKeyboardButton]]


def callback_data(prefix: str, *parts: str) -> str:
    """`prefix:part:...`, refusing data Telegram would reject (over 64 bytes, or empty)."""
    data = ":".join((prefix, *parts))
    if not data or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data must be 1-{MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def button(text: str, prefix: str, *parts: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback_data(prefix, *parts))


def start_keyboard(language: str) -> InlineKeyboardMarkup:
    """Welcome buttons: today's brief and subscribing (both served by the briefing module)."""
    return InlineKeyboardMarkup(
        [
            [
                button(t(language, "tg.button.brief"), BRIEF_NOW),
                button(t(language, "tg.button.subscribe"), SUBSCRIBE),
            ]
        ]
    )


def answer_keyboard(
    language: str,
    key: str | None,
    more: bool,
    brief: bool = False,
    subscribe: bool = False,
) -> InlineKeyboardMarkup | None:
    """Buttons under a reply: its sources (when it has an answer `key`) and related facts on
    one row, then today's brief and subscribing on another (two short rows stay readable on a
    phone)."""
    answer_row, feature_row = [], []
    if key:
        answer_row.append(button(t(language, "tg.button.sources"), SOURCES, key))
    if key and more:
        answer_row.append(button(t(language, "tg.button.more"), MORE, key))
    if brief:
        feature_row.append(button(t(language, "tg.button.brief"), BRIEF_NOW))
    if subscribe:
        feature_row.append(button(t(language, "tg.button.subscribe"), SUBSCRIBE))
    rows = [row for row in (answer_row, feature_row) if row]
    return InlineKeyboardMarkup(rows) if rows else None


def without_button(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """The same keyboard minus the button carrying `data` (None when nothing is left)."""
    if markup is None:
        return None
    rows = [[b for b in row if b.callback_data != data] for row in markup.inline_keyboard]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def settings_keyboard(
    language: str, current: str | None, extra_rows: Rows = ()
) -> InlineKeyboardMarkup:
    """Language choice (the current one ticked), then rows added by other modules.

    `extra_rows` is the extension point: the briefing module adds brief time and time zone.
    """
    selected = current or "auto"
    row = [
        button(
            ("✓ " if value == selected else "") + t(language, f"tg.settings.lang.{value}"),
            SET_LANGUAGE,
            value,
        )
        for value in LANGUAGE_CHOICES
    ]
    return InlineKeyboardMarkup([row, *[list(r) for r in extra_rows]])


def forget_keyboard(language: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(t(language, "tg.forget.yes"), FORGET, "yes"),
                button(t(language, "tg.forget.no"), FORGET, "no"),
            ]
        ]
    )

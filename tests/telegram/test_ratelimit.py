"""Telegram's 429 wait is read the way python-telegram-bot's next major version gives it (a
`timedelta`, opted in with PTB_TIMEDELTA by `bot.telegram`), so a 429 costs no deprecation
warning; the deprecated int of an explicit PTB_TIMEDELTA=false is read the same."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.ratelimit import retry_seconds


def test_a_429s_wait_is_a_timedelta_read_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        refused = RetryAfter(3)
        assert isinstance(refused.retry_after, dt.timedelta)
        assert retry_seconds(refused) == 3.0


def test_the_deprecated_int_form_is_read_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "false")
    with pytest.warns(PTBDeprecationWarning):
        refused = RetryAfter(2)
        assert retry_seconds(refused) == 2.0

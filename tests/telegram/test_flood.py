"""The per-user sliding window, on a fake clock."""

from __future__ import annotations

import pytest

from bot.telegram.flood import SlidingWindow, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_limit_then_warns_once_then_drops() -> None:
    clock = Clock()
    window = SlidingWindow(limit=3, window=60, clock=clock)
    assert [window.hit("u") for _ in range(3)] == [Verdict.ALLOW] * 3
    assert window.hit("u") is Verdict.WARN
    assert window.hit("u") is Verdict.DROP
    assert window.hit("other") is Verdict.ALLOW  # per user


def test_window_slides() -> None:
    clock = Clock()
    window = SlidingWindow(limit=2, window=60, clock=clock)
    window.hit("u")
    clock.now += 30
    window.hit("u")
    assert window.hit("u") is Verdict.WARN
    clock.now += 30  # the first event leaves the window
    assert window.hit("u") is Verdict.ALLOW
    assert window.hit("u") is Verdict.DROP  # already warned within this window
    clock.now += 61
    assert window.hit("u") is Verdict.ALLOW


def test_refused_events_do_not_extend_the_block() -> None:
    clock = Clock()
    window = SlidingWindow(limit=1, window=10, clock=clock)
    window.hit("u")
    for _ in range(100):
        clock.now += 0.05
        window.hit("u")
    clock.now = 1010.0
    assert window.hit("u") is Verdict.ALLOW


def test_forget_and_sweep_keep_memory_bounded() -> None:
    clock = Clock()
    window = SlidingWindow(limit=1, window=1, clock=clock)
    for user in range(2000):
        window.hit(user)
    clock.now += 5
    for _ in range(1024):
        window.hit("active")
    assert len(window._events) < 10
    window.forget("active")
    assert window.hit("active") is Verdict.ALLOW


def test_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError):
        SlidingWindow(limit=0)

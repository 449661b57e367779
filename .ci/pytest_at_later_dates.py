"""Run the test suite with the clock moved years ahead: a test that passes only before some
date fails here today, not on the day it rots.

Usage: python .ci/pytest_at_later_dates.py [DAYS ...]   (default: 400 and 1700 days from now)
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
import time_machine

DEFAULT_OFFSETS_DAYS = (400, 1700)


def main(offsets: list[int]) -> int:
    for days in offsets:
        moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        print(f"--- test suite with the clock at {moment:%Y-%m-%d %H:%M} UTC (+{days} days)")
        with time_machine.travel(moment, tick=True):
            code = pytest.main(["-q", "-p", "no:cacheprovider", "-W", "ignore"])
        if code != 0:
            return int(code)
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or list(DEFAULT_OFFSETS_DAYS)))

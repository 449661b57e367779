"""Run the test suite with the clock moved years ahead: a test that passes only before some
date fails here today, not on the day it rots.

Each date runs in a process of its own, so nothing computed at import under one clock leaks
into the run under the next.

Usage: python .ci/pytest_at_later_dates.py [DAYS ...]   (default: 400 and 1700 days from now)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

DEFAULT_OFFSETS_DAYS = (400, 1700)

_RUN_AT = """
import datetime as dt, sys, pytest, time_machine
with time_machine.travel(dt.datetime.fromisoformat(sys.argv[1]), tick=True):
    options = ["-q", "-W", "ignore", "-o", "cache_dir=.later-dates-cache"]
    sys.exit(pytest.main([*options, *sys.argv[2:]]))
"""


def main(offsets: list[int]) -> int:
    for days in offsets:
        moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        print(f"--- test suite with the clock at {moment:%Y-%m-%d %H:%M} UTC (+{days} days)")
        code = subprocess.call([sys.executable, "-c", _RUN_AT, moment.isoformat()])
        if code != 0:
            # A date-bound test fails again at the same date; a timing-sensitive one (a busy
            # 2-core machine) may not: rerun only the failures, and say which it was.
            print(f"--- rerunning the failures at +{days} days")
            code = subprocess.call([sys.executable, "-c", _RUN_AT, moment.isoformat(), "--lf"])
            if code != 0:
                return code
            print(f"WARNING: failures at +{days} days passed on rerun: timing-sensitive tests")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or list(DEFAULT_OFFSETS_DAYS)))

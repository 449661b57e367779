"""How far an index build has got, for whoever is waiting: the CLI's bar, the bot's log, doctor.

A full rebuild of 10,000 facts takes minutes (encoding each fact's meaning is the slow part),
while the last good index keeps serving. A build reports (phase, done, total) to a callback and
also to a small JSON file beside the index, so `briefbot doctor` and `/health` (other processes
or threads than the one building) can say "the index is being rebuilt: 42 %, about 6 min left".
The file is removed when the build ends, whether it succeeded or not; one left by a build that
was killed names a process that no longer runs and is ignored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Phase = Literal["encode", "index"]  # the facts' meaning vectors, then the full-text index
# Called with (phase, done, total) while an index is built.
Progress = Callable[[Phase, int, int], None]

WRITE_EVERY_SECONDS = 1.0  # the progress file is rewritten at most this often
LOG_EVERY_SECONDS = 30.0  # the running bot logs a building index's progress this often

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildStatus:
    phase: Phase
    done: int
    total: int
    started: str  # ISO time, UTC, when this phase started
    pid: int  # the building process

    @property
    def percent(self) -> int:
        return percent_done(self.done, self.total)

    def minutes_left(self, now: dt.datetime) -> int | None:
        """At the phase's rate so far; None before anything is done."""
        if not self.done:
            return None
        elapsed = (now - dt.datetime.fromisoformat(self.started)).total_seconds()
        return max(1, round(elapsed / self.done * (self.total - self.done) / 60))


def percent_done(done: int, total: int) -> int:
    """Whole percent, rounded down (100% is only ever said when all is done); an empty phase
    is done."""
    return int(100 * done / total) if total else 100


def progress_path(index: Path) -> Path:
    return index.with_name(f".{index.name}.progress.json")


def read_status(index: Path) -> BuildStatus | None:
    """The build under way for `index`, or None (none, or its process is gone)."""
    try:
        status = BuildStatus(**json.loads(progress_path(index).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return status if _running(status.pid) else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


class Reporter:
    """Passes a build's progress on to `progress` and to the progress file beside `index`."""

    def __init__(self, index: Path, progress: Progress | None = None) -> None:
        self.path = progress_path(index)
        self.progress = progress
        self._phase: Phase | None = None
        self._started = ""
        self._written = 0.0

    def __call__(self, phase: Phase, done: int, total: int) -> None:
        now = time.monotonic()
        if phase != self._phase:
            self._phase, self._written = phase, 0.0
            self._started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if now - self._written >= WRITE_EVERY_SECONDS or done >= total:
            self._written = now
            status = BuildStatus(phase, done, total, self._started, os.getpid())
            with contextlib.suppress(OSError):  # progress is a courtesy: never fail a build
                temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}")
                temporary.write_text(json.dumps(asdict(status)), encoding="utf-8")
                os.replace(temporary, self.path)
        if self.progress is not None:
            self.progress(phase, done, total)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def logged(every: float = LOG_EVERY_SECONDS) -> Progress:
    """A progress callback for the running bot: one log line per phase start, then at most one
    every `every` seconds, and one when the phase is done."""
    last: dict[str, float] = {}

    def report(phase: Phase, done: int, total: int) -> None:
        now = time.monotonic()
        first = phase not in last
        if first:
            last[phase] = now
        elif done < total and now - last[phase] < every:
            return
        last[phase] = now
        what = "encoding the facts' meaning" if phase == "encode" else "indexing the facts"
        log.info("knowledge index: %s, %d/%d (%d%%)", what, done, total, percent_done(done, total))

    return report

"""State writes nobody waits for (question log, last seen, last language), off the event loop.

A reply must never wait on the disk: another process holding a write lock, a full disk or a
read-only mount would otherwise stall every answer for the busy timeout, or turn it into an
error. These writes go into a bounded queue served by one thread with its own connection:

- locked: the thread waits (busy timeout) and retries the same write until it goes through;
- disk full, read-only: one log line, then the same write is retried every RETRY_SECONDS, and
  one line again when writing works (the bot recovers by itself when space returns);
- queue full (the disk has been failing for a while): new writes are dropped, counted, and
  reported in one line, so memory stays bounded and the bot keeps answering.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from bot.store.database import classify, connect

log = logging.getLogger(__name__)

Write = Callable[[Database], object]

QUEUE_SIZE = 10_000  # pending writes kept while the database cannot be written (~a few MB)
BUSY_TIMEOUT_MS = 5_000  # this thread may wait: nobody is waiting for it
RETRY_SECONDS = 2.0  # between attempts while the disk is full or read-only
_STOP = object()


class StateWriter:
    """One thread, one connection, a bounded queue; `submit` never blocks.

    For ":memory:" (one connection per database) writes run at once on `inline`.
    """

    def __init__(
        self,
        path: Path | str,
        inline: Database | None = None,
        queue_size: int = QUEUE_SIZE,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        retry_seconds: float = RETRY_SECONDS,
    ):
        self.path = path
        self.retry_seconds = retry_seconds
        self.busy_timeout_ms = busy_timeout_ms
        self.dropped = 0
        self.failing: str | None = None  # why writes fail right now, for logs and doctor
        self._inline = inline if str(path) == ":memory:" else None
        self._queue: queue.Queue[object] = queue.Queue(maxsize=queue_size)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self) -> StateWriter:
        if self._inline is None and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="state-writer", daemon=True)
            self._thread.start()
        return self

    def submit(self, write: Write) -> bool:
        """Queue `write(db)`; False when it was dropped (the queue is full)."""
        if self._inline is not None:
            self._apply_inline(write)
            return True
        try:
            self._queue.put_nowait(write)
        except queue.Full:
            if not self.dropped:
                log.error("state writes dropped: the queue is full (%s)", self.failing or "slow")
            self.dropped += 1
            return False
        return True

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued write is done (tests, shutdown); False on timeout."""
        if self._thread is None:
            return True
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for up to `timeout` seconds), then stop the thread."""
        if self._thread is None:
            return
        self.flush(timeout)
        self._stopping.set()
        with contextlib.suppress(queue.Full):  # full: the thread stops on the flag anyway
            self._queue.put_nowait(_STOP)
        self._thread.join(timeout)
        self._thread = None

    def _apply_inline(self, write: Write) -> None:
        assert self._inline is not None
        try:
            write(self._inline)
        except (sqlite3.Error, OSError) as exc:
            if classify(exc) is None:
                raise
            log.error("state write failed (%s): %s", classify(exc), exc)

    def _run(self) -> None:
        db = connect(self.path, self.busy_timeout_ms, same_thread=True)
        try:
            while True:
                item = self._queue.get()
                try:
                    if item is _STOP:
                        return
                    self._write(db, item)  # type: ignore[arg-type]
                finally:
                    self._queue.task_done()
        finally:
            db.close()

    def _write(self, db: Database, write: Write) -> None:
        """Write, retrying while the cause is the disk or a lock; a bug is logged, not retried."""
        while True:
            try:
                write(db)
            except (sqlite3.Error, OSError) as exc:
                reason = classify(exc)
                if reason is None:
                    log.exception("state write failed")
                    return
                if self.failing != reason:
                    log.error(
                        "state database cannot be written (%s): %s; retrying every %g s",
                        reason,
                        exc,
                        self.retry_seconds,
                    )
                    self.failing = reason
                if self._stopping.is_set():
                    return  # shutting down: nothing more can be done for it
                time.sleep(self.retry_seconds if reason != "locked" else 0.05)
                continue
            if self.failing is not None:
                log.warning(
                    "state database writable again (%d write(s) dropped meanwhile)", self.dropped
                )
                self.failing, self.dropped = None, 0
            return

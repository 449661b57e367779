"""Open the state database with the settings every connection needs."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from bot.store.migrations import MIGRATIONS

# How long a write on the event loop's connection waits for another writer (another process,
# the background writer) before giving up with "database is locked". Short on purpose: every
# millisecond spent waiting here is a millisecond no user gets a reply. Writes nobody waits
# for (question log, last seen) go through `bot.store.writer`, which waits longer, off the loop.
LOOP_BUSY_TIMEOUT_MS = 250


class StateUnavailable(OSError):
    """The state database cannot be written now (locked, disk full, read-only): one clear
    message instead of a traceback; the caller tells the user and carries on. An OSError, as
    the disk is what failed, so start-up code catching OSError reports it in one line."""

    def __init__(self, reason: str, cause: BaseException | None = None):
        super().__init__(reason)
        self.reason = reason  # "locked" | "full" | "read-only" | "unavailable"
        self.cause = cause


def classify(exc: BaseException) -> str | None:
    """Why a state write failed, when it is the disk or a lock rather than a bug; else None."""
    if not isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError | OSError):
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "full" in text or "no space" in text:
        return "full"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "read-only"
    if "disk i/o" in text or "unable to open" in text:
        return "unavailable"
    return None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_iso(moment: dt.datetime) -> str:
    """UTC timestamps stored as text that sorts like time ("2026-11-23T08:00:00+00:00")."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class StateDatabase(sqlite_utils.Database):
    """A state connection whose transactions take the write lock when they begin.

    sqlite-utils opens `atomic()` with a plain (deferred) BEGIN: the transaction reads first
    and asks for the write lock at its first write. In WAL mode SQLite then fails at once with
    "database is locked", without the busy timeout, when another connection (the background
    writer) holds the lock or has committed since the read: the wait would risk a deadlock, or
    could not help, as the transaction's snapshot is already stale. `BEGIN IMMEDIATE` takes
    the lock first, so the busy timeout applies and the transaction reads what it writes over.
    Nested blocks keep sqlite-utils' savepoints.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def connect(
    path: Path | str, busy_timeout_ms: int = LOOP_BUSY_TIMEOUT_MS, same_thread: bool = True
) -> sqlite_utils.Database:
    """One connection with the pragmas every connection to the state database needs.

    WAL lets the scheduler write deliveries while handlers read; synchronous=NORMAL (safe in
    WAL: a killed process loses no committed transaction, only a power cut may lose the last
    ones) keeps a commit to microseconds, which a 1,000 messages/s fan-out needs; secure_delete
    overwrites deleted rows so /forget leaves nothing of the user in the file.
    """
    conn = sqlite3.connect(str(path), check_same_thread=same_thread)
    db = StateDatabase(conn)
    db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA secure_delete=ON")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def open_state(
    path: Path | str, busy_timeout_ms: int = LOOP_BUSY_TIMEOUT_MS
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the state database.

    A database that cannot be written (read-only file or folder, full disk) raises
    `StateUnavailable` naming the file, never a bare sqlite3 traceback.
    """
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = connect(path, busy_timeout_ms)
        db.execute("PRAGMA journal_mode=WAL")
        MIGRATIONS.apply(db)
        # Probe a write: a read-only file that is already migrated opens without one.
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
    except (sqlite3.Error, OSError) as exc:
        reason = classify(exc) or "unavailable"
        folder = Path(path).parent
        if reason == "unavailable" and folder.is_dir() and not os.access(folder, os.W_OK):
            reason = "read-only"  # WAL could not create its -shm file next to the database
        raise StateUnavailable(f"state database {path}: {reason} ({exc})", exc) from exc
    return db


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy the write-ahead log into the database and empty it, so rows deleted (and overwritten
    by secure_delete) leave no copy in `*.db-wal` either."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

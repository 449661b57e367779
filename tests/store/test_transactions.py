"""Transactions on the state database wait for the background writer instead of failing.

A transaction that reads before it writes used to ask for the write lock only at its first
write; SQLite (WAL) then fails at once, whatever the busy timeout, if another connection holds
the lock or committed since the read. That made a supergroup upgrade answer "storage
unavailable" whenever the background writer was writing the same moment (a busy machine)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.store import subscriptions, users
from bot.store.database import open_state

GROUP, SUPERGROUP = -5001, -1005001
HOLD_SECONDS = 0.1  # well inside the loop connection's busy timeout


@contextmanager
def brief_write(path: Path) -> Iterator[None]:
    """Another connection (the background writer) writing for a moment, from a thread."""
    holding, done = threading.Event(), threading.Event()

    def write() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE users SET last_seen = last_seen")
        holding.set()
        done.wait(HOLD_SECONDS)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=write)
    thread.start()
    assert holding.wait(5)
    try:
        yield
    finally:
        done.set()
        thread.join()


def test_a_read_then_write_transaction_waits_out_a_brief_write(tmp_path: Path) -> None:
    db = open_state(tmp_path / "state.db")  # the event loop's connection, short busy timeout
    subscriptions.subscribe(db, GROUP, "fr", "08:00", "Europe/Paris")
    with brief_write(tmp_path / "state.db"):
        assert users.move_chat(db, GROUP, SUPERGROUP)  # failed at once with "locked"
    assert subscriptions.get(db, GROUP) is None
    assert subscriptions.get(db, SUPERGROUP) is not None


def test_a_transaction_reads_what_it_writes_over(tmp_path: Path) -> None:
    """The write lock is taken when the transaction begins: nothing commits between its read
    and its write (the stale-snapshot case, which no wait can repair)."""
    db = open_state(tmp_path / "state.db")
    users.set_timezone(db, GROUP, "Europe/Paris")
    other = sqlite3.connect(tmp_path / "state.db", isolation_level=None, timeout=0)
    with db.atomic():
        db.execute("SELECT timezone FROM users WHERE chat_id = ?", [GROUP]).fetchone()
        try:
            other.execute("UPDATE users SET timezone = 'UTC'")
        except sqlite3.OperationalError as exc:
            refused = str(exc)
        else:
            refused = ""
        db.execute("UPDATE users SET timezone = 'Asia/Seoul' WHERE chat_id = ?", [GROUP])
    other.close()
    assert "locked" in refused
    assert users.get(db, GROUP).timezone == "Asia/Seoul"  # type: ignore[union-attr]

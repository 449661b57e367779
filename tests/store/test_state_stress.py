"""State under stress: a lock held by another connection, a full disk, a read-only database,
and /forget leaving nothing on disk. Real SQLite files; a small tmpfs where the test may mount
one (root), since that is the only honest way to fill a disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import Runtime
from bot.store import deliveries, subscriptions, users
from bot.store.database import StateUnavailable, open_state
from bot.telegram.app import run
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fixtures import started_bot, to

ALICE = 1001
QUESTION = "Qui Kim Jong Un a-t-il rencontré ?"


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection (as another process would) holding the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET last_seen = last_seen")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def logged(runtime: Runtime) -> int:
    return runtime.state.execute("SELECT count(*) FROM question_log").fetchone()[0]


def test_a_locked_database_never_holds_up_an_answer(runtime: Runtime) -> None:
    with write_lock(runtime.settings.BRIEFBOT_DB):
        reply = runtime.ask(QUESTION, chat_id=ALICE)  # would wait 5 s for the lock, then fail
        runtime.seen(ALICE, "fr")
        assert reply.answered
        assert not runtime.writer.flush(timeout=0.3)  # the write waits, the answer did not
        assert logged(runtime) == 0
    assert runtime.writer.flush()
    assert logged(runtime) == 1  # nothing lost: written once the lock went
    assert users.get(runtime.state, ALICE) is not None


async def test_a_locked_database_never_stalls_replies_over_telegram(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    async with started_bot(bot_settings) as application:
        runtime: Runtime = application.bot_data.runtime
        fake_api.push_text(ALICE, "Bonjour")
        await fake_api.wait_for("sendMessage", to(ALICE))
        runtime.writer.flush()
        mark = fake_api.mark()
        with write_lock(bot_settings.BRIEFBOT_DB):
            for index in range(3):
                fake_api.push_text(ALICE, f"{QUESTION} ({index})")
            # Three replies while the lock is held: a stalled write would hold each one 5 s
            # (and fail), past this timeout.
            for _ in range(3):
                await fake_api.wait_for("sendMessage", to(ALICE), timeout=4, since=mark)
                mark = fake_api.mark()
            assert logged(runtime) == 1
        assert runtime.writer.flush()
        assert logged(runtime) == 4
        texts = fake_api.sent_texts(ALICE)
        assert not any("erreur" in text or "indisponible" in text for text in texts)


async def test_a_group_upgraded_while_the_database_is_locked_moves_once_it_is_free(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    group, supergroup = -5001, -1005001
    async with started_bot(bot_settings) as application:
        runtime: Runtime = application.bot_data.runtime
        runtime.briefing.subscribe(group, "fr", "08:00", "UTC")
        mark = fake_api.mark()
        with write_lock(bot_settings.BRIEFBOT_DB):
            fake_api.migrate_group(group, supergroup)
            # Updates are handled in order: once Alice has her reply, both service messages
            # have been handled while the lock is held.
            fake_api.push_text(ALICE, "Bonjour")
            await fake_api.wait_for("sendMessage", to(ALICE))
            assert subscriptions.get(runtime.state, supergroup) is None  # waiting, not failed
        assert runtime.writer.flush()
        assert subscriptions.get(runtime.state, group) is None
        assert subscriptions.get(runtime.state, supergroup) is not None
        # No "storage unavailable" reply to a service message.
        assert fake_api.sent_texts(group, since=mark) == []
        assert fake_api.sent_texts(supergroup, since=mark) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs, unmounted afterwards; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of the disk; delete the returned file to give the space back."""
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
        while True:
            out.write(b"\0" * 65536)
    with contextlib.suppress(OSError), filler.open("ab", buffering=0) as out:
        while True:
            out.write(b"\0" * 512)
    return filler


async def test_a_full_disk_answers_questions_gives_one_clear_reply_and_recovers(
    bot_settings: Settings,
    fake_api: FakeBotApi,
    small_disk: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = bot_settings.model_copy(update={"BRIEFBOT_DB": small_disk / "state.db"})
    async with started_bot(settings) as application:
        runtime: Runtime = application.bot_data.runtime
        runtime.writer.retry_seconds = 0.1
        fake_api.push_text(ALICE, "Bonjour")
        await fake_api.wait_for("sendMessage", to(ALICE))
        runtime.writer.flush()
        filler = fill(small_disk)
        caplog.clear()
        mark = fake_api.mark()
        fake_api.push_text(ALICE, QUESTION)
        answer = await fake_api.wait_for("sendMessage", to(ALICE), since=mark)
        assert "Kim Jong Un" in answer.params["text"]  # the answer, not an error
        mark = fake_api.mark()
        fake_api.push_command(ALICE, "subscribe", "07:30")
        refusal = await fake_api.wait_for("sendMessage", to(ALICE), since=mark)
        assert "stockage" in refusal.params["text"]  # one clear reply...
        assert len(fake_api.calls_to("sendMessage", since=mark)) == 1
        unavailable = [r for r in caplog.records if "state database" in r.getMessage()]
        assert len([r for r in unavailable if r.levelno >= logging.ERROR]) == 2  # writer, reply
        assert all(r.exc_info is None for r in caplog.records)  # ...and no traceback

        filler.unlink()  # space comes back: the queued write goes through by itself
        assert runtime.writer.flush()
        assert logged(runtime) == 2  # "Bonjour" and the question asked while the disk was full
        assert runtime.writer.failing is None
        mark = fake_api.mark()
        fake_api.push_command(ALICE, "subscribe", "07:30")
        await fake_api.wait_for("sendMessage", to(ALICE), since=mark)
        sub = subscriptions.get(runtime.state, ALICE)
        assert sub is not None and sub.time_local == "07:30"


def test_a_read_only_database_at_start_up_is_one_clear_line(
    bot_settings: Settings,
    small_disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = small_disk / "state.db"
    open_state(path).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(StateUnavailable, match="read-only"):
        open_state(path)
    monkeypatch.setattr("bot.telegram.app.configure_logging", lambda *a, **k: None)
    assert run(bot_settings.model_copy(update={"BRIEFBOT_DB": path})) == 1
    lines = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 1 and "BRIEFBOT_DB=" in lines[0].getMessage()
    assert lines[0].exc_info is None and "read-only" in lines[0].getMessage()


async def test_forget_leaves_nothing_of_the_user_on_disk(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    marker = "zanzibar-marmalade-question"
    async with started_bot(bot_settings) as application:
        runtime: Runtime = application.bot_data.runtime
        for index in range(20):
            fake_api.push_text(ALICE, f"{marker} {index}?")
            await fake_api.wait_for("sendMessage", to(ALICE))
        runtime.writer.flush()
        files = [bot_settings.BRIEFBOT_DB, Path(f"{bot_settings.BRIEFBOT_DB}-wal")]
        assert any(marker.encode() in f.read_bytes() for f in files if f.exists())
        fake_api.push_command(ALICE, "forget")
        confirm = await fake_api.wait_for("sendMessage", to(ALICE))
        fake_api.push_callback(ALICE, confirm.result["message_id"], "forget:yes")
        await fake_api.wait_for("editMessageText", to(ALICE))
        for path in files:
            if path.exists():
                assert marker.encode() not in path.read_bytes(), path.name
        assert os.path.getsize(files[1]) == 0 if files[1].exists() else True


def test_forget_then_subscribe_again_the_same_day_brings_no_second_brief(
    runtime: Runtime,
) -> None:
    db = runtime.state
    start = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)
    subscriptions.subscribe(db, ALICE, "fr", "08:00", "Europe/Paris", now=start)
    sub = subscriptions.get(db, ALICE)
    assert sub is not None
    day = dt.date(2026, 11, 24)
    slot = sub.next_send_at
    nxt = slot + dt.timedelta(days=1)
    assert deliveries.claim(db, sub, day, nxt, slot) == 1
    deliveries.finish(db, ALICE, day, "sent", slot)

    users.forget(db, ALICE)
    assert subscriptions.get(db, ALICE) is None
    later = slot + dt.timedelta(hours=1)
    again = subscriptions.subscribe(db, ALICE, "fr", "18:00", "Europe/Paris", now=later)
    assert again.next_send_at.date() == day  # 18:00 today...
    tomorrow = again.next_send_at + dt.timedelta(days=1)
    assert deliveries.claim(db, again, day, tomorrow, again.next_send_at) is None  # ...not sent
    # The day after, the record is gone and the brief goes out again.
    deliveries.purge_forgotten(db, tomorrow + dt.timedelta(days=1))
    assert deliveries.status(db, ALICE, day) == "sent"  # re-subscribed: kept as history
    users.forget(db, ALICE)
    deliveries.purge_forgotten(db, tomorrow + dt.timedelta(days=1))
    assert db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0

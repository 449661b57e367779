"""An index build says how far it got: to its caller (the CLI's bars, the bot's log) and, through
a file beside the index, to `briefbot doctor` and /health while the previous index serves."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bot.admin.doctor import check_knowledge
from bot.config import Settings
from bot.knowledge.build_progress import BuildStatus, logged, progress_path, read_status
from bot.knowledge.index import build_index, read_meta
from bot.knowledge.loader import Knowledge, directory_version, load_directory
from bot.knowledge.model import Text
from bot.runtime import Runtime


def _with_a_new_text(knowledge_dir: Path) -> Knowledge:
    """The knowledge with one fact reworded as no build in this process has seen it, so its
    meaning must be encoded."""
    kb = load_directory(knowledge_dir)
    fact = next(iter(kb.facts.values()))
    text = Text(fr=fact.text.fr, en=f"{fact.text.en} ({uuid.uuid4().hex})")
    kb.facts[fact.id] = fact.model_copy(update={"text": text})
    return kb


def test_a_build_reports_encoding_then_indexing_and_cleans_up(
    knowledge_dir: Path, tmp_path: Path
) -> None:
    kb = _with_a_new_text(knowledge_dir)
    index = tmp_path / "index.db"
    seen: list[tuple[str, int, int]] = []
    build_index(kb, index, lambda phase, done, total: seen.append((phase, done, total)))
    phases = [phase for phase, *_ in seen]
    assert phases[0] == "encode" and phases[-1] == "index"
    assert phases == sorted(phases)  # every encoding report comes before the indexing ones
    encoded = [(done, total) for phase, done, total in seen if phase == "encode"]
    assert encoded[-1][0] == encoded[-1][1] >= 1
    assert seen[-1][1:3] == (len(kb.facts), len(kb.facts))
    assert read_status(index) is None and not progress_path(index).exists()


def test_the_progress_file_follows_the_build(knowledge_dir: Path, tmp_path: Path) -> None:
    kb = _with_a_new_text(knowledge_dir)
    index = tmp_path / "index.db"
    statuses: list[tuple[str, BuildStatus | None]] = []
    build_index(kb, index, lambda phase, done, total: statuses.append((phase, read_status(index))))
    first_encode = next(s for phase, s in statuses if phase == "encode")
    last_index = statuses[-1][1]
    assert first_encode is not None and first_encode.phase == "encode"
    assert last_index is not None and last_index.phase == "index"
    assert last_index.done == last_index.total == len(kb.facts)
    assert last_index.pid == os.getpid()


def test_doctor_shows_a_rebuild_under_way(settings: Settings) -> None:
    details: list[str] = []

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "index" and done == total // 2:
            details.append(check_knowledge("en", settings).detail)

    build_index(load_directory(settings.KNOWLEDGE_DIR), settings.KNOWLEDGE_INDEX, progress)
    assert len(details) == 1
    assert "index up to date; the index is being rebuilt (the previous one serves" in details[0]
    # The file is rewritten at most once a second: it may lag the build by a few facts.
    assert re.search(r"indexing the facts, \d+/21 \(\d+%\), about 1 minute left$", details[0])
    after = check_knowledge("en", settings)
    assert after.ok and "rebuilt" not in after.detail


def _write_status(index: Path, pid: int, started: dt.datetime) -> None:
    status = {"phase": "encode", "done": 25, "total": 100, "started": started.isoformat()}
    progress_path(index).write_text(json.dumps({**status, "pid": pid}), encoding="utf-8")


def test_a_status_gives_the_time_left_at_the_rate_so_far(tmp_path: Path) -> None:
    index = tmp_path / "index.db"
    now = dt.datetime.now(dt.UTC)
    _write_status(index, os.getpid(), now - dt.timedelta(minutes=2))
    status = read_status(index)
    assert status is not None and status.percent == 25
    assert status.minutes_left(now) == 6  # a quarter in two minutes: six to go


def test_the_file_of_a_build_that_was_killed_is_ignored(tmp_path: Path) -> None:
    index = tmp_path / "index.db"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _write_status(index, gone.pid, dt.datetime.now(dt.UTC))
    assert read_status(index) is None
    progress_path(index).write_text("{not json", encoding="utf-8")
    assert read_status(index) is None


def test_the_bot_logs_each_phase_start_and_end_not_every_batch(
    caplog: pytest.LogCaptureFixture,
) -> None:
    report = logged(every=3600)
    with caplog.at_level(logging.INFO, logger="bot.knowledge.build_progress"):
        for done in (32, 64, 96, 100):
            report("encode", done, 100)
        for done in range(1, 22):
            report("index", done, 21)
    assert [r.getMessage() for r in caplog.records] == [
        "knowledge index: encoding the facts' meaning, 32/100 (32%)",
        "knowledge index: encoding the facts' meaning, 100/100 (100%)",
        "knowledge index: indexing the facts, 1/21 (4%)",
        "knowledge index: indexing the facts, 21/21 (100%)",
    ]


def test_the_bot_serves_its_previous_index_until_the_rebuild_is_done(settings: Settings) -> None:
    """The bot starts on a stale index (files edited while it was stopped) at once; its
    start-up reload rebuilds it in the background and swaps the new one in."""
    served = read_meta(settings.KNOWLEDGE_INDEX)["version"]
    some_file = next(settings.KNOWLEDGE_DIR.glob("*.yaml"))
    some_file.write_text(some_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert directory_version(settings.KNOWLEDGE_DIR) != served
    runtime = Runtime.start(settings, serve_stale=True)
    try:
        assert runtime.store.version == served
        result = runtime.reload("start-up")
        assert result.ok and runtime.store.version == directory_version(settings.KNOWLEDGE_DIR)
    finally:
        runtime.close()
    some_file.write_text(some_file.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    rebuilt = Runtime.start(settings)  # the CLI and the terminal chat build before answering
    try:
        assert rebuilt.store.version == directory_version(settings.KNOWLEDGE_DIR)
    finally:
        rebuilt.close()

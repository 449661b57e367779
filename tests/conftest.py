"""Shared fixtures: a private copy of the bundled knowledge, settings on temporary files, and a
started runtime. Tests never touch the repository's `data/` or `knowledge/`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.runtime import Runtime
from tests.telegram_fixtures import bot_settings, fake_api, running_bot  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge files."""
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings on temporary files; the developer's `.env` and environment are ignored."""
    monkeypatch.chdir(tmp_path)
    for name in list(Settings.model_fields):
        monkeypatch.delenv(name, raising=False)
    return load_settings(
        KNOWLEDGE_DIR=knowledge_dir,
        KNOWLEDGE_INDEX=tmp_path / "data" / "index.db",
        BRIEFBOT_DB=tmp_path / "data" / "state.db",
    )


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    started = Runtime.start(settings)
    yield started
    started.close()

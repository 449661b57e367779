"""Shared fixtures: a private copy of the bundled knowledge, settings on temporary files, and a
started runtime. Tests never touch the repository's `data/` or `knowledge/`.

Building an index is most of a runtime's start-up, so `settings` puts a copy of an index built
once per session for the same knowledge content (`IndexCache`) where the test's index goes; the
runtime then finds it up to date, exactly as it would after an earlier start."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.config import Settings, load_settings
from bot.knowledge.index import ensure_index
from bot.knowledge.loader import KnowledgeError, directory_version
from bot.runtime import Runtime
from tests.telegram_fixtures import bot_settings, fake_api, running_bot  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_KNOWLEDGE = ROOT / "knowledge"
# A frozen copy of the shipped knowledge for the adapter tests (tests/knowledge_fixed/README.md).
FIXED_KNOWLEDGE = ROOT / "tests" / "knowledge_fixed"


class IndexCache:
    """Indexes built once per session, one per knowledge content (`directory_version`)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.built: dict[str, Path] = {}

    def install(self, knowledge_dir: Path, index: Path) -> None:
        """Copy the index of `knowledge_dir`'s content to `index` (building it the first time);
        files that do not validate get no index, as on a first start."""
        version = directory_version(knowledge_dir)
        cached = self.built.get(version)
        if cached is None:
            cached = self.directory / f"{version}.db"
            try:
                ensure_index(knowledge_dir, cached)
            except KnowledgeError:
                return
            self.built[version] = cached
        index.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, index)


@pytest.fixture(scope="session")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> IndexCache:
    return IndexCache(tmp_path_factory.mktemp("index-cache"))


def fixed_knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixed test knowledge, where `knowledge_dir` puts its copy."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXED_KNOWLEDGE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled knowledge files."""
    target = tmp_path / "knowledge"
    shutil.copytree(BUNDLED_KNOWLEDGE, target)
    return target


@pytest.fixture
def settings(
    tmp_path: Path,
    knowledge_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_cache: IndexCache,
) -> Settings:
    """Settings on temporary files; the developer's `.env` and environment are ignored. The
    index of the knowledge as it is now is already in place (see `IndexCache`)."""
    monkeypatch.chdir(tmp_path)
    for name in list(Settings.model_fields):
        monkeypatch.delenv(name, raising=False)
    index = tmp_path / "data" / "index.db"
    index_cache.install(knowledge_dir, index)
    return load_settings(
        KNOWLEDGE_DIR=knowledge_dir,
        KNOWLEDGE_INDEX=index,
        BRIEFBOT_DB=tmp_path / "data" / "state.db",
    )


def briefbot(settings: Settings, *args: str, **env: str) -> Result:
    """`briefbot ARGS` run in-process by click's runner on the test's files (and `env`):
    the real command line, without a Python start; `result.stdout` and `result.stderr` apart."""
    paths = {name: str(getattr(settings, name)) for name in _FILE_SETTINGS}
    return CliRunner(env={**paths, **env}).invoke(cli, list(args), prog_name="briefbot")


_FILE_SETTINGS = ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX", "BRIEFBOT_DB")


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    started = Runtime.start(settings)
    yield started
    started.close()

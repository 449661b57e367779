"""The docs stay true: every setting, command and knowledge field the code has is documented
(as sqlite-utils keeps its docs in step with its code). A failure names what to document."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pydantic import BaseModel, SecretStr

from bot.cli import cli
from bot.config import Settings
from bot.knowledge import model
from bot.runtime import Runtime
from bot.telegram.app import build_application
from bot.telegram.menu import MENU, served_commands
from tests.conftest import ROOT
from tests.fake_bot_api import DEFAULT_TOKEN

README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
KNOWLEDGE_README = (ROOT / "knowledge" / "README.md").read_text(encoding="utf-8")

# The knowledge file's models, each documented in knowledge/README.md.
KNOWLEDGE_MODELS: tuple[type[BaseModel], ...] = (
    model.KnowledgeFile,
    model.Document,
    model.Speaker,
    model.Entity,
    model.SynonymGroup,
    model.Fact,
    model.Quote,
)


def readme_table_names(text: str) -> set[str]:
    """The names in the first column of the Markdown tables (`| `NAME` | …`)."""
    return set(re.findall(r"^\| `([A-Z_]+)` \|", text, flags=re.MULTILINE))


def test_every_setting_is_in_the_readme_table_and_env_example() -> None:
    settings = set(Settings.model_fields)
    assert settings - readme_table_names(README) == set(), "add them to README's Configuration"
    in_example = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, flags=re.MULTILINE))
    assert settings - in_example == set(), "add them to .env.example"
    assert readme_table_names(README) - settings == set(), "README documents settings that are gone"
    assert in_example - settings == set(), ".env.example lists settings that are gone"


def cli_commands(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[str]:
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from cli_commands(sub, (*path, name))
    else:
        yield " ".join(path)


def test_every_cli_command_is_in_the_readme() -> None:
    commands = list(cli_commands(cli))
    assert "knowledge draft" in commands and "ask" in commands
    missing = [c for c in commands if not re.search(rf"briefbot {re.escape(c)}\b", README)]
    assert missing == [], "show `briefbot COMMAND` in README for each of them"


@pytest.fixture
def telegram_commands(settings: Settings) -> Iterator[set[str]]:
    """Every command the real application serves (menu, admin and conversation entry points)."""
    runtime = Runtime.start(settings)
    try:
        token = SecretStr(DEFAULT_TOKEN)
        application = build_application(
            settings.model_copy(update={"TELEGRAM_BOT_TOKEN": token}), runtime
        )
        yield served_commands(application)
    finally:
        runtime.close()


def test_every_telegram_command_is_in_the_readme(telegram_commands: set[str]) -> None:
    assert set(MENU) <= telegram_commands  # the public menu is served
    missing = sorted(c for c in telegram_commands if not re.search(rf"`/{c}\b", README))
    assert missing == [], "document these Telegram commands in README (`/name`)"


@pytest.mark.parametrize("knowledge_model", KNOWLEDGE_MODELS, ids=lambda m: m.__name__)
def test_every_knowledge_field_is_in_the_knowledge_readme(
    knowledge_model: type[BaseModel],
) -> None:
    fields = set(knowledge_model.model_fields)
    assert fields, knowledge_model
    missing = sorted(f for f in fields if f"`{f}`" not in KNOWLEDGE_README)
    assert missing == [], f"document {knowledge_model.__name__}'s fields in knowledge/README.md"


def test_the_knowledge_readmes_draft_command_works_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 3 of "Adding a new article", run from the checkout's root as `.venv/bin/briefbot`
    implies, on the article step 1 saved: the draft is written and names its source file."""
    found = re.search(r"`\.venv/bin/briefbot (knowledge\s+draft\s[^`]+)`", KNOWLEDGE_README)
    assert found, "knowledge/README.md shows the knowledge draft command"
    placeholders = {"<file>": "suite-2024-12-02.fr", "<id>": "suite-2024-12-02"}
    placeholders["<YYYY-MM-DD>"] = "2024-12-02"
    args = found[1].split()
    args = [
        next((arg.replace(k, v) for k, v in placeholders.items() if k in arg), arg) for arg in args
    ]
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    article = ROOT / "knowledge" / "articles" / "coree-du-nord-russie-2024-11-30.fr.txt"
    (tmp_path / "knowledge" / "articles" / "suite-2024-12-02.fr.txt").write_bytes(
        article.read_bytes()
    )
    monkeypatch.chdir(tmp_path)
    env = {"KNOWLEDGE_DIR": "knowledge", "DRAFTS_DIR": "drafts", "BRIEFBOT_DB": "data/state.db"}
    result = CliRunner(env=env).invoke(cli, args, prog_name="briefbot")
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "drafts" / "suite-2024-12-02.draft.yaml").read_text(encoding="utf-8")
    assert 'source_file: "articles/suite-2024-12-02.fr.txt"' in draft

"""The `briefbot` command line, run in-process with click's CliRunner on the test's files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli, main
from bot.config import Settings
from tests.conftest import ROOT

ARTICLES = ROOT / "knowledge" / "articles"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The CLI reads its settings from the environment: point it at the test's files."""
    values = {name: str(getattr(settings, name)) for name in ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX")}
    values["BRIEFBOT_DB"] = str(settings.BRIEFBOT_DB)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, prog_name="briefbot")


def test_help_lists_every_command(env: dict[str, str]) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("ask", "brief", "chat", "knowledge", "run", "start", "stats", "unanswered"):
        assert f"  {command} " in result.output
    knowledge = invoke("knowledge", "--help")
    for action in ("check", "build", "draft", "history"):
        assert f"  {action} " in knowledge.output


def test_draft_keeps_its_options(env: dict[str, str]) -> None:
    result = invoke("knowledge", "draft", "--help")
    for option in ("--lang", "--document-id", "--title", "--date", "--url", "--output", "--force"):
        assert option in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "de", "--document-id", "doc"], "'de' is not one of 'fr', 'en'"),
        (["--lang", "fr", "--document-id", "Bad Id"], "use lower-case letters"),
        (["--lang", "fr", "--document-id", "doc", "--date", "2024-13-01"], "expected YYYY-MM-DD"),
        (["--document-id", "doc"], "Missing option '--lang'"),
    ],
)
def test_draft_refuses_bad_options_before_running(
    env: dict[str, str], tmp_path: Path, args: list[str], message: str
) -> None:
    result = invoke("knowledge", "draft", str(next(ARTICLES.iterdir())), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.glob("*.draft.yaml"))


def test_draft_writes_then_refuses_to_overwrite(env: dict[str, str], tmp_path: Path) -> None:
    output = tmp_path / "out.yaml"
    args = ["knowledge", "draft", str(next(ARTICLES.iterdir())), "--lang", "fr"]
    args += ["--document-id", "new-doc", "--date", "2024-11-30", "--output", str(output)]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert "candidate facts" in first.output and output.is_file()
    again = invoke(*args)
    assert again.exit_code == 1 and "--force" in again.output
    assert invoke(*args, "--force").exit_code == 0


def test_ask_needs_a_question(env: dict[str, str]) -> None:
    result = invoke("ask")
    assert result.exit_code == 2 and "--batch FILE" in result.output


def test_ask_batch_from_stdin_answers_in_order(env: dict[str, str]) -> None:
    result = invoke("ask", "--json", "--batch", "-", stdin="Pétrole ?\nWho met Kim Jong Un?\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert '"question": "Pétrole ?"' in lines[0] and '"language": "en"' in lines[1]


def test_ask_batch_missing_file_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    result = invoke("ask", "--batch", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2 and "missing.txt" in result.output


def test_ask_batch_not_utf8_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    batch = tmp_path / "latin1.txt"
    batch.write_bytes("Pétrole ?\n".encode("latin-1"))
    result = invoke("ask", "--batch", str(batch))
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_a_bad_setting_is_one_line_and_status_2(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Mars/Olympus")
    result = invoke("brief")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Setting DEFAULT_TIMEZONE: is not an IANA time zone (e.g. Europe/Paris, Asia/Seoul, UTC)."
        " Fix it in the environment or in .env."
    ]


def test_main_returns_the_exit_status(env: dict[str, str]) -> None:
    assert main(["knowledge", "check"]) == 0
    assert main(["brief", "--lang", "xx"]) == 2
    assert main(["no-such-command"]) == 2


@pytest.mark.parametrize("command", [["brief"], ["knowledge", "check"], ["stats"], ["--help"]])
def test_a_closed_pipe_ends_quietly(env: dict[str, str], command: list[str]) -> None:
    """`briefbot brief | head -1`: the reader goes away, the command exits without a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the command writes anything
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert stderr == ""

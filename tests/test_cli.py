"""The `briefbot` command line, run in-process with click's CliRunner on the test's files."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner, Result

from bot.cli import cli, main
from bot.config import Settings
from bot.runtime import Runtime
from bot.store import users
from tests.conftest import BUNDLED_KNOWLEDGE, ROOT
from tests.knowledge.helpers import NEW_FACT_YAML

ARTICLES = ROOT / "knowledge" / "articles"
ARTICLE = BUNDLED_KNOWLEDGE / "articles" / "coree-du-nord-russie-2024-11-30.fr.txt"
BRIEFING_KNOWLEDGE = ROOT / "tests" / "briefing" / "knowledge"
BRIEFING_START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


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
    args = ["--lang", "en", "knowledge", "draft", str(next(ARTICLES.iterdir())), "--lang", "fr"]
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


# --- admin commands (moved from tests/admin/test_insight.py) ---------------------------


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The CLI reads its settings from the environment: point it at the test's files."""
    for name in ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX", "BRIEFBOT_DB"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    return settings


def test_cli_stats_unanswered_and_history(
    cli_settings: Settings, runtime: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    users.touch(runtime.state, 1001)
    runtime.ask("Quel est le prix du pétrole ?", chat_id=1001)
    assert runtime.writer.flush()  # the question log is written off the caller's thread
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "Utilisateurs : 1" in out and "Questions aujourd'hui : 1" in out
    assert main(["unanswered", "--days", "3"]) == 0
    assert "1× « Quel est le prix du pétrole ? »" in capsys.readouterr().out
    assert main(["knowledge", "history"]) == 0
    out = capsys.readouterr().out
    assert " · au démarrage · ajoutés : " in out and "kim-belousov-meeting" in out
    assert "(Europe/Paris)" in out  # times are labelled with their zone


def test_knowledge_check_warns_about_todo_values(
    cli_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = cli_settings.KNOWLEDGE_DIR
    text = NEW_FACT_YAML.replace("Mongolia held", "TODO: translate: Mongolia held")
    (directory / "draft.yaml").write_text(text, encoding="utf-8")
    assert main(["knowledge", "check"]) == 1  # valid YAML, but not reviewed: refused
    err = capsys.readouterr().err
    assert "draft.yaml:8: facts[mongolia-yurt-festival].text.en: TODO left in the file" in err


def test_history_of_an_empty_database(
    cli_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    Path(cli_settings.BRIEFBOT_DB).parent.mkdir(parents=True, exist_ok=True)
    assert main(["knowledge", "history"]) == 0
    assert "Aucune modification" in capsys.readouterr().out


# --- knowledge draft (moved from tests/knowledge/test_draft.py) -----------------------


def test_cli_draft_writes_a_file_and_never_overwrites_one(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(settings.KNOWLEDGE_DIR))
    output = tmp_path / "draft.yaml"
    article = settings.KNOWLEDGE_DIR / "articles" / ARTICLE.name
    args = ["--lang", "en", "knowledge", "draft", str(article), "--lang", "fr"]
    args += ["--document-id", "new-doc", "--date", "2024-11-30", "--output", str(output)]
    assert main(args) == 0
    assert "16 candidate facts" in capsys.readouterr().out
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# DRAFT") and 'source_file: "articles/' in text
    assert main(args) == 1  # exists: refused without --force
    assert main([*args, "--force"]) == 0
    assert (
        main(["knowledge", "draft", str(article), "--lang", "fr", "--document-id", "Bad Id"]) == 2
    )
    inside = ["--output", str(settings.KNOWLEDGE_DIR / "new-doc.yaml")]
    assert main([*args[:-2], *inside]) == 1  # a draft in the knowledge folder would go live
    assert not (settings.KNOWLEDGE_DIR / "new-doc.yaml").exists()


# --- brief (moved from tests/briefing/test_compose.py, on the briefing's fixed knowledge) --


@pytest.fixture
def brief_runtime(settings: Settings) -> Iterator[Runtime]:
    """The briefing tests' runtime: their small knowledge base, recorded a minute before their
    fake clock's start (tests/briefing/conftest.py)."""
    shutil.rmtree(settings.KNOWLEDGE_DIR)
    shutil.copytree(BRIEFING_KNOWLEDGE, settings.KNOWLEDGE_DIR)
    with time_machine.travel(BRIEFING_START - dt.timedelta(minutes=1), tick=False):
        started = Runtime.start(settings)
    yield started
    started.close()


def test_cli_brief_prints_it(brief_runtime: Runtime, capsys: pytest.CaptureFixture[str]) -> None:
    brief_runtime.close()
    assert main(["brief", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("📰 Briefing — ")
    # No last brief: what is new is what changed in the last 24 hours (this fresh state database
    # saw every fact just now).
    assert "🆕 New in the last 24 hours" in out and "New since your last" not in out
    assert main(["brief", "--lang", "fr", "--since", "2020-01-01"]) == 0
    out = capsys.readouterr().out
    assert "🆕 Nouveau depuis votre dernier point" in out  # every fact is newer than 2020


def test_cli_brief_rejects_a_bad_date(
    brief_runtime: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    brief_runtime.close()
    for bad in ("yesterday", "2026-13-01", ""):
        assert main(["brief", "--since", bad]) == 2
        assert "YYYY-MM-DD" in capsys.readouterr().err


# --- one language per run, plurals, dates, progress ---------------------------------------


def test_output_speaks_the_run_language(env: dict[str, str]) -> None:
    french = invoke("knowledge", "check")  # DEFAULT_LANGUAGE is fr
    assert french.exit_code == 0
    assert french.output.startswith("OK : 1 document, ") and " faits (version " in french.output
    english = invoke("--lang", "en", "knowledge", "check")
    assert english.output.startswith("OK: 1 document, ") and " facts (version " in english.output
    built = invoke("--lang", "en", "knowledge", "build")
    assert built.output.startswith("Index built: 1 document, ")
    assert invoke("knowledge", "build", "--if-stale").output.startswith("Index déjà à jour : ")


def test_the_run_language_reaches_brief_ask_and_the_terminal_chat(env: dict[str, str]) -> None:
    """`briefbot --lang en COMMAND`: the brief, a question that does not tell its language,
    and the chat (until a question tells its own) speak English; without it, French."""
    assert invoke("--lang", "en", "brief").output.startswith("📰 Briefing — ")
    assert invoke("brief").output.startswith("📰 Le point du ")
    assert invoke("brief", "--lang", "en").output.startswith("📰 Briefing — ")  # its own option
    assert invoke("--lang", "en", "ask", "xyzzy").output.startswith("I didn't understand")
    assert invoke("ask", "xyzzy").output.startswith("Je n'ai pas compris")
    chat = invoke("--lang", "en", "chat", stdin="/help\nQui Kim Jong Un a-t-il rencontré ?\n")
    assert chat.exit_code == 0
    assert chat.output.startswith("briefbot — terminal chat. Ask a question")
    assert "Ask a question about the news, in French or English" in chat.output  # /help
    assert "Selon KCNA" in chat.output  # a French question still gets a French answer


def test_a_broken_knowledge_folder_counts_its_errors_in_the_run_language(
    env: dict[str, str], settings: Settings
) -> None:
    broken = settings.KNOWLEDGE_DIR / "broken.yaml"
    broken.write_text("facts:\n  - id: x\n    text: [unclosed\n", encoding="utf-8")
    french = invoke("knowledge", "check")
    assert french.exit_code == 1
    assert french.output.strip().endswith(f"1 erreur dans {settings.KNOWLEDGE_DIR}")
    english = invoke("--lang", "en", "knowledge", "check")
    assert english.output.strip().endswith(f"1 error in {settings.KNOWLEDGE_DIR}")


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("fr", (0, 1, 2), ["0 erreur", "1 erreur", "2 erreurs"]),
        ("en", (0, 1, 2), ["0 errors", "1 error", "2 errors"]),
    ],
)
def test_plurals_follow_each_language(
    language: str, counts: tuple[int, ...], expected: list[str]
) -> None:
    from bot.messages import tn

    texts = [tn(language, "cli.check_errors", n, directory="k") for n in counts]
    assert [text.rsplit(" ", 2)[0] for text in texts] == expected


def test_dates_and_times_are_localised_and_zoned() -> None:
    from bot.wording.dates import format_date, format_moment

    assert format_date("fr", dt.date(2024, 12, 1)) == "1er décembre 2024"
    assert format_date("fr", dt.date(2024, 11, 30)) == "30 novembre 2024"
    assert format_date("en", dt.date(2024, 12, 1)) == "1 December 2024"
    moment = dt.datetime(2024, 12, 1, 7, 5, tzinfo=dt.UTC)
    assert format_moment("fr", moment, "Europe/Paris") == "1er décembre 2024 à 08:05 (Europe/Paris)"
    assert format_moment("en", moment, "Asia/Seoul") == "1 December 2024 at 16:05 (Asia/Seoul)"


def _build_with_stderr(env: dict[str, str], stderr: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--lang", "en", "knowledge", "build"],
        stdout=subprocess.PIPE,
        stderr=stderr,
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )


def test_knowledge_build_shows_progress_on_a_terminal(env: dict[str, str]) -> None:
    import os
    import pty

    reader, terminal = pty.openpty()
    try:
        result = _build_with_stderr(env, terminal)
        os.close(terminal)
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the terminal side is closed and read
            while chunk := os.read(reader, 4096):
                shown += chunk
    finally:
        os.close(reader)
    assert b"Index built" in result.stdout
    assert b"Indexing the facts" in shown and b"100%" in shown


def test_knowledge_build_is_quiet_when_piped(env: dict[str, str]) -> None:
    result = _build_with_stderr(env, subprocess.PIPE)
    assert result.stdout.startswith(b"Index built: ")
    assert result.stderr == b""

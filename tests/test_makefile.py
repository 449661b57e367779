"""The Makefile a newcomer runs first: it says what it installs, and where the eval files are."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import ROOT


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_first_install_says_what_and_how_long_and_shows_pip(tmp_path: Path) -> None:
    result = make("-n", f"VENV={tmp_path / 'venv'}", "run")  # -n: print the recipe, run nothing
    assert result.returncode == 0, result.stderr
    assert "First run: creating" in result.stdout and "1-2 minutes" in result.stdout
    install = next(line for line in result.stdout.splitlines() if '-e ".[dev]"' in line)
    assert "--quiet" not in install and "--progress-bar on" in install


def test_eval_without_the_eval_files_says_where_to_get_them(tmp_path: Path) -> None:
    # -o: take the installed environment as up to date, so this never installs anything.
    result = make("-s", "-o", ".venv/.installed", "eval", f"EVAL={tmp_path}")
    assert result.returncode != 0
    assert f"no eval files in {tmp_path}" in result.stdout
    assert "../shared/eval" in result.stdout and "EVAL=" in result.stdout
    assert "can't open file" not in result.stderr

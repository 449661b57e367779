"""Find `TODO` values left in a knowledge file, such as an unfinished draft's translations.

The loader accepts "TODO: translate: ..." as text (it is a valid string), so a draft copied into
the knowledge folder too early would be answered from. This check lets `knowledge check` warn
and an upload be refused until every TODO value is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.knowledge.loader import Problem

# A value (after "key:" or "- ") that starts with TODO, outside comments.
_TODO_VALUE = re.compile(r"^[^#]*?(?:^|:|-)\s+[\"']?TODO\b")
_KEY = re.compile(r"^\s*(?:-\s+)?([\w.-]+)\s*:")


def find_todos(text: str, display: str) -> list[Problem]:
    """One problem per line whose value is still a TODO marker."""
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _TODO_VALUE.match(line):
            key = _KEY.match(line)
            problems.append(
                Problem(
                    display,
                    number,
                    key.group(1) if key else "value",
                    "TODO left in the file; write the real text (or remove the entry)",
                )
            )
    return problems


def directory_todos(directory: Path, files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        problems.extend(find_todos(text, path.relative_to(directory).as_posix()))
    return problems

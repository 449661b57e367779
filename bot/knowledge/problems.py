"""What is wrong with the knowledge files, said as `file:line: field: message`.

Problems are collected rather than raised one at a time, so an admin sees the whole list after
one edit. The column and a short excerpt of the offending line are added when they help find a
syntax mistake; they never carry more than a line's worth of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_EXCERPT = 60  # characters of the offending line quoted in a problem


def excerpt_of(line: str) -> str:
    """The line, stripped and cut to MAX_EXCERPT characters (an excerpt, never the input)."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in line.strip())
    return text if len(text) <= MAX_EXCERPT else text[: MAX_EXCERPT - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    column: int = 0  # 1-based; 0 when unknown or meaningless (a whole file)
    excerpt: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        details = []
        if self.column:
            details.append(f"column {self.column}")
        if self.excerpt:
            details.append(f'near "{self.excerpt}"')
        return f"{text} ({', '.join(details)})" if details else text


class KnowledgeError(Exception):
    """The knowledge files do not validate; `problems` lists every error."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

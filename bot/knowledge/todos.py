"""`TODO` markers left in a knowledge file are errors: nothing unreviewed goes live.

A draft marks what only a human can write with "TODO: ..." values (translations, title,
publisher) and "# TODO: check" comments (a guessed speaker kind, a date). Either is a valid
string or comment for YAML, so without this check a draft saved into the served folder too
early would be answered from ("Selon TODO: translate: ..."). Every path that loads knowledge
(check, build, start-up, the watcher, /reload, uploads) goes through `parse_file`, which adds
these problems, so one rule holds everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bot.knowledge.locations import Loc, field_name, loc_at_line, position
from bot.knowledge.problems import Problem
from bot.knowledge.yaml_source import parse_yaml, to_plain

TODO = re.compile(r"\bTODO\b")
# In a comment, a marker opens it ("# TODO: check ...") or is written "TODO:" unquoted; a
# comment that only mentions the word (a draft's instructions: replace every "TODO: ..." value)
# is not one.
COMMENT_TODO = re.compile(r"^#+\s*TODO\b|(?<![\"'“«‘])\bTODO:")
VALUE_MESSAGE = "TODO left in the file; write the real text (or remove the entry)"
COMMENT_MESSAGE = "TODO left in a comment; check what it asks, then remove it"


def _strings(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _strings(item, (*loc, index))
    elif isinstance(node, str):
        yield loc, node


def value_todos(display: str, data: Any, plain: Any) -> tuple[list[Problem], set[Loc]]:
    """One problem per value that still holds a TODO, and the locations of those values (their
    own validation errors, such as `kind: TODO` being an unknown kind, would say it twice)."""
    problems: list[Problem] = []
    locations: set[Loc] = set()
    for loc, text in _strings(data):
        if TODO.search(text):
            line, column = position(data, loc)
            problems.append(Problem(display, line, field_name(loc, plain), VALUE_MESSAGE, column))
            locations.add(loc)
    return problems, locations


def comment_todos(
    display: str, data: Any, plain: Any, comments: list[tuple[int, int, str]]
) -> list[Problem]:
    """One problem per comment that mentions TODO, named by the value written on its line."""
    return [
        Problem(display, line, field_name(loc_at_line(data, line), plain), COMMENT_MESSAGE, column)
        for line, column, text in comments
        if COMMENT_TODO.search(text)
    ]


def find_todos(text: str, display: str) -> list[Problem]:
    """Every TODO of one file's text (values and comments), e.g. to count what a draft leaves
    to write; an unreadable text has none to count (its parse problems are the loader's)."""
    data, _, comments = parse_yaml(text, display)
    if data is None:
        return []
    plain = to_plain(data)
    values, _ = value_todos(display, data, plain)
    return sorted(values + comment_todos(display, data, plain, comments))

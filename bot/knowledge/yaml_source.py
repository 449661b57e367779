"""Read one knowledge file's YAML safely, keeping the line and column of every key and item.

Knowledge files come from admins' editors, uploads and whatever lands in the folder, so the
parse is bounded before anything is built: size, nesting depth, alias expansion (a 1 KB "billion
laughs" file must not freeze the bot), number length and time. Every parse event is checked in
linear time as ruamel.yaml's round-trip loader takes it; the loader composes the whole document
before it constructs anything, so the data (whose mappings and lists know where each key and
item was written) is built only once the whole file passed the bounds. One parse, not a checking
pass then a loading pass: pure-Python parsing is most of the cost of loading the knowledge.
Every failure, whatever its cause, becomes a `Problem` with a line and a short excerpt: never a
traceback, never the expanded input.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.parser import RoundTripParser
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from bot.knowledge.problems import Problem, excerpt_of

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40  # knowledge nests 5 levels deep; deeper is a mistake or an attack
MAX_ALIAS_NODES = 10_000  # nodes that aliases may add to what is written
MAX_NUMBER_CHARS = 100  # Python refuses to read integers over 4,300 digits
MAX_PARSE_SECONDS = 10.0  # a 1 MB file takes ~3 s on a loaded 2-core machine
_CHECK_TIME_EVERY = 512  # events between two looks at the clock
_ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
)
_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)
_NUMBER = re.compile(r"[-+]?(?:0[xo])?[0-9a-fA-F_.]+(?:[eE][-+]?[0-9]+)?")


class _Constructor(RoundTripConstructor):
    """Round-trip construction, except that an impossible date ("2024-13-45") stays text so
    validation reports it with its line instead of the parser failing on it."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, YAMLError):
            return self.construct_scalar(node)


_Constructor.add_default_constructor("timestamp")


class _BoundedParser(RoundTripParser):
    """The round-trip parser, each event handed to the loader's `_Scan` as the composer takes
    it (the composer takes every event through `get_event`)."""

    def get_event(self) -> Any:
        event = super().get_event()
        self.loader.bounds.feed(event)
        return event


def _yaml(scan: _Scan) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Parser = _BoundedParser
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = True  # the scan reports every duplicate, not the first
    yaml.bounds = scan  # type: ignore[attr-defined]
    return yaml


class _Refused(Exception):
    """A bound was crossed: parsing stops at this line."""

    def __init__(self, line: int, column: int, message: str):
        self.line, self.column, self.message = line, column, message


@dataclass
class _Frame:
    is_mapping: bool
    anchor: str | None
    size: int = 1
    expect_key: bool = True
    keys: set[tuple[str, bool]] = field(default_factory=set)


@dataclass
class _Scan:
    """The bounds check of the parse events: depth, aliases, keys, tags, numbers, time."""

    deadline: float
    events: int = 0
    stack: list[_Frame] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    alias_nodes: int = 0
    duplicates: list[tuple[int, int, str]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where scalars are written

    def feed(self, event: Event) -> None:
        line, column = _mark(event)
        self.events += 1
        if self.events % _CHECK_TIME_EVERY == 0 and time.monotonic() > self.deadline:
            raise _Refused(line, column, f"took over {MAX_PARSE_SECONDS:g} s to read; split it")
        if isinstance(event, NodeEvent):
            self._node(event, line, column)
        if isinstance(event, CollectionEndEvent):
            done = self.stack.pop()
            self._add(done.anchor, done.size)

    def _node(self, event: NodeEvent, line: int, column: int) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in _ALLOWED_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")[:40]
            raise _Refused(line, column, f"tag {shown!r} is not allowed in knowledge")
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_mapping:
            is_key, parent.expect_key = parent.expect_key, not parent.expect_key
            if is_key:
                self._key(parent, event, line, column)
        if isinstance(event, AliasEvent):
            size = self.sizes.get(str(event.anchor), 1)
            self.alias_nodes += size
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise _Refused(
                    line, column, f"aliases expand to over {MAX_ALIAS_NODES} values; write it out"
                )
            self._add(None, size)
        elif isinstance(event, ScalarEvent):
            if event.start_mark is not None and event.end_mark is not None:
                self.spans.append((event.start_mark.index, event.end_mark.index))
            value = event.value or ""
            if event.style is None and len(value) > MAX_NUMBER_CHARS and _NUMBER.fullmatch(value):
                raise _Refused(
                    line,
                    column,
                    f"number of {len(value)} characters (at most {MAX_NUMBER_CHARS});"
                    " quote it if it is text",
                )
            self._add(event.anchor, 1)
        elif isinstance(event, CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise _Refused(line, column, f"nested over {MAX_DEPTH} levels deep")
            anchor = str(event.anchor) if event.anchor else None
            self.stack.append(_Frame(isinstance(event, MappingStartEvent), anchor))

    def _key(self, mapping: _Frame, event: NodeEvent, line: int, column: int) -> None:
        if not isinstance(event, ScalarEvent):
            raise _Refused(line, column, "a key must be plain text, not a list, mapping or alias")
        key = (event.value or "", event.style is None)
        if key in mapping.keys and key[0] != "<<":
            self.duplicates.append((line, column, key[0][:40]))
        mapping.keys.add(key)

    def _add(self, anchor: Any, size: int) -> None:
        if anchor:
            self.sizes[str(anchor)] = size
        if self.stack:
            self.stack[-1].size += size


def _mark(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 0)


def _problem(display: str, text: str, line: int, column: int, message: str) -> Problem:
    lines = text.splitlines()
    excerpt = excerpt_of(lines[line - 1]) if 0 < line <= len(lines) else ""
    return Problem(display, line, "yaml", message, column, excerpt)


def read_source(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problem that prevents reading it (size, permissions, encoding)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, "file", f"too large (over {MAX_FILE_BYTES} bytes)")]
        content = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(display, 1, "file", f"cannot be read ({reason.lower()})")]
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "file", "is not UTF-8 text")]


class ParsedYaml(NamedTuple):
    data: Any  # None when the file cannot be read as bounded YAML (or is empty)
    problems: list[Problem]
    comments: list[tuple[int, int, str]]  # (line, column, text) of every comment


def _comments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Every comment: a `#` after a space or at a line start, outside every scalar."""
    starts = [start for start, _ in spans]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[tuple[int, int, str]] = []
    last_line = 0
    for match in _COMMENT_START.finditer(text):
        index = match.start()
        inside = bisect.bisect_right(starts, index) - 1
        if inside >= 0 and spans[inside][1] > index:
            continue  # a '#' inside a quoted or block text
        line = bisect.bisect_right(line_starts, index)
        if line == last_line:
            continue  # the rest of the line is already this comment
        last_line = line
        end = text.find("\n", index)
        found.append(
            (line, index - line_starts[line - 1] + 1, text[index : None if end < 0 else end])
        )
    return found


def parse_yaml(text: str, display: str) -> ParsedYaml:
    """The data, its problems and its comments; data is None when the file cannot be read as
    bounded YAML.

    Duplicate keys are problems but do not stop the parse, so the rest is still validated.
    """
    if len(text) > MAX_FILE_BYTES:
        message = f"too large (over {MAX_FILE_BYTES} bytes)"
        return ParsedYaml(None, [Problem(display, 1, "file", message)], [])
    scan = _Scan(time.monotonic() + MAX_PARSE_SECONDS)
    try:
        data = _yaml(scan).load(text)
    except _Refused as refused:
        problem = _problem(display, text, refused.line, refused.column, refused.message)
        return ParsedYaml(None, [problem], [])
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        reason = str(exc.problem or exc.context or "unreadable YAML")
        problem = _problem(display, text, line, column, f"syntax error: {reason}")
        return ParsedYaml(None, [problem], [])
    except ReaderError as exc:
        position = int(exc.position or 0)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = exc.character if isinstance(exc.character, int) else 0
        message = f"character U+{character:04X} is not allowed in YAML text"
        return ParsedYaml(None, [_problem(display, text, line, column, message)], [])
    except (YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        message = f"cannot be read as YAML ({type(exc).__name__})"
        return ParsedYaml(None, [Problem(display, 1, "yaml", message)], [])
    problems = [
        Problem(display, line, key, "duplicate key in the same mapping", column)
        for line, column, key in scan.duplicates
    ]
    return ParsedYaml(data, problems, _comments(text, scan.spans))


def to_plain(data: Any) -> Any:
    """The parsed data as plain dicts, lists, str, int, float and dates, for validation."""
    if isinstance(data, dict):
        return {to_plain(key): to_plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [to_plain(item) for item in data]
    if isinstance(data, bool | ScalarBoolean):
        return bool(data)
    for plain in (str, int, float):
        if isinstance(data, plain):
            return plain(data)
    if isinstance(data, dt.datetime):
        return dt.datetime(
            data.year,
            data.month,
            data.day,
            data.hour,
            data.minute,
            data.second,
            data.microsecond,
            data.tzinfo,
        )
    return data

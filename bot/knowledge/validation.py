"""Validate one parsed knowledge file against the model, item by item, with file:line errors.

Items are validated one by one and the valid ones kept, so one bad speaker is reported once
instead of also making every fact that cites it an "unknown speaker": the ids of the items that
failed are returned as `broken`, and references to them are not reported again. Field paths
name items by their id (`facts[kim-meeting].text.en`) because that is what an admin searches
for. TODO markers (values and comments) are errors here, so every path that loads knowledge
refuses an unreviewed file.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from bot.knowledge.locations import field_name, position
from bot.knowledge.model import Document, Entity, Fact, KnowledgeFile, Speaker, SynonymGroup
from bot.knowledge.problems import Problem
from bot.knowledge.todos import comment_todos, value_todos
from bot.knowledge.yaml_source import parse_yaml, read_source, to_plain

SECTIONS = ("documents", "speakers", "entities", "synonyms", "facts")
_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "documents": Document,
    "speakers": Speaker,
    "entities": Entity,
    "synonyms": SynonymGroup,
    "facts": Fact,
}
MAX_SHOWN_VALUE = 60  # characters of a wrong value quoted back in a message


class ParsedFile(NamedTuple):
    model: KnowledgeFile | None  # None when the file cannot be used at all
    data: Any  # ruamel.yaml's data, whose mappings and lists know their lines
    problems: list[Problem]
    broken: dict[str, set[str]]  # section -> ids of the items that failed validation


def shown_value(value: Any) -> str:
    """A wrong value quoted back, cut short: a message never carries a whole expanded input."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


def error_message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against knowledge/README.md"
    if kind == "literal_error":
        return f"unknown value {shown_value(error['input'])}; {error['msg'].lower()}"
    if kind.startswith("date"):
        return f"bad date {shown_value(error['input'])}; expected YYYY-MM-DD"
    if kind == "string_pattern_mismatch":
        return (
            f"bad id {shown_value(error['input'])}; expected lower-case letters, digits, '-' or '_'"
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind


def _at(display: str, data: Any, loc: tuple[Any, ...], field: str, message: str) -> Problem:
    line, column = position(data, loc)
    return Problem(display, line, field, message, column)


class ParseCache:
    """Files this process parsed without a problem, by name and content, least recently used
    first, up to `max_chars` characters of source in all. Parsing is pure-Python and slow
    (about 3 s per 1,000 facts), so a reload after one new article, with 10,000 facts, parses
    the new file only. The characters held are kept as a running total (summing every entry on
    each insert cost a pass over the cache per file parsed); a lock keeps it exact, as files
    are parsed in worker threads (reload, upload, drafting)."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0  # characters of source held, the sum of the sizes below
        self._entries: OrderedDict[tuple[str, str], tuple[int, ParsedFile]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> ParsedFile | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[str, str], size: int, parsed: ParsedFile) -> None:
        """Keep `parsed` (unless larger than the whole bound), dropping the least recently
        used files until the total is within the bound again."""
        if size > self.max_chars:
            return
        with self._lock:
            replaced = self._entries.pop(key, None)
            if replaced is not None:  # another thread parsed the same file meanwhile
                self.chars -= replaced[0]
            self._entries[key] = (size, parsed)
            self.chars += size
            while self.chars > self.max_chars:
                _, (dropped, _) = self._entries.popitem(last=False)
                self.chars -= dropped


MAX_CACHED_CHARS = 64_000_000
_cache = ParseCache(MAX_CACHED_CHARS)


def parse_file(path: Path, display: str, text: str | None = None) -> ParsedFile:
    """Read (unless `text` is given), parse and validate one file. Nothing in a `ParsedFile`
    is changed by its users, so one parsed without a problem is kept and handed out again
    while its name and content stay the same."""
    if text is None:
        text, problems = read_source(path, display)
        if text is None:
            return ParsedFile(None, None, problems, {})
    key = (display, hashlib.sha256(text.encode()).hexdigest())
    cached = _cache.get(key)
    if cached is not None:
        return cached
    parsed = _parse(text, display)
    if not parsed.problems:
        _cache.put(key, len(text), parsed)
    return parsed


def _parse(text: str, display: str) -> ParsedFile:
    data, problems, comments = parse_yaml(text, display)
    if data is None:
        return ParsedFile(None if problems else KnowledgeFile(), None, problems, {})
    if not isinstance(data, dict):
        message = f"expected a mapping with sections {', '.join(SECTIONS)}"
        return ParsedFile(None, data, [*problems, Problem(display, 1, "file", message)], {})
    plain = to_plain(data)
    todos, todo_locations = value_todos(display, data, plain)
    problems += todos + comment_todos(display, data, plain, comments)
    for key in data:
        if key not in SECTIONS:
            message = f"unknown section; expected one of {', '.join(SECTIONS)}"
            problems.append(_at(display, data, (key,), str(key), message))
    sections: dict[str, list[Any]] = {}
    broken: dict[str, set[str]] = {}
    for section, item_model in _SECTION_MODELS.items():
        items = plain.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            message = "expected a list (each item starting with '- ')"
            problems.append(_at(display, data, (section,), section, message))
            continue
        valid = sections.setdefault(section, [])
        for index, item in enumerate(items):
            try:
                valid.append(item_model.model_validate(item))
            except ValidationError as exc:
                for error in exc.errors():
                    loc = (section, index, *error["loc"])
                    if loc not in todo_locations:  # already reported as a TODO
                        field = field_name(loc, plain)
                        problems.append(_at(display, data, loc, field, error_message(error)))
                valid.append(None)  # keeps positions aligned with the YAML for line lookups
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.setdefault(section, set()).add(item["id"])
    return ParsedFile(KnowledgeFile.model_construct(None, **sections), data, problems, broken)

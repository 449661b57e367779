"""Load a knowledge directory, reporting every problem with its file and line.

Errors are collected rather than raised one at a time, so an admin sees the whole list after one
edit: `file:line: field: what is wrong and what is expected`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.knowledge.model import (
    Document,
    Entity,
    Fact,
    KnowledgeFile,
    Speaker,
    SynonymGroup,
)

SECTIONS = ("documents", "speakers", "entities", "synonyms", "facts")
_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "documents": Document,
    "speakers": Speaker,
    "entities": Entity,
    "synonyms": SynonymGroup,
    "facts": Fact,
}
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class Knowledge:
    """A validated knowledge base: every reference resolves, every id is unique."""

    documents: dict[str, Document] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    synonyms: dict[str, SynonymGroup] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    version: str = ""
    files: tuple[str, ...] = ()

    def summary(self) -> str:
        return (
            f"{len(self.documents)} documents, {len(self.speakers)} speakers, "
            f"{len(self.entities)} entities, {len(self.facts)} facts"
        )


class KnowledgeError(Exception):
    """The knowledge files do not validate; `problems` lists every error."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- YAML with line numbers -------------------------------------------------------------


class _LineDict(dict):
    line: int = 0
    key_lines: dict[Any, int]


class _LineList(list):
    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and lists remember the line of each key and item."""

    duplicate_keys: list[tuple[int, str]]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, str(key)))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    items = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """An impossible date ("2024-13-45") stays text, so validation reports it with its line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _line_of(data: Any, loc: Iterable[Any]) -> int:
    """The line of the deepest node of `loc` that exists in the parsed YAML."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, _LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, _LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _field_name(loc: tuple[Any, ...], data: Any) -> str:
    """`facts[3].text.en` reads better as `facts[kim-meeting].text.en` when the id is known."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item_id = (
                node[part].get("id")
                if isinstance(node, list) and part < len(node) and isinstance(node[part], dict)
                else None
            )
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item_id or part}]"]
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "file"


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling against knowledge/README.md"
    if kind == "literal_error":
        return f"unknown value {error['input']!r}; {error['msg'].lower()}"
    if kind.startswith("date"):
        return f"bad date {error['input']!r}; expected YYYY-MM-DD"
    if kind == "string_pattern_mismatch":
        return f"bad id {error['input']!r}; expected lower-case letters, digits, '-' or '_'"
    message = error["msg"].removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else kind


# --- loading ---------------------------------------------------------------------------


def knowledge_files(directory: Path) -> list[Path]:
    """Every YAML file of the knowledge directory, sorted for a stable version hash.

    Hidden files and folders are skipped: `.backups/` keeps previous versions of uploaded
    files, and editors write hidden temporary copies; neither is knowledge.
    """
    return sorted(
        p
        for p in directory.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def directory_version(directory: Path, overrides: dict[str, str] | None = None) -> str:
    """A short hash of every knowledge file's name and content: equal hashes, equal knowledge."""
    overrides = overrides or {}
    digest = hashlib.sha256()
    names = {p.relative_to(directory).as_posix(): p for p in knowledge_files(directory)}
    for name in sorted(set(names) | set(overrides)):
        digest.update(name.encode() + b"\0")
        if name in overrides:
            digest.update(overrides[name].encode())
        else:
            digest.update(names[name].read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def parse_file(
    path: Path, display: str, text: str | None = None
) -> tuple[KnowledgeFile | None, Any, list[Problem]]:
    """Parse and validate one file; returns the model (or None), the raw data and problems."""
    problems: list[Problem] = []
    if text is None:
        if path.stat().st_size > MAX_FILE_BYTES:
            return (
                None,
                None,
                [Problem(display, 1, "file", f"too large (over {MAX_FILE_BYTES} bytes)")],
            )
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return None, None, [Problem(display, 1, "file", "is not UTF-8 text")]
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, None, [Problem(display, line, "yaml", f"syntax error: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(display, 1, "yaml", f"syntax error: {exc}")]
    finally:
        loader.dispose()
    for line, key in loader.duplicate_keys:
        problems.append(Problem(display, line, key, "duplicate key in the same mapping"))
    if data is None:
        return KnowledgeFile(), data, problems
    if not isinstance(data, dict):
        problems.append(
            Problem(display, 1, "file", f"expected a mapping with sections {', '.join(SECTIONS)}")
        )
        return None, data, problems
    # Items are validated one by one and the valid ones kept, so one bad speaker is reported
    # once instead of also making every fact that cites it an "unknown speaker".
    sections: dict[str, list[Any]] = {}
    for key in data:
        if key not in SECTIONS:
            line = _line_of(data, (key,))
            problems.append(
                Problem(
                    display,
                    line,
                    str(key),
                    f"unknown section; expected one of {', '.join(SECTIONS)}",
                )
            )
    for section, item_model in _SECTION_MODELS.items():
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(
                Problem(
                    display,
                    _line_of(data, (section,)),
                    section,
                    "expected a list (each item starting with '- ')",
                )
            )
            continue
        valid = sections.setdefault(section, [])
        for index, item in enumerate(items):
            try:
                valid.append(item_model.model_validate(item))
            except ValidationError as exc:
                for error in exc.errors():
                    loc = (section, index, *error["loc"])
                    problems.append(
                        Problem(
                            display, _line_of(data, loc), _field_name(loc, data), _message(error)
                        )
                    )
                valid.append(None)  # keeps positions aligned with the YAML for line lookups
    return KnowledgeFile.model_construct(None, **sections), data, problems


def load_directory(directory: Path, overrides: dict[str, str] | None = None) -> Knowledge:
    """Load and cross-check every file; raise `KnowledgeError` listing all problems.

    `overrides` maps a file name (relative to `directory`) to text that replaces it, so an
    uploaded file can be validated together with the rest before anything is written.
    """
    if not directory.is_dir():
        raise KnowledgeError(
            [Problem(str(directory), 0, "directory", "does not exist or is not a directory")]
        )
    overrides = dict(overrides or {})
    paths = {p.relative_to(directory).as_posix(): p for p in knowledge_files(directory)}
    for name in overrides:
        paths.setdefault(name, directory / name)
    problems: list[Problem] = []
    parsed: list[tuple[str, KnowledgeFile, Any]] = []
    for name in sorted(paths):
        model, data, file_problems = parse_file(paths[name], name, overrides.get(name))
        problems.extend(file_problems)
        if model is not None:
            parsed.append((name, model, data))
    if not paths:
        problems.append(
            Problem(str(directory), 0, "directory", "contains no .yaml knowledge files")
        )
    version = directory_version(directory, overrides)
    knowledge = Knowledge(version=version, files=tuple(sorted(paths)))
    problems.extend(_collect(parsed, knowledge, directory))
    if problems:
        raise KnowledgeError(problems)
    return knowledge


def _collect(
    parsed: list[tuple[str, KnowledgeFile, Any]], kb: Knowledge, directory: Path
) -> list[Problem]:
    """Merge the files and check ids and references across them."""
    problems: list[Problem] = []
    origin: dict[tuple[str, str], tuple[str, Any, int]] = {}

    def at(section: str, item_id: str, *path: Any) -> tuple[str, int]:
        name, data, index = origin[(section, item_id)]
        return name, _line_of(data, (section, index, *path))

    for name, model, data in parsed:
        for section in SECTIONS:
            target = getattr(kb, section)
            for index, item in enumerate(getattr(model, section)):
                if item is None:  # invalid, already reported
                    continue
                where = _line_of(data, (section, index, "id"))
                if (section, item.id) in origin:
                    first_file, first_line = at(section, item.id, "id")
                    problems.append(
                        Problem(
                            name,
                            where,
                            f"{section}[{item.id}].id",
                            f"duplicate id, already defined at {first_file}:{first_line}",
                        )
                    )
                    continue
                origin[(section, item.id)] = (name, data, index)
                target[item.id] = item

    def unknown(section: str, item_id: str, path: tuple[Any, ...], message: str) -> None:
        file, line = at(section, item_id, *path)
        label = ".".join(str(p) for p in path if not isinstance(p, int))
        problems.append(Problem(file, line, f"{section}[{item_id}].{label}", message))

    for speaker in kb.speakers.values():
        for i, entity in enumerate(speaker.entities):
            if entity not in kb.entities:
                unknown(
                    "speakers",
                    speaker.id,
                    ("entities", i),
                    f"unknown entity id {entity!r}; define it under entities",
                )
    for document in kb.documents.values():
        if document.source_file and not (directory / document.source_file).is_file():
            unknown(
                "documents",
                document.id,
                ("source_file",),
                f"file {document.source_file!r} not found in the knowledge directory",
            )
    for fact in kb.facts.values():
        if fact.document not in kb.documents:
            unknown(
                "facts",
                fact.id,
                ("document",),
                f"unknown document id {fact.document!r}; expected one of {sorted(kb.documents)}",
            )
        if fact.speaker not in kb.speakers:
            unknown(
                "facts",
                fact.id,
                ("speaker",),
                f"unknown speaker id {fact.speaker!r}; expected one of {sorted(kb.speakers)}",
            )
        for i, entity in enumerate(fact.entities):
            if entity not in kb.entities:
                unknown(
                    "facts",
                    fact.id,
                    ("entities", i),
                    f"unknown entity id {entity!r}; define it under entities",
                )
    return problems

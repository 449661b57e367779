"""Load a knowledge directory: every file parsed, validated and cross-checked together.

Errors are collected rather than raised one at a time, so an admin sees the whole list after one
edit: `file:line: field: what is wrong and what is expected`. Parsing (bounded, line-aware) is in
`yaml_source`, per-file validation in `validation`; this module merges the files and checks ids
and references across them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.model import Document, Entity, Fact, KnowledgeFile, Speaker, SynonymGroup
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.validation import SECTIONS, parse_file
from bot.knowledge.yaml_source import position

__all__ = [
    "Knowledge",
    "KnowledgeError",
    "Problem",
    "directory_version",
    "knowledge_files",
    "load_directory",
    "parse_file",
]


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
            try:
                digest.update(names[name].read_bytes())
            except OSError as exc:  # unreadable: the loader reports it; the hash must not fail
                digest.update(f"unreadable {exc.errno}".encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


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
        return name, position(data, (section, index, *path))[0]

    for name, model, data in parsed:
        for section in SECTIONS:
            target = getattr(kb, section)
            for index, item in enumerate(getattr(model, section)):
                if item is None:  # invalid, already reported
                    continue
                where = position(data, (section, index, "id"))[0]
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

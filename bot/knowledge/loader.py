"""Load a knowledge directory: every file parsed, validated and cross-checked together.

Errors are collected rather than raised one at a time, so an admin sees the whole list after one
edit: `file:line: field: what is wrong and what is expected`. Parsing (bounded, line-aware) is in
`yaml_source`, per-file validation in `validation`, what spans files in `crosscheck`; this
module finds the files, hashes them and puts the pieces together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.crosscheck import merge_and_check
from bot.knowledge.model import Document, Entity, Fact, Speaker, SynonymGroup
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.validation import ParsedFile, parse_file

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


def _candidates(directory: Path) -> list[Path]:
    """Every non-hidden YAML file under the directory, links included.

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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def knowledge_files(directory: Path) -> list[Path]:
    """Every knowledge file of the directory, sorted for a stable version hash.

    A link to a file outside the folder is not one: it would be served and exported but never
    watched, and it lets the folder read anything on the machine (`outside_links` names them).
    """
    return [p for p in _candidates(directory) if _inside(p, directory)]


def outside_links(directory: Path) -> list[str]:
    """Names of the YAML links that lead out of the knowledge folder: refused."""
    return [
        p.relative_to(directory).as_posix()
        for p in _candidates(directory)
        if not _inside(p, directory)
    ]


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
    problems = [
        Problem(
            name,
            1,
            "file",
            "links to a file outside the knowledge folder; refused"
            " (copy the file into the folder instead)",
        )
        for name in outside_links(directory)
    ]
    parsed: list[tuple[str, ParsedFile]] = []
    for name in sorted(paths):
        file = parse_file(paths[name], name, overrides.get(name))
        problems.extend(file.problems)
        if file.model is not None:
            parsed.append((name, file))
    if not paths:
        problems.append(
            Problem(str(directory), 0, "directory", "contains no .yaml knowledge files")
        )
    version = directory_version(directory, overrides)
    knowledge = Knowledge(version=version, files=tuple(sorted(paths)))
    problems.extend(merge_and_check(parsed, knowledge, directory))
    if problems:
        raise KnowledgeError(list(dict.fromkeys(problems)))  # one mistake, one line
    return knowledge

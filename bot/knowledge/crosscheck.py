"""Merge the validated files into one knowledge base and check what spans them: unique ids,
references that resolve, texts in their document's language, and the README's writing rules.

A reference to an item that exists but failed validation is not reported again: its own error
says what to fix, and one mistake is reported once (a speaker with an unknown kind is one
error, not one more per fact that cites it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.knowledge.locations import position
from bot.knowledge.problems import Problem
from bot.knowledge.rules import alias_findings, attribution_findings
from bot.knowledge.validation import SECTIONS, ParsedFile

if TYPE_CHECKING:
    from bot.knowledge.loader import Knowledge


class _Merger:
    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.problems: list[Problem] = []
        self.origin: dict[tuple[str, str], tuple[str, Any, int]] = {}
        self.broken: dict[str, set[str]] = {section: set() for section in SECTIONS}

    def at(self, section: str, item_id: str, *path: Any) -> tuple[str, int, int]:
        name, data, index = self.origin[(section, item_id)]
        line, column = position(data, (section, index, *path))
        return name, line, column

    def report(self, section: str, item_id: str, path: tuple[Any, ...], message: str) -> None:
        file, line, column = self.at(section, item_id, *path)
        label = ".".join(str(p) for p in path if not isinstance(p, int))
        field = f"{section}[{item_id}]" + (f".{label}" if label else "")
        self.problems.append(Problem(file, line, field, message, column))

    def add(self, name: str, parsed: ParsedFile) -> None:
        assert parsed.model is not None
        for section, ids in parsed.broken.items():
            self.broken[section] |= ids
        for section in SECTIONS:
            target = getattr(self.kb, section)
            for index, item in enumerate(getattr(parsed.model, section)):
                if item is None:  # invalid, already reported
                    continue
                if (section, item.id) in self.origin:
                    first_file, first_line, _ = self.at(section, item.id, "id")
                    line, column = position(parsed.data, (section, index, "id"))
                    message = f"duplicate id, already defined at {first_file}:{first_line}"
                    self.problems.append(
                        Problem(name, line, f"{section}[{item.id}].id", message, column)
                    )
                    continue
                self.origin[(section, item.id)] = (name, parsed.data, index)
                target[item.id] = item

    def known(self, section: str, item_id: str) -> bool:
        """Defined, or defined but invalid (then its own error is the one to fix)."""
        return item_id in getattr(self.kb, section) or item_id in self.broken[section]


def merge_and_check(
    parsed: list[tuple[str, ParsedFile]], kb: Knowledge, directory: Path
) -> list[Problem]:
    """Fill `kb` from the parsed files; every problem found across them."""
    merger = _Merger(kb)
    for name, file in parsed:
        merger.add(name, file)
    report, known = merger.report, merger.known
    for speaker in kb.speakers.values():
        for i, entity in enumerate(speaker.entities):
            if not known("entities", entity):
                message = f"unknown entity id {entity!r}; define it under entities"
                report("speakers", speaker.id, ("entities", i), message)
    for document in kb.documents.values():
        if document.source_file and not (directory / document.source_file).is_file():
            message = f"file {document.source_file!r} not found in the knowledge directory"
            report("documents", document.id, ("source_file",), message)
        if not document.title.has(document.language):
            message = f"is required: the title in the document's language ({document.language})"
            report("documents", document.id, ("title", document.language), message)
    for fact in kb.facts.values():
        if not known("documents", fact.document):
            message = (
                f"unknown document id {fact.document!r}; expected one of {sorted(kb.documents)}"
            )
            report("facts", fact.id, ("document",), message)
        source = kb.documents.get(fact.document)
        if source is not None and not fact.text.has(source.language):
            message = f"is required: the text in the document's language ({source.language})"
            report("facts", fact.id, ("text", source.language), message)
        if not known("speakers", fact.speaker):
            message = f"unknown speaker id {fact.speaker!r}; expected one of {sorted(kb.speakers)}"
            report("facts", fact.id, ("speaker",), message)
        for i, entity in enumerate(fact.entities):
            if not known("entities", entity):
                message = f"unknown entity id {entity!r}; define it under entities"
                report("facts", fact.id, ("entities", i), message)
    for finding in (*alias_findings(kb.entities), *attribution_findings(kb.facts, kb.speakers)):
        report(*finding)
    return merger.problems

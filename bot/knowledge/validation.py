"""Validate one parsed knowledge file against the model, item by item, with file:line errors.

Items are validated one by one and the valid ones kept, so one bad speaker is reported once
instead of also making every fact that cites it an "unknown speaker". Field paths name items by
their id (`facts[kim-meeting].text.en`) because that is what an admin searches for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.knowledge.model import Document, Entity, Fact, KnowledgeFile, Speaker, SynonymGroup
from bot.knowledge.problems import Problem
from bot.knowledge.yaml_source import parse_yaml, position, read_source, to_plain

SECTIONS = ("documents", "speakers", "entities", "synonyms", "facts")
_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "documents": Document,
    "speakers": Speaker,
    "entities": Entity,
    "synonyms": SynonymGroup,
    "facts": Fact,
}
MAX_SHOWN_VALUE = 60  # characters of a wrong value quoted back in a message


def field_name(loc: tuple[Any, ...], data: Any) -> str:
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
            shown = item_id if isinstance(item_id, str | int) else part
            parts[-1:] = [f"{parts[-1] if parts else ''}[{shown}]"]
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "file"


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


def parse_file(
    path: Path, display: str, text: str | None = None
) -> tuple[KnowledgeFile | None, Any, list[Problem]]:
    """Parse and validate one file; returns the model (or None), the raw data and problems.

    The raw data is ruamel.yaml's, whose mappings and lists know the line of each key and item
    (see `yaml_source.position`).
    """
    if text is None:
        text, problems = read_source(path, display)
        if text is None:
            return None, None, problems
    data, problems = parse_yaml(text, display)
    if data is None:
        return (KnowledgeFile() if not problems else None), data, problems
    if not isinstance(data, dict):
        message = f"expected a mapping with sections {', '.join(SECTIONS)}"
        problems.append(Problem(display, 1, "file", message))
        return None, data, problems
    plain = to_plain(data)
    for key in data:
        if key not in SECTIONS:
            message = f"unknown section; expected one of {', '.join(SECTIONS)}"
            problems.append(_at(display, data, (key,), str(key), message))
    sections: dict[str, list[Any]] = {}
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
                    problems.append(
                        _at(display, data, loc, field_name(loc, plain), error_message(error))
                    )
                valid.append(None)  # keeps positions aligned with the YAML for line lookups
    return KnowledgeFile.model_construct(None, **sections), data, problems

"""Where a value sits in a parsed knowledge file: its line and column, and its id path.

ruamel.yaml's mappings and lists remember where each key and item was written (`.lc`); these
helpers turn a validation location (`("facts", 3, "text", "en")`) into the line to look at and
into the path an admin searches for (`facts[kim-meeting].text.en`), and back from a line (a
comment's) to the path of the value written there.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

Loc = tuple[Any, ...]


def _where(node: Any, part: Any) -> tuple[int, int] | None:
    """The 0-based (line, column) of key or item `part` of `node`, if it has one."""
    try:
        if isinstance(node, CommentedMap) and part in node:
            return tuple(node.lc.key(part)[:2])
        if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            return tuple(node.lc.item(part)[:2])
    except (KeyError, IndexError, TypeError):  # a merged (<<) key has no position of its own
        return None
    return None


def position(data: Any, loc: Loc) -> tuple[int, int]:
    """The 1-based (line, column) of the deepest node of `loc` that exists in the parsed YAML."""
    line, column = 1, 0
    if isinstance(data, CommentedMap | CommentedSeq):
        line, column = data.lc.line + 1, data.lc.col + 1
    node = data
    for part in loc:
        where = _where(node, part)
        if where is None:
            break
        line, column = where[0] + 1, where[1] + 1
        node = node[part]
    return line, column


def loc_at_line(data: Any, line: int) -> Loc:
    """The location of the last key or item written at or before `line` (1-based), deepest
    first: a comment at the end of `kind: experts  # TODO` belongs to that `kind`."""
    loc: list[Any] = []
    node = data
    while isinstance(node, CommentedMap | CommentedSeq):
        parts = list(node) if isinstance(node, CommentedMap) else range(len(node))
        best = None
        for part in parts:
            where = _where(node, part)
            if where is not None and where[0] + 1 <= line:
                best = part
        if best is None:
            break
        loc.append(best)
        node = node[best]
    return tuple(loc)


def field_name(loc: Loc, data: Any) -> str:
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

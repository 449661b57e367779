"""Changes that remove most facts wait for an admin's explicit confirmation.

A truncated save, a file half-copied, an upload of the wrong file: each would leave users with
almost nothing to read, and none is an error the loader can see. So a change that removes more
than MAX_REMOVED_SHARE of the facts is held, and the current knowledge keeps serving until an
admin confirms that exact change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

MAX_REMOVED_SHARE = 0.5  # removing more than this share of the facts waits for a confirmation


@dataclass(frozen=True)
class Held:
    """A change that waits for an admin: it would serve `version` with `after` of `before` facts."""

    version: str
    before: int
    after: int


class UploadHeld(Exception):
    """An upload that would remove too many facts: nothing was written."""

    def __init__(self, name: str, held: Held):
        self.name, self.held = name, held
        super().__init__(f"{name} would keep {held.after} of {held.before} facts")


def removes_too_much(before: Collection[str], after: Collection[str]) -> bool:
    removed = len(set(before) - set(after))
    return bool(before) and removed > MAX_REMOVED_SHARE * len(before)

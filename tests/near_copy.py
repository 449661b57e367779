"""The near-copy measure of the eval-copy checks (tests/answer/test_no_eval_copies.py,
tests/answer/test_own_questions.py): difflib's ratio of two questions after lower-casing, accent
folding and whitespace collapsing, the same measure the shared before-stop check uses. Kept in
one place so every check counts a copy the same way."""

from __future__ import annotations

import difflib
import unicodedata

NEAR_COPY = 0.85  # the ratio from which a question counts as a copy of another


def norm(text: str) -> str:
    """Lower-case, accent-free text with its whitespace collapsed: what the ratio compares."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def is_near_copy(matcher: difflib.SequenceMatcher[str], threshold: float = NEAR_COPY) -> bool:
    """The matcher's ratio() >= threshold; its cheap upper bounds are tried first, and they
    decide most pairs."""
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )

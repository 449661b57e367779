"""The knowledge must not memorise the evaluation: no alternate question may copy, or nearly
copy, a question of ../shared/eval (the dev score would then measure memory, not the method).

Similarity is tests/near_copy.py's measure (difflib's ratio after lower-casing, accent folding and
whitespace collapsing), the same measure the shared before-stop check uses.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml

from tests.conftest import BUNDLED_KNOWLEDGE, ROOT
from tests.near_copy import is_near_copy, norm

EVAL_DIR = ROOT.parent / "shared" / "eval"


OWN_QUESTIONS = ROOT / "tests" / "answer" / "own_questions.yaml"  # our blind set, same rule
OWN_QUESTIONS_R2 = ROOT / "tests" / "answer" / "own_questions_r2.yaml"  # the second blind set


def _eval_questions() -> list[str]:
    found = []
    for path in [*sorted(EVAL_DIR.glob("*.yaml")), OWN_QUESTIONS, OWN_QUESTIONS_R2]:
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        found += [norm(c["q"]) for c in cases if isinstance(c, dict) and c.get("q")]
    return found


def _alternate_questions(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        facts = data.get("facts") or [] if isinstance(data, dict) else []
        for fact in facts:
            for questions in ((fact or {}).get("questions") or {}).values():
                found += [(fact["id"], q) for q in questions or []]
    return found


def near_copies(evaluated: list[str], alternates: list[tuple[str, str]]) -> list[str]:
    """Alternates whose ratio against an evaluated question is NEAR_COPY or more, each analysed
    once (difflib caches what it learns of the second sequence)."""
    copies = []
    matcher = difflib.SequenceMatcher(None)
    for fact_id, question in alternates:
        matcher.set_seq2(norm(question))
        for theirs in evaluated:
            matcher.set_seq1(theirs)
            if is_near_copy(matcher):
                copies.append(f"{fact_id}: {question!r} ~ {theirs!r}")
    return copies


def test_the_measure_catches_a_near_copy() -> None:
    alternates = [("f", "Qui Kim Jong Un a-t-il rencontré ?"), ("g", "Combien coûte le gaz ?")]
    found = near_copies([norm("Qui Kim Jong Un a-t-il rencontré vendredi ?")], alternates)
    assert len(found) == 1 and found[0].startswith("f: 'Qui Kim Jong Un a-t-il rencontré ?'")


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not beside this checkout")
def test_no_alternate_question_copies_an_eval_question() -> None:
    evaluated = _eval_questions()
    assert evaluated, "no eval question found"
    assert near_copies(evaluated, _alternate_questions(BUNDLED_KNOWLEDGE)) == []

"""Answer quality on the project's own cases: one test per case, so a regression names the
question it breaks. The cases are varied phrasings (paraphrases, typos, short and cross-language
questions, near-miss refusals).

KNOWN_FAILURES lists the cases the method does not pass yet; they run as strict expected
failures, so fixing one makes its test fail until it is taken off the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.answer.engine import answer_question
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import fold

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "quality_cases.yaml").read_text(encoding="utf-8")
)
KNOWN_FAILURES = frozenset(
    {
        "Avec quel responsable russe Kim Jong Un s'est-il entretenu ?",
        "What's the broader international context?",
        "anti aircraft missles?",
        "Where were the North Korean soldiers deployed?",
        "Did Kim visit Moscow?",
        "Who represented Russia at the talks?",
        "Quel membre du gouvernement russe a vu Kim ?",
        "What did the two sides agree on?",
    }
)


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason="known failure")]
    return pytest.param(case, id=case["q"], marks=marks if case["q"] in KNOWN_FAILURES else ())


def test_known_failures_are_cases() -> None:
    assert {c["q"] for c in CASES} >= KNOWN_FAILURES


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(store: KnowledgeStore, case: dict[str, Any]) -> None:
    reply = answer_question(store, case["q"])
    assert reply.answered == case["answered"], reply.plain_text()
    if case["lang"]:
        assert reply.language == case["lang"]
    text = fold(reply.plain_text())
    assert not case["must"] or any(fold(m) in text for m in case["must"]), reply.plain_text()

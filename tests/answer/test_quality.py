"""Answer quality on the project's own cases: a floor that catches regressions of the method.

The cases are varied phrasings (paraphrases, typos, short and cross-language questions,
near-miss refusals); known weak spots (role confusions such as "Did South Korea send troops?")
are kept in the file so that improving them shows up here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.answer.engine import answer_question
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import fold

CASES = yaml.safe_load((Path(__file__).parent / "quality_cases.yaml").read_text(encoding="utf-8"))


def _passes(store: KnowledgeStore, case: dict) -> bool:
    reply = answer_question(store, case["q"])
    if reply.answered != case["answered"]:
        return False
    if case["lang"] and reply.language != case["lang"]:
        return False
    text = fold(reply.plain_text())
    return not case["must"] or any(fold(m) in text for m in case["must"])


def test_quality_floor(store: KnowledgeStore) -> None:
    failures = [case["q"] for case in CASES if not _passes(store, case)]
    rate = 1 - len(failures) / len(CASES)
    assert rate >= 0.9, f"pass rate {rate:.0%}; failing: {failures}"


def test_refusals_are_mostly_kept(store: KnowledgeStore) -> None:
    refusals = [case for case in CASES if not case["answered"]]
    answered = [c["q"] for c in refusals if answer_question(store, c["q"]).answered]
    assert len(answered) <= 0.2 * len(refusals), answered

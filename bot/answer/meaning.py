"""What the sentence encoder adds to the word-based analysis: which facts are close in meaning
to the question, and whether a fact supplies the words of the question the knowledge does not
contain at all ("Which Russian official flew to Pyongyang?": "flew").

A word no fact contains is either another way of saying something a fact says (a paraphrase:
"flew" for a visit) or a detail the knowledge does not give ("wounded", "tanks", "salary"). The
test: remove those words from the question and compare it with the fact again. When the fact is
about them, the question loses some of its closeness to the fact (or stays as close); when they
ask for something else, the question without them is *closer* to the fact. The similarity alone
never decides: it only tells whether the unknown words are supplied, and the other requirements
(names, the kind of answer, who did what) are checked on the words themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import strip_accents

# A fact supplies the question's unknown words when removing them from the question makes it
# no closer to the fact than this (calibrated on the project's labelled questions: see
# docs/answer_method.md).
SUPPLIED_DELTA = 0.003
# How many facts closest in meaning join the word-based candidates.
SEMANTIC_POOL = 5


class Scores(Mapping[str, float]):
    """Similarity by fact id, read from the array of scores (one per row of the store's
    vectors) only for the facts asked about: with 10,000 facts, a dict built per question
    cost more than encoding the question."""

    def __init__(self, rows: Mapping[str, int], scores: npt.NDArray[np.float32]) -> None:
        self._rows = rows
        self.array = scores

    def __getitem__(self, fact_id: str) -> float:
        return float(self.array[self._rows[fact_id]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@dataclass(frozen=True)
class Meaning:
    similarity: Scores  # cosine(question, fact) for every fact
    without_unknown: Scores | None  # the same without the unknown words, if any
    unknown: tuple[str, ...]  # the words of the question no fact contains
    ids: list[str]  # fact ids in the order of the scores' rows

    def supplies_unknown(self, fact_id: str) -> bool:
        """Whether the fact is about the question's unknown words (True when there are none)."""
        if not self.unknown:
            return True
        if self.without_unknown is None:  # the question is made of unknown words only
            return False
        gain = self.without_unknown[fact_id] - self.similarity[fact_id]
        return gain <= SUPPLIED_DELTA

    def nearest(self, count: int = SEMANTIC_POOL) -> list[str]:
        """The `count` closest facts; ties keep the order of the fact ids (a stable sort)."""
        order = np.argsort(-self.similarity.array, kind="stable")[:count]
        return [self.ids[row] for row in order.tolist()]


def understand(store: KnowledgeStore, text: str, unknown: tuple[str, ...]) -> Meaning:
    plain = " ".join(strip_accents(text).split())
    ids, rows = store.vectors[0], store.vector_rows
    similarity = Scores(rows, store.similarities(plain))
    without = None
    if unknown and ids:
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in unknown) + r")\b"
        reduced = " ".join(re.sub(pattern, " ", plain, flags=re.IGNORECASE).split())
        without = Scores(rows, store.similarities(reduced)) if reduced else None
    return Meaning(similarity, without, unknown, ids)

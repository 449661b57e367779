"""A read-only, in-memory view of one built index: facts, speakers, documents, entities.

One `KnowledgeStore` is one consistent version of the knowledge. A reload builds a new store and
swaps the reference, so a question in flight keeps the store it started with.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from bot.knowledge import encoder
from bot.knowledge.index import make_lexicon
from bot.knowledge.model import Document, Entity, Fact, Speaker
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import Lexicon, words

T = TypeVar("T")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(eq=False)  # compared by identity: one object is one version of the knowledge
class KnowledgeStore:
    path: Path
    version: str
    facts: dict[str, Fact]
    speakers: dict[str, Speaker]
    documents: dict[str, Document]
    entities: dict[str, Entity]
    lexicon: Lexicon
    vocabulary: frozenset[str]
    connection: sqlite3.Connection = field(repr=False)
    # Derived data computed on first use (e.g. a fact's analysed text): it lives and dies with
    # this version, so a reload never serves stale entries and old versions are not kept alive.
    _memo: dict[object, object] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def open(cls, path: Path) -> KnowledgeStore:
        """Load a built index. The connection stays open on the file it was opened on, even
        after a rebuild renames a new index over that path."""
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        rows = connection.execute
        meta = dict(rows("SELECT key, value FROM meta"))
        facts = {i: Fact.model_validate_json(d) for i, d in rows("SELECT id, data FROM facts")}
        speakers = {
            i: Speaker.model_validate_json(d) for i, d in rows("SELECT id, data FROM speakers")
        }
        documents = {
            i: Document.model_validate_json(d) for i, d in rows("SELECT id, data FROM documents")
        }
        entities = {
            i: Entity.model_validate_json(d) for i, d in rows("SELECT id, data FROM entities")
        }
        lexicon = make_lexicon(rows("SELECT phrase, concept FROM lexicon").fetchall())
        vocabulary = frozenset(w for (w,) in rows("SELECT word FROM vocabulary"))
        return cls(
            path,
            meta["version"],
            facts,
            speakers,
            documents,
            entities,
            lexicon,
            vocabulary,
            connection,
        )

    @cached_property
    def document_frequency(self) -> dict[str, int]:
        """How many facts contain each index term (for weighting question terms)."""
        return dict(self.connection.execute("SELECT term, doc FROM term_stats"))

    @cached_property
    def vectors(self) -> tuple[list[str], npt.NDArray[np.float32]]:
        """Fact ids and the matrix of their meaning vectors (row i is fact ids[i])."""
        rows = self.connection.execute(
            "SELECT f.fact_id, v.vector FROM fact_vectors f JOIN vectors v ON v.key = f.key"
            " ORDER BY f.fact_id"
        ).fetchall()
        return [fid for fid, _ in rows], encoder.from_bytes([blob for _, blob in rows])

    @cached_property
    def vector_rows(self) -> dict[str, int]:
        """The row of each fact in the `vectors` matrix."""
        return {fid: row for row, fid in enumerate(self.vectors[0])}

    def similarities(self, question: str) -> npt.NDArray[np.float32]:
        """Cosine similarity between the question's meaning and each fact's, one score per row
        of `vectors` (an array, not a dict: with 10,000 facts a dict per question cost more
        than the encoder)."""
        ids, matrix = self.vectors
        if not ids:
            return np.zeros(0, dtype=np.float32)
        return matrix @ encoder.query(question)

    @cached_property
    def fact_terms(self) -> dict[str, frozenset[str]]:
        """Every index term of each fact, all columns together."""
        rows = self.connection.execute("SELECT fact_id, body, questions, names FROM fact_terms")
        return {fid: frozenset(f"{b} {q} {n}".split()) for fid, b, q, n in rows}

    def search(self, match: str, limit: int = 12) -> list[tuple[str, float]]:
        """Facts matching an FTS5 query, best first, ranked by bm25 (lower is better)."""
        from bot.knowledge.index import COLUMN_WEIGHTS

        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        # No join in SQL: it ran for every matching row before the sort (most of the rows
        # with 10,000 facts); the few rows kept are named from a dict.
        sql = (
            f"SELECT rowid, bm25(fact_terms_fts, {weights}) AS score FROM fact_terms_fts"
            " WHERE fact_terms_fts MATCH ? ORDER BY score LIMIT ?"
        )
        names = self._fact_ids_by_rowid
        return [(names[row], score) for row, score in self.connection.execute(sql, [match, limit])]

    @cached_property
    def _fact_ids_by_rowid(self) -> dict[int, str]:
        return dict(self.connection.execute("SELECT rowid, fact_id FROM fact_terms"))

    @cached_property
    def _word_languages(self) -> dict[str, str]:
        """Words found only in the French or only in the English texts of the facts."""
        seen: dict[str, set[str]] = {}
        for fact in self.facts.values():
            for language in ("fr", "en"):
                for text in (fact.text.get(language), *fact.questions.get(language)):
                    for word in words(text):
                        seen.setdefault(word, set()).add(language)
        return {w: next(iter(langs)) for w, langs in seen.items() if len(langs) == 1}

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Words of entity names and aliases: a sentence starting with one starts with a name."""
        return frozenset(self.lexicon.vocabulary()) - STOPWORDS

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words the facts write in lower case: common words, never names."""
        texts = (fact.text.get(lang) for fact in self.facts.values() for lang in ("fr", "en"))
        return frozenset(w for text in texts for w in _WORD.findall(text) if w[0].islower())

    def language_of_word(self, word: str) -> str | None:
        return self._word_languages.get(word) if len(word) > 3 else None

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """`compute()` once per key for this version of the knowledge."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    @cached_property
    def sorted_vocabulary(self) -> list[str]:
        return sorted(self.vocabulary)

    def by_importance(self) -> list[Fact]:
        return sorted(self.facts.values(), key=lambda f: (-f.importance, f.id))

    def close(self) -> None:
        self.connection.close()

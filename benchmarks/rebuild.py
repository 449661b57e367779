"""A full index rebuild for real: every fact's meaning encoded (nothing cached), as when the
encoder changes or a first start meets 10,000 facts, while questions are answered from the
previous index. `make bench-rebuild` (10,000 facts; `python -m benchmarks.rebuild 2000` for
fewer). It is not in `make bench`: on the 2-core machine it takes about ten minutes.

Target (issue 9 item 7): a full rebuild of 10,000 facts in under 30 minutes, in the background,
with progress shown. The facts are the answer benchmark's synthetic ones (18 words of the real
vocabulary per language, about as long as a real fact); the build prints its progress as the
bot logs it, and one question every ANSWER_EVERY seconds measures what users wait meanwhile.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.answer_speed import ROOT, _percentile, _questions, _synthetic, print_results
from bot.answer.engine import answer_question
from bot.knowledge.build_progress import Phase
from bot.knowledge.index import build_index
from bot.knowledge.loader import load_directory
from bot.knowledge.store import KnowledgeStore

FACTS = 10_000
PRINT_EVERY_SECONDS = 60.0
ANSWER_EVERY = 1.0  # seconds between two questions asked during the rebuild


def _asking(store: KnowledgeStore, questions: list[str], stop: threading.Event) -> list[float]:
    """Milliseconds per answer from the previous index while the rebuild runs."""
    times: list[float] = []
    while not stop.wait(ANSWER_EVERY):
        start = time.perf_counter()
        answer_question(store, questions[len(times) % len(questions)])
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(facts: int = FACTS) -> dict[str, float]:
    kb = load_directory(ROOT / "knowledge")
    questions = _questions(kb)
    big = _synthetic(kb, facts)
    results: dict[str, float] = {"facts": float(len(big.facts))}
    load_before = os.getloadavg()[0]
    phases: dict[str, float] = {}
    last_print = [0.0]

    def progress(phase: Phase, done: int, total: int) -> None:
        now = time.perf_counter()
        phases.setdefault(phase, now)
        if done == total or now - last_print[0] >= PRINT_EVERY_SECONDS:
            last_print[0] = now
            elapsed = now - start
            print(f"  {elapsed:6.0f} s  {phase}: {done}/{total} ({100 * done // total}%)")

    with tempfile.TemporaryDirectory() as tmp:
        previous = Path(tmp) / "previous.db"
        build_index(kb, previous)  # the index serving meanwhile: the bundled knowledge
        store = KnowledgeStore.open(previous)
        answer_question(store, questions[0])
        stop = threading.Event()
        answers: list[float] = []
        asker = threading.Thread(target=lambda: answers.extend(_asking(store, questions, stop)))
        asker.start()
        start, start_cpu = time.perf_counter(), time.process_time()
        build_index(big, Path(tmp) / "rebuilt.db", progress)
        results["rebuild wall min"] = (time.perf_counter() - start) / 60
        results["rebuild CPU min (both threads)"] = (time.process_time() - start_cpu) / 60
        stop.set()
        asker.join()
        store.close()
    encode_start = phases.get("encode", start)
    results["encoding wall min"] = (phases.get("index", time.perf_counter()) - encode_start) / 60
    results["encoding s per fact"] = results["encoding wall min"] * 60 / len(big.facts)
    if len(answers) >= 2:
        results["answers meanwhile"] = float(len(answers))
        results["answer p50 ms meanwhile"] = statistics.median(answers)
        results["answer p99 ms meanwhile"] = _percentile(answers, 99)
    print_results("Full rebuild", load_before, results)
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else FACTS)

"""Answer speed and memory: in-process latency on the bundled knowledge and on 10,000 synthetic
facts, a 1,000-question batch and a cold single question as separate processes, the peak
memory of the batch process, and how long a new article takes to be served.

Targets (issue 9 item 7): p50 <= 50 ms and p99 <= 150 ms bundled; p99 <= 200 ms with 10,000
facts; batch of 1,000 < 90 s; one cold `ask` < 3 s; RSS <= 400 MB; one new article served within
30 s; a full rebuild of 10,000 facts < 30 min.

The 10,000 synthetic facts get random unit vectors (put in the encoder's cache) instead of 20,000
encoder calls: what is measured there is answering over 10,000 vectors. The encoding rate of a
full rebuild is measured on a sample of real passages and extrapolated (printed as such).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection
from pathlib import Path

import numpy as np
import yaml

from bot.answer.engine import answer_question
from bot.knowledge import encoder
from bot.knowledge.index import build_index, ensure_index, vector_text
from bot.knowledge.loader import Knowledge, load_directory
from bot.knowledge.model import Fact, LocalizedList, Text
from bot.knowledge.rules import attribution_findings
from bot.knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = ROOT / "tests" / "knowledge_multi" / "tessa-dam-accusation-2026-03-02.yaml"
SYNTHETIC_PER_FILE = 1000  # facts per synthetic knowledge file
ENCODING_SAMPLE = 32  # real passages encoded to estimate a full rebuild
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
    "How many North Korean soldiers were wounded?",
    "Which Russian official flew to Pyongyang?",
    "Bonjour, pourriez-vous me dire qui Kim a reçu ? Merci !",
]


def _questions(kb: Knowledge) -> list[str]:
    found = [q for f in kb.facts.values() for q in (*f.questions.fr, *f.questions.en)]
    return found + EXTRA_QUESTIONS


def _latencies(
    store: KnowledgeStore, questions: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per answer. The CPU time (this thread's) is what a
    question costs whatever else runs on the machine: on a shared, loaded machine the wall
    clock also counts the time spent waiting for a core."""
    for question in questions:  # warm caches, as a running bot has them
        answer_question(store, question)
    wall, cpu = [], []
    for _ in range(rounds):
        for question in questions:
            start, start_cpu = time.perf_counter(), time.thread_time()
            answer_question(store, question)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _percentiles(
    results: dict[str, float], label: str, wall: list[float], cpu: list[float]
) -> None:
    results[f"{label} p50 ms"] = statistics.median(wall)
    results[f"{label} p99 ms"] = _percentile(wall, 99)
    results[f"{label} CPU p50 ms"] = statistics.median(cpu)
    results[f"{label} CPU p99 ms"] = _percentile(cpu, 99)


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def _synthetic(kb: Knowledge, count: int) -> Knowledge:
    """`count` facts made of the real vocabulary, so the index is as dense as a real one."""
    rng = random.Random(7)
    vocabulary = sorted(
        {w for f in kb.facts.values() for w in f.text.get("en").split() if w.isalpha()}
    )
    fr_vocabulary = sorted(
        {w for f in kb.facts.values() for w in f.text.get("fr").split() if w.isalpha()}
    )
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
            text=Text(fr=fr, en=en),
            entities=rng.sample(entities, 2),
            importance=rng.randint(1, 3),
            questions=LocalizedList(
                fr=[" ".join(rng.choices(fr_vocabulary, k=6)) + " ?"],
                en=[" ".join(rng.choices(vocabulary, k=6)) + "?"],
            ),
        )
    return Knowledge(kb.documents, kb.speakers, kb.entities, kb.synonyms, facts, "synthetic")


def _random_vectors(kb: Knowledge) -> None:
    rng = np.random.default_rng(7)
    for fact in kb.facts.values():
        vector = rng.standard_normal(encoder.DIMENSION).astype(np.float32)
        vector /= np.linalg.norm(vector)
        encoder.remember(encoder.passage_key(vector_text(fact)), vector.tobytes())


def _wall(command: list[str], stdin: str | None = None) -> float:
    return _run(command, stdin)[0]


def _run(command: list[str], stdin: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of the command's own process. The peak is its VmHWM,
    read while it runs: RUSAGE_CHILDREN would count this benchmark's own size too (Linux keeps
    the forked parent's peak across exec)."""
    start = time.perf_counter()
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    ) as process:
        peak = [0.0]

        def sample() -> None:
            status = Path(f"/proc/{process.pid}/status")
            while process.poll() is None:
                with contextlib.suppress(OSError, ValueError):
                    for line in status.read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peak[0] = max(peak[0], int(line.split()[1]) / 1024)
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        process.communicate((stdin or "").encode())
        sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - start, peak[0]


def _new_article_served(tmp: Path, extra: Knowledge | None = None) -> float:
    """Seconds from a new article file to an index that serves it (the previous index's
    vectors are reused, only the new facts are encoded); `extra`: synthetic facts written
    into the knowledge folder first, in files of their own."""
    knowledge = tmp / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    if extra is not None:
        # Random words sometimes start with an attribution the rules refuse (1 in 10,000).
        refused = {f.item_id for f in attribution_findings(extra.facts, extra.speakers)}
        facts = [
            fact.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            for fact in extra.facts.values()
            if fact.id.startswith("synthetic-") and fact.id not in refused
        ]
        for first in range(0, len(facts), SYNTHETIC_PER_FILE):  # files have a size limit
            chunk = {"facts": facts[first : first + SYNTHETIC_PER_FILE]}
            (knowledge / f"synthetic-{first}.yaml").write_text(yaml.safe_dump(chunk))
    index = tmp / "served.db"
    ensure_index(knowledge, index)
    shutil.copy(NEW_ARTICLE, knowledge / NEW_ARTICLE.name)
    text = NEW_ARTICLE.parent / "articles" / NEW_ARTICLE.name.replace(".yaml", ".en.txt")
    shutil.copy(text, knowledge / "articles" / text.name)
    # Its speakers, entities and synonyms, without those the bundled knowledge already has.
    shared = yaml.safe_load((NEW_ARTICLE.parent / "shared.yaml").read_text(encoding="utf-8"))
    known = load_directory(ROOT / "knowledge")
    taken: dict[str, Collection[str]] = {
        "speakers": known.speakers,
        "entities": known.entities,
        "synonyms": known.synonyms,
    }
    for section, items in taken.items():
        shared[section] = [i for i in shared.get(section, []) if i["id"] not in items]
    (knowledge / "shared-new.yaml").write_text(yaml.safe_dump(shared, allow_unicode=True))
    start = time.perf_counter()
    ensure_index(knowledge, index)
    store = KnowledgeStore.open(index)
    answer_question(store, "Who accuses Valdoria?")
    store.close()
    return time.perf_counter() - start


def main() -> dict[str, float]:
    load_before = os.getloadavg()[0]
    kb = load_directory(ROOT / "knowledge")
    questions = _questions(kb)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled.db"
        build_index(kb, bundled)
        store = KnowledgeStore.open(bundled)
        _percentiles(results, "bundled", *_latencies(store, questions, rounds=5))
        store.close()

        sample = [f"{f.text.en} ({i})" for i, f in enumerate(list(kb.facts.values()))]
        sample = (sample * (ENCODING_SAMPLE // len(sample) + 1))[:ENCODING_SAMPLE]
        start = time.perf_counter()
        encoder.passages(sample)
        per_passage = (time.perf_counter() - start) / len(sample)
        results["encoding s per fact"] = per_passage
        results["10k rebuild encoding min (extrapolated)"] = per_passage * 10_000 / 60

        big = _synthetic(kb, 10_000)
        _random_vectors(big)
        large = Path(tmp) / "large.db"
        start = time.perf_counter()
        build_index(big, large)
        results["10k build s (vectors cached)"] = time.perf_counter() - start
        store = KnowledgeStore.open(large)
        _percentiles(results, "10k", *_latencies(store, questions, rounds=1))
        store.close()
        results["new article served s"] = _new_article_served(Path(tmp) / "bundled")
        results["new article served s (10k facts)"] = _new_article_served(Path(tmp) / "10k", big)

    python = sys.executable
    _wall([python, "-m", "bot", "knowledge", "build", "--if-stale"])
    batch = "\n".join((questions * (1000 // len(questions) + 1))[:1000]) + "\n"
    wall, peak = _run([python, "-m", "bot", "ask", "--json", "--batch", "-"], batch)
    results["batch 1000 wall s"] = wall
    results["batch peak RSS MB"] = peak
    results["cold ask wall s"] = min(
        _wall([python, "-m", "bot", "ask", "Qui Kim Jong Un a-t-il rencontré ?"]) for _ in range(3)
    )
    print_results("Answer speed", load_before, results, f"{len(questions)} distinct questions, ")
    return results


def print_results(
    title: str, load_before: float, results: dict[str, float], detail: str = ""
) -> None:
    """One Markdown block per run, with the date and the load: on this shared machine the wall
    clock follows the load, so a figure without it cannot be compared."""
    load = f"load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    print(f"## {title} ({dt.date.today()}, {detail}{load})")
    for name, value in results.items():
        print(f"- {name}: {value:.3f}")


if __name__ == "__main__":
    main()

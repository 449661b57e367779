"""Drafting quality on the gold articles of benchmarks/drafting/ (`make bench`).

Each article is drafted by the real command, `briefbot knowledge draft`, against the bundled
knowledge (its known speakers and entities), and the draft file it writes is read back. Every
gold claim is looked up among the drafted facts by a phrase of its text; it is right when the
drafted speaker is the gold speaker and the claim type is the gold type. A claim is *made
stronger* when a hedged claim (estimate, unverified report, accusation) is drafted as a
statement, background or analysis, or when an attributed claim is given to the article.
`python -m benchmarks.drafting_gold -v` also lists every wrong claim and every new speaker
proposed with a kind its gold speaker does not allow.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.knowledge.loader import load_directory
from bot.knowledge.terms import fold

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "benchmarks" / "drafting"
KNOWLEDGE = ROOT / "knowledge"
HEDGED = frozenset({"estimate", "unverified_report", "accusation"})
FIRM = frozenset({"statement", "background", "analysis"})
TARGET_RIGHT = 0.90


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@dataclass
class Drafted:
    """One fact of the draft file, as the reviewer would see it."""

    id: str
    speaker: str
    speaker_name: str
    speaker_kind: str
    claim_type: str
    text: str
    event_date: dt.date | None


@dataclass
class Result:
    name: str
    heldout: bool = False  # never looked at while developing
    claims: int = 0
    right: int = 0
    speaker_right: int = 0
    type_right: int = 0
    stronger: int = 0
    missed: int = 0
    split_quotes: int = 0
    dates: int = 0
    dates_right: int = 0
    credits_kept: int = 0
    candidates: int = 0
    unmatched_candidates: int = 0
    duplicate_speakers: int = 0
    new_speakers: int = 0
    kinds_right: int = 0
    wrong: list[str] = field(default_factory=list)
    wrong_kinds: list[str] = field(default_factory=list)


def run_draft(article: Path, language: str, published: str, output: Path) -> str:
    """The draft YAML written by `briefbot knowledge draft` (its options as documented), run
    in-process by click's runner: the same command, without a Python start per article."""
    arguments = [
        "knowledge", "draft", str(article), "--lang", language,
        "--document-id", article.name.split(".")[0], "--date", published,
        "--output", str(output), "--force",
    ]  # fmt: skip
    done = CliRunner(env={"KNOWLEDGE_DIR": str(KNOWLEDGE)}).invoke(cli, arguments)
    if done.exit_code != 0:
        reason = done.output.strip() or repr(done.exception)
        raise RuntimeError(f"knowledge draft failed on {article.name}: {reason}")
    return output.read_text(encoding="utf-8")


def read_draft(text: str, language: str) -> tuple[list[Drafted], dict[str, tuple[str, str]]]:
    """The drafted facts, and the new speakers the draft proposes (id -> name, kind)."""
    data = yaml.safe_load(text) or {}
    known = load_directory(KNOWLEDGE).speakers
    speakers: dict[str, tuple[str, str]] = {
        s.id: (s.name.get(language), s.kind) for s in known.values()
    }
    proposed: dict[str, tuple[str, str]] = {}
    for entry in data.get("speakers") or []:
        name = (entry.get("name") or {}).get(language, entry["id"])
        proposed[entry["id"]] = (str(name), str(entry.get("kind", "")))
    speakers.update(proposed)
    facts = []
    for entry in data.get("facts") or []:
        name, kind = speakers.get(entry["speaker"], (entry["speaker"], ""))
        date = entry.get("event_date")
        facts.append(
            Drafted(
                id=entry["id"],
                speaker=entry["speaker"],
                speaker_name=name,
                speaker_kind=kind,
                claim_type=entry["claim_type"],
                text=str((entry.get("text") or {}).get(language, "")),
                event_date=date if isinstance(date, dt.date) else None,
            )
        )
    return facts, proposed


def speaker_matches(gold: dict[str, Any], fact: Drafted) -> bool:
    """The drafted speaker is the gold one: one of its ids, or a name naming it."""
    if fact.speaker in _as_list(gold.get("ids")):
        return True
    if fact.speaker_kind == "article":
        return False
    name = fold(fact.speaker_name)
    return any(fold(n) in name for n in _as_list(gold.get("names")))


def score(gold_file: Path, workdir: Path) -> Result:
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    language = gold["language"]
    article = GOLD_DIR / "articles" / gold["article"]
    text = run_draft(article, language, str(gold["published"]), workdir / f"{gold_file.stem}.yaml")
    facts, proposed = read_draft(text, language)
    speakers: dict[str, dict[str, Any]] = gold["speakers"]
    result = Result(gold_file.stem, bool(gold.get("heldout")), candidates=len(facts))
    used: set[str] = set()
    drafted_for: dict[str, set[str]] = {}
    for claim in gold["claims"]:
        result.claims += 1
        match = fold(claim["match"])
        fact = next((f for f in facts if match in fold(f.text)), None)
        if fact is None:
            result.missed += 1
            result.wrong.append(f"missed: {claim['match']!r}")
            continue
        used.add(fact.id)
        whole = all(fold(part) in fold(fact.text) for part in _as_list(claim.get("also")))
        result.split_quotes += not whole
        gold_speakers = _as_list(claim["speaker"])
        types = _as_list(claim["type"])
        speaker_ok = any(speaker_matches(speakers[s], fact) for s in gold_speakers)
        type_ok = fact.claim_type in types
        result.speaker_right += speaker_ok
        result.type_right += type_ok
        result.right += speaker_ok and type_ok and whole
        if speaker_ok:
            for s in gold_speakers:
                drafted_for.setdefault(s, set()).add(fact.speaker)
        attributed = "article" not in gold_speakers
        if (set(types) <= HEDGED and fact.claim_type in FIRM) or (
            attributed and fact.speaker_kind == "article"
        ):
            result.stronger += 1
        if "date" in claim:
            result.dates += 1
            result.dates_right += fact.event_date == claim["date"]
        if not (speaker_ok and type_ok and whole):
            result.wrong.append(
                f"{claim['match']!r}: drafted {fact.speaker}/{fact.claim_type}"
                f" (gold {'|'.join(gold_speakers)}/{'|'.join(types)})"
                + ("" if whole else ", quotation split")
            )
    result.unmatched_candidates = sum(f.id not in used for f in facts)
    result.duplicate_speakers = sum(len(ids) - 1 for ids in drafted_for.values())
    credits = [fold(c) for c in _as_list(gold.get("not_in_facts"))]
    result.credits_kept = sum(any(c in fold(f.text) for c in credits) for f in facts)
    result.new_speakers = len(proposed)
    for speaker_id, (name, kind) in proposed.items():
        owner = next(
            (g for g in speakers.values() if speaker_matches(g, _probe(speaker_id, proposed))),
            None,
        )
        kinds = _as_list(owner.get("kinds")) if owner is not None else []
        result.kinds_right += kind in kinds
        if kind not in kinds:
            result.wrong_kinds.append(
                f"kind: {name!r} drafted {kind} (gold {'|'.join(kinds) or 'no speaker'})"
            )
    return result


def _probe(speaker_id: str, proposed: dict[str, tuple[str, str]]) -> Drafted:
    name, kind = proposed[speaker_id]
    return Drafted(speaker_id, speaker_id, name, kind, "", "", None)


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def report(results: list[Result], verbose: bool) -> str:
    header = (
        "| Article | Claims | Right speaker and type | Speaker | Type | Made stronger | Missed"
        " | Quotes split | Dates right | Credits kept | Candidates (unmatched)"
        " | New speakers (kind right) | Duplicate speakers |"
    )
    lines = [header, "|" + "---|" * 13]
    for r in results:
        lines.append(
            f"| {r.name}{' (blind)' if r.heldout else ''} | {r.claims}"
            f" | {r.right} ({_pct(r.right, r.claims)}) | {r.speaker_right}"
            f" | {r.type_right} | {r.stronger} | {r.missed} | {r.split_quotes}"
            f" | {r.dates_right}/{r.dates} | {r.credits_kept}"
            f" | {r.candidates} ({r.unmatched_candidates}) | {r.new_speakers} ({r.kinds_right})"
            f" | {r.duplicate_speakers} |"
        )
    for label, group in (("Development", False), ("Written blind (see docs)", True)):
        chosen = [r for r in results if r.heldout == group]
        claims = sum(r.claims for r in chosen)
        right = sum(r.right for r in chosen)
        lines.append(
            f"\n{label}: {right}/{claims} right ({_pct(right, claims)}), target >="
            f" {TARGET_RIGHT:.0%} per article; made stronger:"
            f" {sum(r.stronger for r in chosen)} (target 0)"
        )
    if verbose:
        for r in results:
            lines.append(f"\n{r.name}:")
            lines.extend(f"  - {w}" for w in r.wrong + r.wrong_kinds)
    return "\n".join(lines)


def gold_files(heldout: bool | None = None) -> list[Path]:
    """The gold files, all of them or only the held-out (or development) ones."""
    files = sorted((GOLD_DIR / "gold").glob("*.yaml"))
    if heldout is None:
        return files
    return [
        f
        for f in files
        if bool(yaml.safe_load(f.read_text(encoding="utf-8")).get("heldout")) == heldout
    ]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        results = [score(g, Path(tmp)) for g in gold_files()]
    print(report(results, verbose="-v" in args))


if __name__ == "__main__":
    main()

"""Knowledge snippets and directory snapshots shared by the knowledge and admin tests."""

from __future__ import annotations

from pathlib import Path

ARTICLE_FILE = "coree-du-nord-russie-2024-11-30.yaml"
DOCUMENT = "coree-du-nord-russie-2024-11-30"
NEW_FACT_ID = "mongolia-yurt-festival"
NEW_FACT_QUESTION = "Quel festival la Mongolie a-t-elle organisé ?"

NEW_FACT_YAML = f"""\
facts:
  - id: {NEW_FACT_ID}
    document: {DOCUMENT}
    speaker: article
    claim_type: background
    text:
      fr: "La Mongolie a organisé un festival de yourtes géantes à Oulan-Bator."
      en: "Mongolia held a giant yurt festival in Ulaanbaatar."
"""

# Line 5 has a syntax error: an unquoted value containing ": ".
BROKEN_YAML = f"""\
facts:
  - id: broken-fact
    document: {DOCUMENT}
    speaker: article
    claim_type: background: oops
    text:
      fr: x
"""

# Valid YAML, but line 4 names a speaker that does not exist.
UNKNOWN_SPEAKER_YAML = f"""\
facts:
  - id: orphan-fact
    document: {DOCUMENT}
    speaker: nobody
    claim_type: background
    text:
      fr: "Un fait sans auteur connu."
      en: "A fact with no known speaker."
"""


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (hidden ones included) with its content."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def break_claim_type(path: Path) -> tuple[int, str]:
    """Make the first `claim_type: statement` of a file invalid: (its line, its fact's id)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fact_id = ""
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith("- id:"):
            fact_id = line.split(":", 1)[1].strip()
        if line.strip() == "claim_type: statement":
            lines[number - 1] = line.replace("statement", "claim")
            path.write_text("".join(lines), encoding="utf-8")
            return number, fact_id
    raise AssertionError(f"no claim_type: statement in {path}")

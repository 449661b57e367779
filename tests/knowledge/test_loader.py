"""Validation reports every problem with its file and line, and the bundled files are valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge.loader import KnowledgeError, load_directory
from tests.conftest import BUNDLED_KNOWLEDGE, briefbot


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_directory(directory)
    return [str(p) for p in caught.value.problems]


def _find_line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _fact_file(directory: Path) -> Path:
    return next(p for p in sorted(directory.glob("*.yaml")) if "facts:" in p.read_text())


def test_bundled_knowledge_validates() -> None:
    kb = load_directory(BUNDLED_KNOWLEDGE)
    assert len(kb.facts) >= 15
    assert {"statement", "accusation", "estimate", "unverified_report", "quote", "analysis"} <= {
        f.claim_type for f in kb.facts.values()
    }
    for fact in kb.facts.values():
        assert fact.text.fr and fact.text.en
        assert fact.questions.fr and fact.questions.en, f"{fact.id} has no alternate questions"


def test_check_command_summary_and_exit_codes(settings: Settings, knowledge_dir: Path) -> None:
    ok = briefbot(settings, "--lang", "en", "knowledge", "check", str(BUNDLED_KNOWLEDGE))
    assert ok.exit_code == 0, ok.stderr
    assert "document" in ok.stdout and "facts" in ok.stdout  # "1 document": plurals are right
    target = _fact_file(knowledge_dir)
    target.write_text(target.read_text().replace("claim_type: accusation", "claim_type: rumour", 1))
    bad = briefbot(settings, "knowledge", "check", str(knowledge_dir))
    assert bad.exit_code == 1
    line = _find_line(target, "claim_type: rumour")
    assert f"{target.name}:{line}: " in bad.stderr
    assert "rumour" in bad.stderr


def test_yaml_syntax_error_has_line(knowledge_dir: Path) -> None:
    target = knowledge_dir / "broken.yaml"
    target.write_text("facts:\n  - id: x\n    text: [unclosed\n")
    problems = _problems(knowledge_dir)
    assert any(p.startswith("broken.yaml:") and "syntax error" in p for p in problems)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("speaker: kcna", "speaker: nobody", "unknown speaker id 'nobody'"),
        ("claim_type: estimate", "claim_type: guess", "unknown value 'guess'"),
    ],
)
def test_reference_and_value_errors(knowledge_dir: Path, old: str, new: str, expected: str) -> None:
    target = _fact_file(knowledge_dir)
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    problems = _problems(knowledge_dir)
    line = _find_line(target, new)
    assert any(p.startswith(f"{target.name}:{line}: ") and expected in p for p in problems), (
        problems
    )


def test_every_error_kind_reported_together(knowledge_dir: Path) -> None:
    """One broken file with many mistakes: all of them are listed, each at its own line."""
    (knowledge_dir / "extra.yaml").write_text(
        """facts:
  - id: bad-one
    document: no-such-document
    speaker: kcna
    claim_type: statement
    text: {fr: "Un texte.", en: "   "}
    entities: [no-such-entity]
  - id: bad-two
    document: coree-du-nord-russie-2024-11-30
    speaker: kcna
    claim_type: quote
    text: {fr: "Une citation.", en: "A quote."}
  - id: bad-three
    document: coree-du-nord-russie-2024-11-30
    speaker: kcna
    claim_type: statement
    event_date: 2024-13-45
    text: {}
  - id: bad-three
    document: coree-du-nord-russie-2024-11-30
    speaker: kcna
    claim_type: statement
    text: {fr: "Texte.", en: "Text."}
"""
    )
    problems = [p for p in _problems(knowledge_dir) if p.startswith("extra.yaml:")]
    joined = "\n".join(problems)
    assert "extra.yaml:6: facts[bad-one].text.en: must not be empty" in joined
    assert "extra.yaml:8: facts[bad-two]: a fact with claim_type 'quote' needs a quote" in joined
    assert "extra.yaml:17: facts[bad-three].event_date: bad date" in joined
    # a fact may be in one language only (issue 10): with none, the text is what is missing
    assert "extra.yaml:18: facts[bad-three].text: needs a text in fr or en" in joined
    # with the field errors fixed, the item is valid and its broken references are reported
    (knowledge_dir / "extra.yaml").write_text(
        """facts:
  - id: bad-one
    document: no-such-document
    speaker: kcna
    claim_type: statement
    text: {fr: "Un texte.", en: "A text."}
    entities: [no-such-entity]
"""
    )
    joined = "\n".join(_problems(knowledge_dir))
    assert "extra.yaml:3: facts[bad-one].document: unknown document id 'no-such-document'" in joined
    assert "extra.yaml:7: facts[bad-one].entities: unknown entity id 'no-such-entity'" in joined


def test_duplicate_id_across_files(knowledge_dir: Path) -> None:
    kb = load_directory(knowledge_dir)
    fact = next(iter(kb.facts.values()))
    copy = knowledge_dir / "zz-copy.yaml"
    copy.write_text(
        "facts:\n"
        f"  - id: {fact.id}\n"
        f"    document: {fact.document}\n"
        f"    speaker: {fact.speaker}\n"
        "    claim_type: background\n"
        "    text: {fr: 'Texte.', en: 'Text.'}\n"
    )
    problems = _problems(knowledge_dir)
    assert any(p.startswith("zz-copy.yaml:2: ") and "duplicate id" in p for p in problems), problems


def test_one_bad_item_does_not_hide_the_rest_of_its_file(knowledge_dir: Path) -> None:
    """A mistake in one speaker is reported once; the file's other speakers stay known."""
    speakers = knowledge_dir / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    assert "kind: experts" in text
    speakers.write_text(text.replace("kind: experts", "kind: pundits", 1), encoding="utf-8")
    problems = _problems(knowledge_dir)
    line = _find_line(speakers, "kind: pundits")
    assert any(p.startswith(f"speakers.yaml:{line}: ") and "pundits" in p for p in problems)
    assert not any("unknown speaker id 'kcna'" in p for p in problems), problems
    assert all("unknown speaker id" not in p or "'experts'" in p for p in problems), problems

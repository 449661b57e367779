"""A file parsed without a problem is not parsed again while its name and content stay the same
(a reload after one new article re-reads every file: with 10,000 facts, seconds per 1,000)."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.loader import load_directory
from bot.knowledge.validation import parse_file


def test_an_unchanged_file_is_parsed_once_a_changed_one_again(knowledge_dir: Path) -> None:
    path = next(knowledge_dir.glob("*.yaml"))
    first = parse_file(path, path.name)
    assert not first.problems and first.model is not None
    assert parse_file(path, path.name) is first
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = parse_file(path, path.name)
    assert edited is not first and edited.model == first.model


def test_a_file_with_a_problem_is_checked_every_time(knowledge_dir: Path) -> None:
    path = knowledge_dir / "broken.yaml"
    path.write_text("facts:\n  - id: x\n    text: TODO\n", encoding="utf-8")
    first = parse_file(path, path.name)
    assert first.problems
    again = parse_file(path, path.name)
    assert again is not first and again.problems == first.problems


def test_reloading_the_same_files_gives_the_same_knowledge(knowledge_dir: Path) -> None:
    first = load_directory(knowledge_dir)
    again = load_directory(knowledge_dir)
    assert again.facts == first.facts and again.version == first.version
    assert again.facts is not first.facts  # a new Knowledge each time, shared frozen items

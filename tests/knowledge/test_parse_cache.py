"""A file parsed without a problem is not parsed again while its name and content stay the same
(a reload after one new article re-reads every file: with 10,000 facts, seconds per 1,000)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge import validation
from bot.knowledge.loader import load_directory
from bot.knowledge.validation import ParseCache, parse_file


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


def test_the_cache_holds_at_most_its_bound_dropping_the_least_recently_used(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (knowledge_dir / "speakers.yaml").read_text(encoding="utf-8")
    cache = ParseCache(max_chars=2 * len(text))  # room for two copies of the file
    monkeypatch.setattr(validation, "_cache", cache)
    paths = [knowledge_dir / f"copy-{name}.yaml" for name in "abc"]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    a, b, c = (parse_file(path, path.name) for path in paths)
    assert cache.chars == 2 * len(text)
    assert parse_file(paths[1], paths[1].name) is b  # b is now the most recently used
    assert parse_file(paths[2], paths[2].name) is c
    assert cache.chars == 2 * len(text)
    again = parse_file(paths[0], paths[0].name)  # a was dropped; parsing it drops b
    assert again is not a and again.model == a.model
    assert parse_file(paths[2], paths[2].name) is c
    assert parse_file(paths[1], paths[1].name) is not b
    assert cache.chars == 2 * len(text)


def test_a_file_larger_than_the_whole_bound_is_not_kept(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = knowledge_dir / "speakers.yaml"
    cache = ParseCache(max_chars=len(path.read_text(encoding="utf-8")) - 1)
    monkeypatch.setattr(validation, "_cache", cache)
    first = parse_file(path, path.name)
    assert not first.problems
    assert parse_file(path, path.name) is not first and cache.chars == 0


def test_reloading_the_same_files_gives_the_same_knowledge(knowledge_dir: Path) -> None:
    first = load_directory(knowledge_dir)
    again = load_directory(knowledge_dir)
    assert again.facts == first.facts and again.version == first.version
    assert again.facts is not first.facts  # a new Knowledge each time, shared frozen items

"""Hostile or broken knowledge files become file:line problems with a short excerpt, through
the real loader, the CLI and the running runtime: never a traceback, never the expanded input,
and the last good index keeps serving."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.knowledge.loader import KnowledgeError, load_directory
from bot.knowledge.yaml_source import MAX_DEPTH
from bot.runtime import Runtime


def _alias_bomb() -> str:
    """The "billion laughs": about 400 bytes that expand to 9**9 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
        previous = name
    return "\n".join(lines) + "\n"


def _deep_block(levels: int) -> str:
    return "facts:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, levels)) + "\n"


# name -> (content, expected line, words of the message)
HOSTILE: dict[str, tuple[bytes, int, str]] = {
    "bomb.yaml": (_alias_bomb().encode(), 5, "aliases expand"),
    "nul.yaml": (b"facts:\n  - id: x\x00y\n", 2, "U+0000 is not allowed"),
    "list-key.yaml": (b"facts:\n  ? [a, b]\n  : 1\n", 2, "a key must be plain text"),
    "deep-flow.yaml": (b"facts: " + b"[" * 500 + b"]" * 500 + b"\n", 1, "nested over"),
    "deep-block.yaml": (_deep_block(450).encode(), MAX_DEPTH + 1, "nested over"),
    "big-int.yaml": (b"facts:\n  - importance: " + b"9" * 5000 + b"\n", 2, "number of 5000"),
    "latin1.yaml": ("facts:\n  - id: café\n".encode("latin-1"), 2, "is not UTF-8 text"),
    "python-tag.yaml": (b"facts: !!python/object/apply:os.system [ls]\n", 1, "is not allowed"),
    "two-docs.yaml": (b"facts: []\n---\nfacts: []\n", 2, "syntax error"),
    "dup-key.yaml": (b"facts: []\nfacts: []\n", 2, "duplicate key"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_is_one_short_problem_at_its_line(knowledge_dir: Path, name: str) -> None:
    content, line, words = HOSTILE[name]
    (knowledge_dir / name).write_bytes(content)
    with pytest.raises(KnowledgeError) as caught:
        load_directory(knowledge_dir)
    mine = [p for p in caught.value.problems if p.file == name]
    assert [p.line for p in mine] == [line], mine
    assert words in mine[0].message
    assert len(str(mine[0])) < 250  # an excerpt, never the (expanded) input
    assert all(p.file == name for p in caught.value.problems), "other files stay valid"


def test_syntax_errors_give_the_column_and_an_excerpt(knowledge_dir: Path) -> None:
    (knowledge_dir / "broken.yaml").write_text("facts:\n  - id: x\n    claim_type: a: b\n")
    with pytest.raises(KnowledgeError) as caught:
        load_directory(knowledge_dir)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 18)
    assert str(problem).startswith("broken.yaml:3: yaml: syntax error: ")
    assert 'near "claim_type: a: b"' in str(problem)


def test_every_duplicate_key_is_reported_with_its_column(knowledge_dir: Path) -> None:
    (knowledge_dir / "dups.yaml").write_text(
        "facts:\n  - id: a\n    id: b\n    text: {fr: x, en: y, fr: z}\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_directory(knowledge_dir)
    duplicates = [
        (p.line, p.column, p.field) for p in caught.value.problems if "duplicate key" in p.message
    ]
    assert duplicates == [(3, 5, "id"), (4, 26, "fr")]


def test_an_unreadable_file_is_a_problem(
    knowledge_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as root, chmod 000 still reads: the refusal is simulated at the read itself."""
    locked = knowledge_dir / "locked.yaml"
    locked.write_text("facts: []\n")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(KnowledgeError) as caught:
        load_directory(knowledge_dir)
    assert [str(p) for p in caught.value.problems] == [
        "locked.yaml:1: file: cannot be read (permission denied)"
    ]


def _write_all_hostile(directory: Path) -> None:
    for name, (content, _, _) in HOSTILE.items():
        (directory / name).write_bytes(content)


def test_knowledge_check_lists_every_hostile_file(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_all_hostile(settings.KNOWLEDGE_DIR)
    assert main(["knowledge", "check", str(settings.KNOWLEDGE_DIR)]) == 1
    err = capsys.readouterr().err
    for name, (_, line, _) in HOSTILE.items():
        assert f"{name}:{line}: " in err
    assert err.count("lol") < 30  # the bomb is quoted by its line, never expanded
    assert "Traceback" not in err


def test_runtime_starts_on_the_last_good_index_and_reload_refuses(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = Runtime.start(settings)
    version = good.store.version
    good.close()
    _write_all_hostile(settings.KNOWLEDGE_DIR)
    runtime = Runtime.start(settings)  # logs the problems, serves the previous index
    try:
        assert runtime.store.version == version
        assert runtime.ask("Qui a rencontré Kim Jong Un ?", log_it=False).answered
        result = runtime.reload("test")
        assert not result.ok and result.version == version
        assert {p.file for p in result.problems} == set(HOSTILE)
    finally:
        runtime.close()
    for name in ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX", "BRIEFBOT_DB"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    capsys.readouterr()
    assert main(["ask", "Qui a rencontré Kim Jong Un ?"]) == 0
    assert "Kim Jong Un" in capsys.readouterr().out
    assert main(["knowledge", "build"]) == 1
    err = capsys.readouterr().err
    assert "bomb.yaml:5: " in err and "Traceback" not in err

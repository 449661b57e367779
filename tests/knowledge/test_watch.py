"""The knowledge watcher: real knowledge files trigger one callback, editor and backup files
never do."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from watchfiles import Change

from bot.knowledge.watch import is_knowledge_change, watch_knowledge


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("facts.yaml", True),
        ("sub/facts.yml", True),
        ("articles/text.txt", False),
        (".backups/facts.20241201T093000.yaml", False),
        (".facts.yaml.abc123.tmp", False),
        (".#facts.yaml", False),
        ("#facts.yaml#", False),
        (".facts.yaml.swp", False),
        ("facts.yaml~", False),
        ("facts.yaml.bak", False),
        ("4913", False),
    ],
)
def test_which_paths_count(tmp_path: Path, relative: str, expected: bool) -> None:
    assert is_knowledge_change(tmp_path, str(tmp_path / relative)) is expected


def test_paths_outside_the_directory_do_not_count(tmp_path: Path) -> None:
    assert not is_knowledge_change(tmp_path / "knowledge", str(tmp_path / "other.yaml"))


@contextlib.asynccontextmanager
async def watching(directory: Path) -> AsyncIterator[asyncio.Queue[set[str]]]:
    """Run the watcher; every batch of changed file names lands in the queue."""
    batches: asyncio.Queue[set[str]] = asyncio.Queue()
    stop = asyncio.Event()

    async def on_change(changes: set[tuple[Change, str]]) -> None:
        await batches.put({Path(path).name for _, path in changes})

    task = asyncio.create_task(
        watch_knowledge(directory, on_change, stop_event=stop, debounce_ms=200, stable_ms=50)
    )
    try:
        yield batches
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)


async def test_an_edit_is_reported_once_and_temporary_files_never(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    (directory / ".backups").mkdir(parents=True)
    async with watching(directory) as batches:
        # Whatever the watcher may see first, only the real file is ever reported.
        for attempt in range(50):
            (directory / ".backups" / f"facts.{attempt}.yaml").write_text("x")
            (directory / ".facts.yaml.tmp").write_text("x")
            (directory / "facts.yaml~").write_text("x")
            (directory / "facts.yaml").write_text(f"facts: [] # {attempt}\n")
            try:
                batch = await asyncio.wait_for(batches.get(), timeout=0.5)
            except TimeoutError:
                continue  # the watcher was not armed yet: write again
            assert batch == {"facts.yaml"}
            break
        else:
            raise AssertionError("the watcher never reported facts.yaml")


async def test_a_failing_callback_does_not_stop_watching(tmp_path: Path) -> None:
    calls: asyncio.Queue[int] = asyncio.Queue()
    stop = asyncio.Event()

    async def on_change(_changes: object) -> None:
        await calls.put(1)
        raise RuntimeError("reload exploded")

    task = asyncio.create_task(
        watch_knowledge(tmp_path, on_change, stop_event=stop, debounce_ms=100, stable_ms=50)
    )
    try:
        received = 0
        for attempt in range(100):
            (tmp_path / "facts.yaml").write_text(f"# {attempt}\n")
            try:
                await asyncio.wait_for(calls.get(), timeout=0.5)
            except TimeoutError:
                continue
            received += 1
            if received == 2:
                break
        assert received == 2
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)

"""The watcher waits for files to settle, and survives its folder being removed, recreated or
replaced, saying so."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from watchfiles import Change

from bot.knowledge.watch import FolderEvent, watch_knowledge


async def _until(condition: object, seconds: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_a_file_written_in_two_steps_is_handed_on_complete(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    seen: list[str] = []
    stop = asyncio.Event()

    async def on_change(changes: set[tuple[Change, str]]) -> None:
        seen.append((directory / "facts.yaml").read_text())

    task = asyncio.create_task(
        watch_knowledge(directory, on_change, stop_event=stop, debounce_ms=50, stable_ms=400)
    )
    try:
        await asyncio.sleep(0.5)  # let the watcher arm
        target = directory / "facts.yaml"
        with target.open("w") as stream:
            stream.write("facts:\n  - id: a\n")
            stream.flush()
            await asyncio.sleep(0.2)  # a slow copy: half the file is there for a while
            stream.write("  - id: b\n")
        await _until(lambda: bool(seen))
        assert seen[0].endswith("  - id: b\n"), seen
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)


async def test_the_folder_removed_recreated_and_replaced(tmp_path: Path) -> None:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    events: list[FolderEvent] = []
    changes_seen: list[set[str]] = []
    stop = asyncio.Event()

    async def on_folder(event: FolderEvent) -> None:
        events.append(event)

    async def on_change(changes: set[tuple[Change, str]]) -> None:
        changes_seen.append({Path(p).name for _, p in changes})

    task = asyncio.create_task(
        watch_knowledge(
            directory,
            on_change,
            on_folder=on_folder,
            stop_event=stop,
            debounce_ms=50,
            stable_ms=50,
            folder_check_seconds=0.1,
        )
    )
    try:
        await asyncio.sleep(0.3)
        shutil.rmtree(directory)
        await _until(lambda: events == ["removed"])
        directory.mkdir()
        await _until(lambda: events == ["removed", "restored"])
        await _until(lambda: {"knowledge"} in changes_seen)  # a reload of the new folder
        await asyncio.sleep(0.3)
        for attempt in range(40):  # edits in the recreated folder are seen
            (directory / "facts.yaml").write_text(f"facts: [] # {attempt}\n")
            await asyncio.sleep(0.25)
            if any("facts.yaml" in c for c in changes_seen):
                break
        assert any("facts.yaml" in c for c in changes_seen), changes_seen
        replacement = tmp_path / "knowledge.new"
        replacement.mkdir()
        (replacement / "facts.yaml").write_text("facts: []\n")
        shutil.rmtree(directory)
        replacement.rename(directory)  # a deploy swapping the folder
        await _until(lambda: events.count("restored") == 2)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)

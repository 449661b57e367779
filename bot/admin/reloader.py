"""Reload and upload from async code without blocking the bot, one change at a time.

Validating, building and opening the index can take a while, so `Runtime.prepare_reload` runs
in a worker thread; `Runtime.commit_reload` swaps the store and records the change on the event
loop, because the state database connection belongs to the loop's thread. A lock
serialises /reload, uploads and file-watcher reloads, so two builds never race and the audit
log attributes each change to whoever made it first.

A change that removes more than half of the facts (a truncated file, a wrong upload) is held
(`bot.admin.held`): the current knowledge keeps serving until an admin confirms it, also after a
restart (its index is kept aside, `bot.knowledge.kept`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.admin.held import Held, UploadHeld, removes_too_much
from bot.admin.uploads import UploadResult, finish_upload, prepare_upload
from bot.knowledge import kept
from bot.knowledge.upload import UploadRejected
from bot.runtime import ReloadResult, Runtime

FILE_EDIT = "file edit"  # the audit actor of changes picked up by the file watcher


@dataclass(frozen=True)
class Reloaded:
    result: ReloadResult
    changed: bool  # a new version is serving (False: nothing changed, it failed, or it is held)
    held: Held | None = None


class Reloader:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = asyncio.Lock()

    async def reload(self, actor: str, confirmed: str | None = None) -> Reloaded:
        """Validate and swap in the knowledge files; on error the current store keeps serving.

        A change removing most facts is held unless `confirmed` names its version.
        """
        async with self._lock:
            before = self.runtime.store
            prepared = await asyncio.to_thread(self.runtime.prepare_reload)
            new = prepared.store
            if (
                new is not None
                and confirmed != new.version
                and removes_too_much(before.facts, new.facts)
            ):
                held = Held(new.version, len(before.facts), len(new.facts))
                new.close()
                # The rebuilt index now holds the change: keep the served one for a restart.
                await asyncio.to_thread(kept.keep, self.runtime.settings.KNOWLEDGE_INDEX, before)
                return Reloaded(ReloadResult(True, before.version), False, held)
            result = self.runtime.commit_reload(prepared, actor)
            if result.ok:
                kept.discard(self.runtime.settings.KNOWLEDGE_INDEX)
            return Reloaded(result, result.ok and result.version != before.version)

    async def upload(
        self, file_name: str | None, content: bytes, actor: str, confirmed: bool = False
    ) -> UploadResult:
        """Install an uploaded knowledge file; raises `UploadRejected` (or `UploadHeld` when it
        removes most facts and is not `confirmed`) and changes nothing."""
        async with self._lock:
            installed, prepared = await asyncio.to_thread(
                prepare_upload, self.runtime, file_name, content, confirmed
            )
            result = finish_upload(self.runtime, installed, prepared, actor)
            if result.reload.ok:  # what serves is the files' content
                kept.discard(self.runtime.settings.KNOWLEDGE_INDEX)
            return result


__all__ = ["FILE_EDIT", "Held", "Reloaded", "Reloader", "UploadHeld", "UploadRejected"]

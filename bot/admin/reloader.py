"""Reload and upload from async code without blocking the bot, one change at a time.

Validating, building and opening the index can take a while, so `Runtime.prepare_reload` runs
in a worker thread; `Runtime.commit_reload` swaps the store and records the change on the event
loop, because the state database connection belongs to the loop's thread. A lock
serialises /reload, uploads and file-watcher reloads, so two builds never race and the audit
log attributes each change to whoever made it first.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.admin.uploads import UploadResult, finish_upload, prepare_upload
from bot.runtime import ReloadResult, Runtime

FILE_EDIT = "file edit"  # the audit actor of changes picked up by the file watcher


@dataclass(frozen=True)
class Reloaded:
    result: ReloadResult
    changed: bool  # a new version is serving (False: nothing changed, or it failed)


class Reloader:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._lock = asyncio.Lock()

    async def reload(self, actor: str) -> Reloaded:
        """Validate and swap in the knowledge files; on error the current store keeps serving."""
        async with self._lock:
            before = self.runtime.store.version
            prepared = await asyncio.to_thread(self.runtime.prepare_reload)
            result = self.runtime.commit_reload(prepared, actor)
            return Reloaded(result, result.ok and result.version != before)

    async def upload(self, file_name: str | None, content: bytes, actor: str) -> UploadResult:
        """Install an uploaded knowledge file; raises `UploadRejected` and changes nothing."""
        async with self._lock:
            installed, prepared = await asyncio.to_thread(
                prepare_upload, self.runtime, file_name, content
            )
            return finish_upload(self.runtime, installed, prepared, actor)

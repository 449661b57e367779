"""Install a knowledge file sent by an admin and swap in the knowledge it makes.

The file-level work (name, size, encoding, validation with the rest, atomic write with a
backup) is `bot.knowledge.upload`'s; this module sequences it with the runtime's reload, which
is why it lives here, above both.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from bot.admin.held import Held, UploadHeld, removes_too_much
from bot.knowledge.upload import Installed, UploadRejected, install, validate_upload
from bot.runtime import PreparedReload, ReloadResult, Runtime

# One upload at a time: validation, write and reload must not interleave with another upload.
_UPLOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class UploadResult:
    name: str
    backup: Path | None  # previous version, None for a new file or an identical one
    reload: ReloadResult


def prepare_upload(
    runtime: Runtime, file_name: str | None, content: bytes, confirmed: bool = False
) -> tuple[Installed, PreparedReload]:
    """Validate, install and build the new knowledge: the slow part, safe in a worker thread.

    Raises `UploadRejected` and leaves the files as they were when anything fails, and
    `UploadHeld`, writing nothing, when the file removes most facts and is not `confirmed`.
    """
    directory = runtime.settings.KNOWLEDGE_DIR
    with _UPLOAD_LOCK:
        name, text, knowledge = validate_upload(directory, file_name, content)
        before = runtime.store.facts
        if not confirmed and removes_too_much(before, knowledge.facts):
            raise UploadHeld(name, Held(knowledge.version, len(before), len(knowledge.facts)))
        existed = (directory / name).is_file()
        installed = Installed(directory, name, install(directory, name, text), existed)
        prepared = runtime.prepare_reload()
        if prepared.problems:  # another file changed since the validation
            installed.undo()
            raise UploadRejected(list(prepared.problems))
        return installed, prepared


def finish_upload(
    runtime: Runtime, installed: Installed, prepared: PreparedReload, actor: str
) -> UploadResult:
    """Swap in the new knowledge and record who changed it, on the state database's thread."""
    result = runtime.commit_reload(prepared, actor)
    return UploadResult(installed.name, installed.backup, result)


def upload_file(
    runtime: Runtime, file_name: str | None, content: bytes, actor: str, confirmed: bool = False
) -> UploadResult:
    """Validate, install and reload in one call (synchronous callers and tests; the bot goes
    through `bot.admin.reloader`, which prepares in a worker thread)."""
    installed, prepared = prepare_upload(runtime, file_name, content, confirmed)
    return finish_upload(runtime, installed, prepared, actor)

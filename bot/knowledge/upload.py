"""Install a knowledge file sent by an admin: check it, validate it with the rest, write it safely.

Nothing on disk changes unless the whole directory validates with the new file in place. The
file is written atomically (temporary file, then rename), after the previous version is kept in
`KNOWLEDGE_DIR/.backups/` (a hidden folder the loader skips), so a bad upload can always be
undone by hand and a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.loader import (
    Knowledge,
    KnowledgeError,
    Problem,
    knowledge_files,
    load_directory,
)

MAX_UPLOAD_BYTES = 1_000_000
BACKUP_DIR = ".backups"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml")
# `knowledge draft` and /draft name their files `ID.draft.yaml`; once reviewed, the file is
# knowledge like any other and is published without the suffix.
_DRAFT_SUFFIX = re.compile(r"\.draft(?=\.ya?ml$)", re.IGNORECASE)


class UploadRejected(Exception):
    """The upload cannot be installed; `problems` says why (file:line: field: message)."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def published_name(name: str) -> str:
    """ "kursk.draft.yaml" -> "kursk.yaml": a reviewed draft is published without `.draft`."""
    return _DRAFT_SUFFIX.sub("", name)


def check_name(file_name: str | None) -> str:
    """The file name to write (a draft's without its `.draft` suffix), or `UploadRejected` for
    anything but a plain `*.yaml` name."""
    name = (file_name or "").strip()
    shown = name or "(no name)"
    if not name.lower().endswith((".yaml", ".yml")):
        raise UploadRejected(
            [Problem(shown, 1, "file", "not a knowledge file; expected a .yaml or .yml file")]
        )
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise UploadRejected(
            [
                Problem(
                    shown,
                    1,
                    "file",
                    "unsafe file name; use letters, digits, '-', '_' or '.', no folder,"
                    " e.g. coree-du-nord-russie-2024-12-01.yaml",
                )
            ]
        )
    return published_name(name)


def check_content(name: str, content: bytes) -> str:
    """The file's text, or `UploadRejected` when it is too large or not UTF-8."""
    if len(content) > MAX_UPLOAD_BYTES:
        message = f"too large ({len(content)} bytes, at most {MAX_UPLOAD_BYTES})"
        raise UploadRejected([Problem(name, 1, "file", message)])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise UploadRejected([Problem(name, line, "file", "is not UTF-8 text")]) from None


def validate_upload(
    directory: Path, file_name: str | None, content: bytes
) -> tuple[str, str, Knowledge]:
    """Check name, size and encoding, and validate the whole directory with the file in place
    (a draft whose TODOs are not written yet is refused there, like everywhere).

    Returns (name, text) ready for `install` and the knowledge they make; raises
    `UploadRejected` with every problem.
    """
    name = check_name(file_name)
    text = check_content(name, content)
    try:
        knowledge = load_directory(directory, overrides={name: text})
    except KnowledgeError as exc:
        raise UploadRejected(exc.problems) from None
    return name, text, knowledge


def backup_path(directory: Path, name: str, now: dt.datetime) -> Path:
    """`.backups/NAME.YYYYmmddTHHMMSS.yaml`, numbered when two backups fall in the same second."""
    folder = directory / BACKUP_DIR
    stem, suffix = os.path.splitext(name)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    candidate = folder / f"{stem}.{stamp}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}.{stamp}-{number}{suffix}"
        number += 1
    return candidate


def write_atomically(path: Path, text: str) -> None:
    """Write to a hidden temporary file next to `path`, flush it to disk, rename it over `path`."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def install(directory: Path, name: str, text: str, now: dt.datetime | None = None) -> Path | None:
    """Write `text` as `directory/name`, keeping the previous version; returns the backup path."""
    target = directory / name
    backup: Path | None = None
    if target.is_file():
        previous = target.read_bytes()
        if previous == text.encode("utf-8"):
            return None
        backup = backup_path(directory, name, now or dt.datetime.now())
        backup.parent.mkdir(exist_ok=True)
        backup.write_bytes(previous)
    write_atomically(target, text)
    return backup


@dataclass(frozen=True)
class Installed:
    """A file written by an upload (`bot.admin.uploads`), with what is needed to put it back."""

    directory: Path
    name: str
    backup: Path | None
    existed: bool

    def undo(self) -> None:
        target = self.directory / self.name
        if self.backup is not None:
            write_atomically(target, self.backup.read_text(encoding="utf-8"))
        elif not self.existed:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()


def export_files(directory: Path) -> list[tuple[str, Path]]:
    """The knowledge files to send back to an admin: (name relative to the directory, path)."""
    return [(p.relative_to(directory).as_posix(), p) for p in knowledge_files(directory)]

"""Uploading a knowledge file: checked, validated with the rest, installed atomically with a
backup, reloaded; a bad file changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.admin.audit import recent_changes
from bot.admin.uploads import upload_file
from bot.knowledge.loader import knowledge_files
from bot.knowledge.upload import (
    BACKUP_DIR,
    MAX_UPLOAD_BYTES,
    UploadRejected,
    backup_path,
    check_name,
    export_files,
    validate_upload,
)
from bot.runtime import Runtime
from tests.knowledge.helpers import (
    ARTICLE_FILE,
    BROKEN_YAML,
    NEW_FACT_ID,
    NEW_FACT_QUESTION,
    NEW_FACT_YAML,
    UNKNOWN_SPEAKER_YAML,
    snapshot,
)


@pytest.mark.parametrize(
    "name",
    ["notes.txt", "facts.json", "", None, "../evil.yaml", "sub/facts.yaml", ".hidden.yaml"],
)
def test_only_plain_yaml_names_are_accepted(name: str | None) -> None:
    with pytest.raises(UploadRejected) as caught:
        check_name(name)
    assert caught.value.problems[0].field == "file"


@pytest.mark.parametrize("name", ["facts.yaml", "Article_2024-12-01.yml", "a.b.yaml"])
def test_safe_names_pass(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    ("sent", "published"),
    [
        ("kursk.draft.yaml", "kursk.yaml"),
        ("Kursk.DRAFT.yml", "Kursk.yml"),
        ("draft.yaml", "draft.yaml"),
    ],
)
def test_a_reviewed_draft_is_published_without_its_draft_suffix(sent: str, published: str) -> None:
    assert check_name(sent) == published


def test_an_uploaded_draft_file_is_installed_under_its_published_name(runtime: Runtime) -> None:
    result = upload_file(runtime, "mongolie.draft.yaml", NEW_FACT_YAML.encode(), actor="42")
    directory = runtime.settings.KNOWLEDGE_DIR
    assert result.name == "mongolie.yaml" and result.reload.diff.added == (NEW_FACT_ID,)
    assert (directory / "mongolie.yaml").read_text(encoding="utf-8") == NEW_FACT_YAML
    assert not list(directory.rglob("*.draft.*"))


def test_too_big_is_rejected(knowledge_dir: Path) -> None:
    with pytest.raises(UploadRejected) as caught:
        validate_upload(knowledge_dir, "big.yaml", b"#" * (MAX_UPLOAD_BYTES + 1))
    assert "too large" in str(caught.value)


def test_not_utf8_is_rejected_with_its_line(knowledge_dir: Path) -> None:
    with pytest.raises(UploadRejected) as caught:
        validate_upload(knowledge_dir, "latin.yaml", b"facts: []\n# caf\xe9\n")
    assert str(caught.value.problems[0]) == "latin.yaml:2: file: is not UTF-8 text"


def test_bad_yaml_is_rejected_with_file_and_line_and_nothing_changes(runtime: Runtime) -> None:
    directory = runtime.settings.KNOWLEDGE_DIR
    before, version = snapshot(directory), runtime.store.version
    with pytest.raises(UploadRejected) as caught:
        upload_file(runtime, "broken.yaml", BROKEN_YAML.encode(), actor="42")
    problem = caught.value.problems[0]
    assert (problem.file, problem.field) == ("broken.yaml", "yaml")
    assert problem.line == 5
    assert snapshot(directory) == before
    assert runtime.store.version == version


def test_errors_across_files_are_reported_with_their_line(runtime: Runtime) -> None:
    before = snapshot(runtime.settings.KNOWLEDGE_DIR)
    with pytest.raises(UploadRejected) as caught:
        upload_file(runtime, "orphan.yaml", UNKNOWN_SPEAKER_YAML.encode(), actor="42")
    assert [str(p).split(": ", 2)[:2] for p in caught.value.problems] == [
        ["orphan.yaml:4", "facts[orphan-fact].speaker"]
    ]
    assert snapshot(runtime.settings.KNOWLEDGE_DIR) == before


def test_unfinished_draft_is_refused(runtime: Runtime) -> None:
    draft = NEW_FACT_YAML.replace(
        "Mongolia held a giant yurt festival in Ulaanbaatar.", "TODO: translate: La Mongolie"
    )
    with pytest.raises(UploadRejected) as caught:
        upload_file(runtime, "draft.yaml", draft.encode(), actor="42")
    assert caught.value.problems[0].line == 8
    assert "TODO" in caught.value.problems[0].message
    assert not (runtime.settings.KNOWLEDGE_DIR / "draft.yaml").exists()


def test_new_file_is_installed_reloaded_and_audited(runtime: Runtime) -> None:
    assert not runtime.ask(NEW_FACT_QUESTION, log_it=False).answered
    result = upload_file(runtime, "mongolie.yaml", NEW_FACT_YAML.encode(), actor="42")
    assert result.backup is None
    assert result.reload.diff.added == (NEW_FACT_ID,)
    directory = runtime.settings.KNOWLEDGE_DIR
    assert (directory / "mongolie.yaml").read_text(encoding="utf-8") == NEW_FACT_YAML
    reply = runtime.ask(NEW_FACT_QUESTION, log_it=False)
    assert reply.answered and reply.fact_ids == [NEW_FACT_ID]
    latest = recent_changes(runtime.state, 1)[0]
    assert (latest.actor, latest.added) == ("42", (NEW_FACT_ID,))
    assert not list(directory.glob(".*.tmp"))  # no temporary file left behind


def test_replacing_a_file_keeps_a_backup_outside_the_knowledge(runtime: Runtime) -> None:
    directory = runtime.settings.KNOWLEDGE_DIR
    original = (directory / ARTICLE_FILE).read_bytes()
    edited = original.decode().replace("importance: 5", "importance: 4", 1)
    result = upload_file(runtime, ARTICLE_FILE, edited.encode(), actor="42")
    assert result.reload.diff.changed == ("kim-belousov-meeting",)
    assert result.backup is not None and result.backup.parent == directory / BACKUP_DIR
    assert result.backup.name.startswith("coree-du-nord-russie-2024-11-30.2")
    assert result.backup.read_bytes() == original
    assert (directory / ARTICLE_FILE).read_text(encoding="utf-8") == edited
    # The backup is not knowledge: no duplicate ids, and the export does not offer it.
    assert all(BACKUP_DIR not in p.parts for p in knowledge_files(directory))
    assert ARTICLE_FILE in [name for name, _ in export_files(directory)]
    assert runtime.reload("check").ok


def test_an_identical_upload_changes_nothing(runtime: Runtime) -> None:
    directory = runtime.settings.KNOWLEDGE_DIR
    result = upload_file(runtime, ARTICLE_FILE, (directory / ARTICLE_FILE).read_bytes(), "42")
    assert result.backup is None and result.reload.diff.empty
    assert not (directory / BACKUP_DIR).exists()


def test_backups_in_the_same_second_get_distinct_names(tmp_path: Path) -> None:
    moment = dt.datetime(2024, 12, 1, 9, 30, 0)
    first = backup_path(tmp_path, "a.yaml", moment)
    first.parent.mkdir()
    first.write_text("one")
    assert first.name == "a.20241201T093000.yaml"
    assert backup_path(tmp_path, "a.yaml", moment).name == "a.20241201T093000-2.yaml"


def test_export_lists_the_knowledge_files(knowledge_dir: Path) -> None:
    names = [name for name, _ in export_files(knowledge_dir)]
    assert names == sorted(names)
    assert {ARTICLE_FILE, "entities.yaml", "speakers.yaml", "synonyms.yaml"} <= set(names)

"""Nothing unreviewed goes live (a TODO anywhere is an error with its id path), facts and titles
in one language, quotes translated both ways, the new speaker kinds, and the README's own
rules enforced by the loader, each mistake reported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.knowledge.loader import Knowledge, KnowledgeError, load_directory
from bot.knowledge.model import Fact
from bot.runtime import Runtime
from bot.wording.attribution import quote_block
from tests.knowledge.helpers import DOCUMENT, NEW_FACT_ID, NEW_FACT_YAML


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_directory(directory)
    return [str(p) for p in caught.value.problems]


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_a_todo_value_is_an_error_with_its_id_path(knowledge_dir: Path) -> None:
    _write(knowledge_dir, "draft.yaml", NEW_FACT_YAML.replace("Mongolia held", "TODO: Mongolia"))
    problems = _problems(knowledge_dir)
    assert problems == [
        f"draft.yaml:8: facts[{NEW_FACT_ID}].text.en: TODO left in the file;"
        " write the real text (or remove the entry) (column 7)"
    ]


def test_a_todo_comment_is_an_error_named_by_its_line(knowledge_dir: Path) -> None:
    text = NEW_FACT_YAML.replace(
        "    claim_type: background\n", "    claim_type: background  # TODO: check the type\n"
    )
    _write(knowledge_dir, "draft.yaml", text)
    (problem,) = _problems(knowledge_dir)
    assert problem.startswith(f"draft.yaml:5: facts[{NEW_FACT_ID}].claim_type: TODO left in a")


def test_a_todo_speaker_kind_is_one_error_and_hashes_in_texts_are_not_comments(
    knowledge_dir: Path,
) -> None:
    _write(
        knowledge_dir,
        "people.yaml",
        "speakers:\n"
        "  - id: new-speaker\n"
        "    name: {fr: 'le numéro #1', en: 'number #1 # not a comment'}\n"
        "    kind: TODO\n",
    )
    assert _problems(knowledge_dir) == [
        "people.yaml:4: speakers[new-speaker].kind: TODO left in the file;"
        " write the real text (or remove the entry) (column 5)"
    ]


def test_check_reload_and_upload_refuse_a_todo(
    runtime: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.knowledge.upload import UploadRejected, validate_upload

    directory = runtime.settings.KNOWLEDGE_DIR
    text = NEW_FACT_YAML.replace("Mongolia held", "TODO: translate: Mongolia held")
    with pytest.raises(UploadRejected) as caught:
        validate_upload(directory, "draft.yaml", text.encode())
    assert [p.field for p in caught.value.problems] == [f"facts[{NEW_FACT_ID}].text.en"]
    _write(directory, "draft.yaml", text)
    assert main(["knowledge", "check", str(directory)]) == 1
    assert f"draft.yaml:8: facts[{NEW_FACT_ID}].text.en: TODO left" in capsys.readouterr().err
    result = runtime.reload("file edit")
    assert not result.ok and NEW_FACT_ID not in runtime.store.facts


def test_a_fact_in_its_articles_language_only(knowledge_dir: Path) -> None:
    french_only = NEW_FACT_YAML.replace(
        '      en: "Mongolia held a giant yurt festival in Ulaanbaatar."\n', ""
    )
    _write(knowledge_dir, "new.yaml", french_only)
    fact = load_directory(knowledge_dir).facts[NEW_FACT_ID]
    assert fact.text.languages == ("fr",) and fact.text.in_original("en")
    assert fact.text.get("en") == fact.text.get("fr")  # the original, never a placeholder
    english_only = NEW_FACT_YAML.replace(
        '      fr: "La Mongolie a organisé un festival de yourtes géantes à Oulan-Bator."\n', ""
    )
    _write(knowledge_dir, "new.yaml", english_only)
    assert _problems(knowledge_dir) == [
        f"new.yaml:6: facts[{NEW_FACT_ID}].text.fr: is required: the text in the document's"
        " language (fr) (column 5)"
    ]


ENGLISH_ARTICLE = """\
documents:
  - id: wire-2024-12-02
    title: {en: "Seoul says troops moved", fr: "Séoul dit que des troupes ont bougé"}
    language: en
    publisher: A wire agency
    published: 2024-12-02
speakers:
  - id: wire
    name: {fr: "l'agence", en: the agency}
    kind: media
  - id: nis
    name: {fr: le NIS, en: the NIS}
    kind: intelligence
facts:
  - id: nis-quote
    document: wire-2024-12-02
    speaker: nis
    claim_type: quote
    text: {en: "The NIS said the troops had “moved east”."}
    quote: {original: "moved east", language: en, translation: "se sont déplacées vers l'est"}
"""


def test_titles_per_language_new_kinds_and_quotes_both_ways(knowledge_dir: Path) -> None:
    _write(knowledge_dir, "wire.yaml", ENGLISH_ARTICLE)
    kb: Knowledge = load_directory(knowledge_dir)
    document = kb.documents["wire-2024-12-02"]
    assert document.title.get("fr") == "Séoul dit que des troupes ont bougé"
    assert {kb.speakers["wire"].kind, kb.speakers["nis"].kind} == {"media", "intelligence"}
    fact: Fact = kb.facts["nis-quote"]
    french = quote_block(fact, "fr") or ""
    assert "se sont déplacées vers l'est" in french and "moved east" in french
    assert quote_block(fact, "en") is not None and "déplacées" not in (
        quote_block(fact, "en") or ""
    )
    bundled_title = kb.documents[DOCUMENT].title
    assert bundled_title.languages == ("fr",)  # `title: "..."` is in the document's language


def test_readme_rules_aliases_and_attribution(knowledge_dir: Path) -> None:
    _write(
        knowledge_dir,
        "rules.yaml",
        "entities:\n"
        "  - id: moscow-city\n"
        "    kind: place\n"
        "    name: {fr: Moscou la ville, en: Moscow the city}\n"
        "    aliases: [Moscou, the big capital city of the Russian federation today]\n"
        "facts:\n"
        "  - id: kcna-says\n"
        f"    document: {DOCUMENT}\n"
        "    speaker: kcna\n"
        "    claim_type: statement\n"
        "    text: {fr: 'Selon KCNA, Kim a parlé.', en: 'Kim spoke.'}\n",
    )
    joined = "\n".join(_problems(knowledge_dir))
    assert "rules.yaml:5: entities[moscow-city].aliases: 'Moscou' is also a name or alias" in joined
    assert "entities[moscow-city].aliases: alias 'the big capital city" in joined
    assert "has 9 words; at most 6" in joined
    assert "rules.yaml:11: facts[kcna-says].text.fr: starts with its own attribution" in joined
    assert "text.en" not in joined


def test_a_bad_speaker_kind_is_reported_once(knowledge_dir: Path) -> None:
    speakers = knowledge_dir / "speakers.yaml"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(text.replace("kind: state_media", "kind: agency", 1), encoding="utf-8")
    problems = _problems(knowledge_dir)
    assert len(problems) == 1 and "unknown value 'agency'" in problems[0], problems


def test_a_comment_that_only_mentions_todo_is_not_a_marker(knowledge_dir: Path) -> None:
    """A draft's instructions (replace every "TODO: ..." value) are not left-over work."""
    text = '# Replace every "TODO: ..." value; files with TODO values are refused.\n'
    _write(knowledge_dir, "new.yaml", text + NEW_FACT_YAML)
    assert NEW_FACT_ID in load_directory(knowledge_dir).facts


def test_brief_without_an_index_and_with_broken_files_is_one_clear_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX", "BRIEFBOT_DB"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    _write(settings.KNOWLEDGE_DIR, "draft.yaml", NEW_FACT_YAML.replace("Mongolia", "TODO: x"))
    settings.KNOWLEDGE_INDEX.unlink(missing_ok=True)  # the fixture copies a built index
    assert main(["--lang", "en", "brief"]) == 1
    err = capsys.readouterr().err
    assert "do not validate and no index exists" in err and "draft.yaml:8: " in err
    assert "Traceback" not in err
    assert main(["brief"]) == 1  # DEFAULT_LANGUAGE, fr: the message in French, as `ask` says it
    err = capsys.readouterr().err
    assert "ne sont pas valides et aucun index n'existe" in err and "draft.yaml:8: " in err

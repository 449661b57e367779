"""What a draft proposes besides facts: new entities and template questions, and that an
English or French gold article's draft validates once a reviewer writes its TODO values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.drafting_gold import GOLD_DIR
from bot.knowledge.draft import Draft, draft_article
from bot.knowledge.draft_yaml import render_draft
from bot.knowledge.loader import Knowledge, load_directory
from bot.knowledge.model import Language
from tests.answer.test_no_eval_copies import EVAL_DIR, _eval_questions, near_copies
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.knowledge.test_draft import fill_todos

ARTICLES: dict[str, tuple[Language, dt.date]] = {
    "kursk-casualties-2024-12-03.en.txt": ("en", dt.date(2024, 12, 3)),
    "missile-hwasong-2024-10-31.fr.txt": ("fr", dt.date(2024, 10, 31)),
    "kosovo-canal-ibar-2024-11-30.fr.txt": ("fr", dt.date(2024, 11, 30)),
    "maputo-election-protests-2024-11-08.en.txt": ("en", dt.date(2024, 11, 8)),
}


def _draft(name: str) -> Draft:
    language, published = ARTICLES[name]
    text = (GOLD_DIR / "articles" / name).read_text(encoding="utf-8")
    kb = load_directory(BUNDLED_KNOWLEDGE)
    return draft_article(text, language, name.split(".")[0], published, kb)


def test_new_people_places_and_organisations_are_proposed_once() -> None:
    draft = _draft("kursk-casualties-2024-12-03.en.txt")
    kinds = {e.name: e.kind for e in draft.new_entities}
    assert kinds["Kim Min-ji"] == "person" and kinds["Lee Seong-kweun"] == "person"
    assert kinds["Asan Institute for Policy Studies"] == "organisation"
    assert "Kursk" in kinds
    assert not {"North Korea", "Russia", "Kim Jong Un", "KCNA", "Monday"} & set(kinds)
    quote = next(f for f in draft.facts if "hide its dead" in f.text)
    assert any(e.endswith("kim-min-ji") for e in quote.entities)


def test_template_questions_use_the_fact_and_its_speaker() -> None:
    draft = _draft("missile-hwasong-2024-10-31.fr.txt")
    quote = next(f for f in draft.facts if f.claim_type == "quote")
    assert "Qu'a déclaré Kim Jong Un ?" in quote.questions
    report = next(f for f in draft.facts if f.claim_type == "unverified_report")
    assert report.questions[0].startswith("Est-il confirmé qu")
    assert all(len(f.questions) <= 5 for f in draft.facts)


def test_proposed_questions_never_copy_an_eval_question() -> None:
    if not EVAL_DIR.is_dir():
        pytest.skip("../shared/eval is not beside this checkout")
    evals = _eval_questions()
    article = BUNDLED_KNOWLEDGE / "articles" / "coree-du-nord-russie-2024-11-30.fr.txt"
    kb = load_directory(BUNDLED_KNOWLEDGE)
    drafts = [
        draft_article(article.read_text(encoding="utf-8"), "fr", "x", dt.date(2024, 11, 30), kb)
    ]
    drafts += [_draft(name) for name in ARTICLES]
    proposed = [(f.id, q) for d in drafts for f in d.facts for q in f.questions]
    assert proposed and evals
    assert near_copies(evals, proposed) == []  # the measure and threshold of the shared check


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_a_gold_draft_validates_once_reviewed(name: str, knowledge_dir: Path) -> None:
    draft = _draft(name)
    text = render_draft(draft, article_name=name, title="A title")
    assert "entities:" in text and "questions:" in text
    loaded = load_directory(knowledge_dir, overrides={"draft.yaml": fill_todos(text)})
    assert len(loaded.facts) >= len(draft.facts)
    assert {e.id for e in draft.new_entities} <= set(loaded.entities)


def test_drafts_dir_must_be_outside_the_served_folder(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from bot.config import Settings

    with pytest.raises(ValidationError, match="DRAFTS_DIR"):
        Settings(KNOWLEDGE_DIR=tmp_path / "k", DRAFTS_DIR=tmp_path / "k" / "drafts")
    assert Settings(KNOWLEDGE_DIR=tmp_path / "k", DRAFTS_DIR=tmp_path / "d").DRAFTS_DIR.name == "d"


def test_outlets_and_intelligence_agencies_get_their_own_speaker_kinds() -> None:
    kb = load_directory(BUNDLED_KNOWLEDGE)
    text = (
        "The broadcaster Yle said the cable was cut on Sunday.\n\n"
        "The Finnish intelligence service believes the ship was sent on purpose.\n"
    )
    draft = draft_article(text, "en", "cable", dt.date(2024, 11, 20), kb)
    kinds = {s.written: s.kind for s in draft.new_speakers}
    assert kinds["The broadcaster Yle"] == "media"
    assert kinds["The Finnish intelligence service"] == "intelligence"
    rendered = render_draft(draft, article_name="cable.txt")
    kind_line = next(line for line in rendered.splitlines() if "kind: media" in line)
    assert "media" in kind_line.split("one of")[1] and "intelligence" in kind_line


def test_a_place_that_speaks_stands_for_its_government() -> None:
    text = (
        "The drones were flown in from Zembla, officials said.\n\n"
        "Zembla has denied sending them.\n\n"
        "Anna Berg said the drones were old.\n"
    )
    draft = draft_article(text, "en", "drones", dt.date(2024, 12, 18), Knowledge())
    kinds = {s.written: s.kind for s in draft.new_speakers}
    assert kinds["Zembla"] == "government" and kinds["Anna Berg"] == "person"
    assert draft.facts[1].speaker.kind == "government"


def test_an_apposed_description_becomes_the_new_speakers_description() -> None:
    """ "according to Plataforma Decide, a Mozambican election-monitoring group …" gives the
    group its kind and its description, which the draft writes (and validates, see above)."""
    draft = _draft("maputo-election-protests-2024-11-08.en.txt")
    decide = next(s for s in draft.new_speakers if s.written == "Plataforma Decide")
    assert decide.kind == "person"  # a group: the model's kind for companies and NGOs
    assert decide.description.startswith("a Mozambican election-monitoring group")
    text = render_draft(draft, article_name="maputo.txt", title="A title")
    assert f'en: "{decide.description}"' in text


def test_entity_names_keep_no_source_cue_nor_the_outlet_told() -> None:
    """« D'après Koha » is Koha; « a expliqué à Briefwire Shpend Ahmeti » names Shpend Ahmeti,
    as a speaker and as an entity."""
    draft = _draft("kosovo-canal-ibar-2024-11-30.fr.txt")
    names = {e.name for e in draft.new_entities}
    assert {"Koha", "Shpend Ahmeti"} <= names
    assert not {n for n in names if "D'après" in n or "Briefwire" in n}
    assert any(s.written == "Shpend Ahmeti" for s in draft.new_speakers)

"""Drafting facts from an article: how much of the curated knowledge the draft recovers, and
that a draft validates once its TODO values are written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.knowledge.attribution import closing_report, reporting_verb
from bot.knowledge.draft import Draft, DraftFact, draft_article
from bot.knowledge.draft_yaml import render_draft
from bot.knowledge.loader import Knowledge, load_directory
from bot.knowledge.model import Fact
from bot.knowledge.sentences import article_sentences, split_sentences
from bot.knowledge.terms import fold
from bot.knowledge.todos import find_todos
from tests.conftest import BUNDLED_KNOWLEDGE
from tests.knowledge.helpers import ARTICLE_FILE, DOCUMENT

ARTICLE = BUNDLED_KNOWLEDGE / "articles" / "coree-du-nord-russie-2024-11-30.fr.txt"
PUBLISHED = dt.date(2024, 11, 30)
SAME_CLAIM = 70  # `similarity` of a curated fact's text and a draft candidate's text
_TODO_STRING = re.compile(r'"TODO:(?:[^"\\]|\\.)*"')
_TODO_COMMENT = re.compile(r"\s*#\s*TODO\b[^\n]*")


def bundled() -> Knowledge:
    return load_directory(BUNDLED_KNOWLEDGE)


def similarity(a: str, b: str) -> float:
    """Word overlap (set ratio) balanced by word order and length (sort ratio): the set ratio
    alone lets a short fact ("X est le ministre") match any sentence that contains its words."""
    a, b = fold(a), fold(b)
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def best_match(fact: Fact, draft: Draft) -> tuple[float, DraftFact]:
    scored = [(similarity(fact.text.get("fr"), d.text), d) for d in draft.facts]
    return max(scored, key=lambda pair: pair[0])


def test_draft_recovers_the_curated_speakers_and_claim_types() -> None:
    kb = bundled()
    draft = draft_article(ARTICLE.read_text(encoding="utf-8"), "fr", "x", PUBLISHED, kb)
    matched = speakers = claims = 0
    lines = []
    for fact in kb.facts.values():
        score, candidate = best_match(fact, draft)
        if score < SAME_CLAIM:
            lines.append(f"  {fact.id}: no sentence states it alone (best {score:.0f})")
            continue
        matched += 1
        speakers += candidate.speaker.id == fact.speaker
        claims += candidate.claim_type == fact.claim_type
        lines.append(
            f"  {fact.id}: {score:.0f} speaker {candidate.speaker.id}/{fact.speaker}"
            f" claim {candidate.claim_type}/{fact.claim_type}"
        )
    total = len(kb.facts)
    print(
        f"\ndraft: {len(draft.facts)} candidates; curated facts matched {matched}/{total};"
        f" speakers {speakers}/{matched} ({speakers / matched:.0%}),"
        f" claim types {claims}/{matched} ({claims / matched:.0%});"
        f" over all curated facts: speakers {speakers / total:.0%},"
        f" claim types {claims / total:.0%}\n" + "\n".join(lines)
    )
    # Reached on the first article: 17/21 matched (the 4 others are derived from appositions,
    # "KCNA, l'agence officielle"), speakers 17/17, claim types 16/17 (one sentence holds both
    # a background fact and an analysis). The floors leave room for the curators' rewording.
    assert matched >= 15
    assert speakers / matched >= 0.9
    assert claims / matched >= 0.85
    assert not draft.new_speakers  # every speaker of the article is already known


def test_candidates_carry_quotes_entities_dates_and_review_notes() -> None:
    draft = draft_article(ARTICLE.read_text(encoding="utf-8"), "fr", "x", PUBLISHED, bundled())
    by_type = {f.claim_type: f for f in draft.facts}
    quote = next(f for f in draft.facts if f.quote and f.quote.startswith("intervention"))
    assert quote.quote == "intervention militaire directe dans le conflit"
    assert "d'« intervention militaire directe dans le conflit »" in quote.text  # mistyped »
    assert quote.speaker.id == "kim-jong-un" and "the-west" in quote.entities
    meeting = next(f for f in draft.facts if f.speaker.id == "kcna" and f.event_date)
    assert meeting.event_date == dt.date(2024, 11, 29)  # "vendredi" before 30 Nov 2024
    assert not meeting.text.startswith("Selon")  # the attribution is the speaker's job
    assert {"kim-jong-un", "andrei-belousov"} <= set(meeting.entities)
    report = by_type["unverified_report"]
    assert report.text == "La Russie aurait livré des missiles anti-aériens à son allié."
    assert any("son allié" in note for note in report.notes)
    accusation = by_type["accusation"]
    assert accusation.text.startswith("Les États-Unis et la Corée du Sud accusent")
    assert "how_many" in accusation.answers
    assert not any("Des milliers de soldats" in f.text for f in draft.facts)  # a heading
    assert not any(f.text.endswith("?") for f in draft.facts)


@pytest.fixture
def without_the_article(knowledge_dir: Path) -> Path:
    """The bundled knowledge minus the curated article's facts, as before it was written."""
    (knowledge_dir / ARTICLE_FILE).unlink()
    return knowledge_dir


def fill_todos(text: str) -> str:
    """What a reviewer does: every TODO value written, every TODO check done (comment gone)."""
    return _TODO_COMMENT.sub("", _TODO_STRING.sub('"Texte relu par un humain."', text))


def test_the_draft_validates_once_the_todos_are_written(without_the_article: Path) -> None:
    kb = load_directory(without_the_article)
    draft = draft_article(ARTICLE.read_text(encoding="utf-8"), "fr", DOCUMENT, PUBLISHED, kb)
    text = render_draft(
        draft,
        article_name=ARTICLE.name,
        source_file="articles/coree-du-nord-russie-2024-11-30.fr.txt",
    )
    todos = find_todos(text, "draft.yaml")
    assert len(todos) >= len(draft.facts) + 2  # every translation, the title, the publisher
    filled = fill_todos(text)
    assert find_todos(filled, "draft.yaml") == []
    loaded = load_directory(without_the_article, overrides={"draft.yaml": filled})
    assert len(loaded.facts) == len(draft.facts)
    assert loaded.documents[DOCUMENT].source_file == (
        "articles/coree-du-nord-russie-2024-11-30.fr.txt"
    )


ENGLISH_ARTICLE = """\
Tokyo weighs its options

According to Reuters, Japan's defence ministry said on Monday that it was monitoring the talks.
The Kremlin said the two countries "will continue their cooperation in every field of defence".
Russia could deliver fighter jets to North Korea, analysts say.
A diplomat in Seoul claims that Pyongyang reportedly received air defence systems.
Washington accused Moscow of breaking United Nations sanctions.
What happens next?
"""


def test_an_english_article_with_new_speakers(without_the_article: Path) -> None:
    kb = load_directory(without_the_article)
    published = dt.date(2024, 12, 4)  # a Wednesday
    draft = draft_article(ENGLISH_ARTICLE, "en", "tokyo-options", published, kb)
    facts = {f.sentence.index: f for f in draft.facts}
    assert [f.claim_type for f in draft.facts] == [
        "statement",
        "quote",
        "estimate",
        "unverified_report",
        "accusation",
    ]
    ministry = facts[1]
    assert ministry.speaker.written == "Japan's defence ministry"
    assert ministry.text == "It was monitoring the talks."
    assert ministry.event_date == dt.date(2024, 12, 2)  # the Monday before
    assert any("reported by 'Reuters'" in note for note in ministry.notes)
    assert facts[2].quote == "will continue their cooperation in every field of defence"
    assert facts[3].speaker.id == "experts"  # "analysts say": the known experts, by kind
    assert facts[4].text == "Pyongyang reportedly received air defence systems."
    new = {s.id: (s.kind, s.entities) for s in draft.new_speakers}
    assert new == {
        "japan-defence-ministry": ("government", ("japan",)),
        "kremlin": ("government", ("russia",)),
        "diplomat-seoul": ("anonymous_source", ("south-korea",)),
        "washington": ("government", ("united-states",)),
    }
    text = render_draft(draft, article_name="tokyo.txt", title="Tokyo weighs its options")
    assert 'fr: "TODO: translate: ' in text and 'title: "Tokyo weighs its options"' in text
    load_directory(without_the_article, overrides={"tokyo.yaml": fill_todos(text)})


def test_sentences_skip_headings_questions_and_list_intros() -> None:
    text = (
        "Titre de l'article\n"
        "M. Dupont est arrivé lundi. Il a dit « oui. » Puis il est reparti.\n"
        "Pourquoi ?\n"
        "Trois points comptent :\n"
        "- le premier point\n"
        "• le second point ;\n"
    )
    assert [s.text for s in article_sentences(text)] == [
        "M. Dupont est arrivé lundi.",
        "Il a dit « oui. »",
        "Puis il est reparti.",
        "Trois points comptent : le premier point.",
        "Trois points comptent : le second point.",
    ]
    assert split_sentences("Les U.S. ont 3 avions. Fin.") == ["Les U.S. ont 3 avions.", "Fin."]


@pytest.mark.parametrize(
    ("sentence", "who", "claim"),
    [
        ("Russia could deliver jets, analysts say.", "analysts", "Russia could deliver jets"),
        (
            "The cabinet approved the budget on Friday, the government said in a statement.",
            "the government",
            "The cabinet approved the budget on Friday",
        ),
        (
            "« Nous ne céderons pas », a déclaré le ministre russe de la Défense.",
            "le ministre russe de la Défense",
            "« Nous ne céderons pas »",
        ),
        (
            "La Russie a livré des missiles, a indiqué lundi une source, citée par Yonhap.",
            "une source",
            "La Russie a livré des missiles",
        ),
        (
            "Kim arrived in Moscow, said the Kremlin on Monday.",
            "the Kremlin",
            "Kim arrived in Moscow",
        ),
        (
            "Japan's ministry said on Monday that it was monitoring the talks.",
            "Japan's ministry",
            "it was monitoring the talks.",
        ),
    ],
)
def test_reporting_phrases_before_and_after_the_claim(sentence: str, who: str, claim: str) -> None:
    attribution = reporting_verb(sentence)
    assert attribution is not None
    assert (attribution.who, attribution.claim) == (who, claim)


def test_a_closing_reporter_relays_and_hearsay_is_an_unverified_report(
    without_the_article: Path,
) -> None:
    text = (
        "North Korea accused Tokyo of reviving militarism, state media KCNA reported.\n"
        "Chinese officials reportedly raised the issue with Japanese diplomats.\n"
        "The budget could grow again next year.\n"
    )
    assert closing_report(text.splitlines()[0]) is not None
    assert closing_report("Kim said the talks went well.") is None
    kb = load_directory(without_the_article)
    draft = draft_article(text, "en", "japan", dt.date(2024, 12, 6), kb)
    accusation, hearsay, forecast = draft.facts
    assert (accusation.claim_type, accusation.speaker.written) == ("accusation", "North Korea")
    assert "reported by 'state media KCNA': say so inside the sentence" in accusation.notes
    assert hearsay.claim_type == "unverified_report"  # "reportedly", even from the article
    assert forecast.claim_type == "estimate"  # "could": a forecast, not hearsay

"""Knowledge files written for the first format stay valid: the model has only grown since
(no field or value removed or renamed), so `briefbot knowledge migrate` is not needed."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.loader import load_directory

# Every section and field of the first model (commit 43ed84c), in its own spelling: a title as
# one string, texts and names in both languages, each of the six speaker kinds it knew.
FIRST_FORMAT = """\
documents:
  - id: old-article
    title: "Un article au premier format"
    language: fr
    publisher: Le Journal
    published: 2024-11-30
    url: https://example.org/old
speakers:
  - {id: agency, kind: state_media, name: {fr: l'agence, en: the agency},
     description: {fr: l'agence officielle, en: the official agency}}
  - {id: gov, kind: government, name: {fr: le gouvernement, en: the government}}
  - {id: experts, kind: experts, name: {fr: des experts, en: experts}}
  - {id: source, kind: anonymous_source, name: {fr: une source, en: a source}}
  - {id: someone, kind: person, name: {fr: Jean Test, en: Jean Test}, entities: [jean-test]}
  - {id: article, kind: article, name: {fr: l'article, en: the article}}
entities:
  - id: jean-test
    kind: person
    name: {fr: Jean Test, en: Jean Test}
    aliases: [Jean Test]
    demonyms: []
synonyms:
  - {id: meeting, terms: [meeting, rencontre]}
facts:
  - id: old-quote
    document: old-article
    speaker: someone
    claim_type: quote
    text: {fr: Jean Test a promis une rencontre., en: Jean Test promised a meeting.}
    quote: {original: Nous nous rencontrerons., language: fr, translation: We will meet.}
    event_date: 2024-11-29
    entities: [jean-test]
    topics: [meeting]
    importance: 4
    answers: [when]
    questions: {fr: [Qu'a promis Jean Test ?], en: [What did Jean Test promise?]}
"""


def test_a_file_in_the_first_format_loads_unchanged(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(FIRST_FORMAT, encoding="utf-8")
    kb = load_directory(tmp_path)
    document = kb.documents["old-article"]
    assert document.title.get("fr") == document.title.get("en") == "Un article au premier format"
    assert {s.kind for s in kb.speakers.values()} == {
        "state_media", "government", "experts", "anonymous_source", "person", "article"
    }  # fmt: skip
    fact = kb.facts["old-quote"]
    assert fact.text.languages == ("fr", "en") and fact.quote is not None

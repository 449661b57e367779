"""Draft candidate facts from an article's text for an admin to review (`knowledge draft`).

One candidate per factual sentence (or per coordinated clause with its own source): the speaker
from the reporting structure (`attribution.py`), mapped to a known speaker or to one already
proposed for the article (`draft_speakers.py`), the claim type from the verb and the sentence's
hedges (`draft_cues.py`), never stronger than the article says it, the day of the event
(`draft_dates.py`) and the known entities it names. Nothing here is trusted: every guess is
explained in a comment of the draft, and `draft_yaml.py` marks with TODO what a human must write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.knowledge.attribution import (
    PRONOUNS,
    Attribution,
    agentless_passive,
    closing_report,
    inner_role,
    reporting_verbs,
)
from bot.knowledge.draft_claims import claim_type
from bot.knowledge.draft_cues import (
    quote_words,
    quoted_spans,
    sentence_case,
    with_french_quotes,
)
from bot.knowledge.draft_dates import event_date
from bot.knowledge.draft_entities import NewEntity, governments_by_place, propose_entities
from bot.knowledge.draft_names import slug, unique_id
from bot.knowledge.draft_questions import propose_questions
from bot.knowledge.draft_sources import source_phrase
from bot.knowledge.draft_speakers import ARTICLE_SPEAKER, ArticleSpeakers, Linker, SpeakerChoice
from bot.knowledge.loader import Knowledge
from bot.knowledge.model import ClaimType, Language
from bot.knowledge.sentences import Sentence, article_sentences
from bot.knowledge.terms import fold

__all__ = ["ARTICLE_SPEAKER", "Draft", "DraftFact", "SpeakerChoice", "draft_article", "slug"]

# Determiners that point back to earlier sentences ("cette visite", "son allié", "its ally").
_CONTEXT_WORDS = re.compile(
    r"(?<![\w'])(?:ce|cet|cette|ces|son|sa|ses|leur|leurs|this|these|its|their)\s+(?!qu)\w+",
    re.IGNORECASE,
)
# "Il faut", "il sera crucial", "it seems": impersonal, they point back to nothing.
_IMPERSONAL = re.compile(
    r"^(?:il\s+(?:sera|serait|faut|est|y|semble|reste|s'agit|convient)|it\s+(?:seems|appears))\b",
    re.IGNORECASE,
)
_HOW_MANY = re.compile(
    r"\b\d[\d ,.]{1,}\b|\b(?:milliers|centaines|dizaines|millions|thousands|hundreds|dozens)\b"
)
_CLAUSE_SPLIT = re.compile(r",\s*(?:tandis\s+qu(?:e\s+|')|while\s+|whereas\s+)|;\s+", re.IGNORECASE)


@dataclass
class DraftFact:
    id: str
    sentence: Sentence
    text: str  # in the article's language
    speaker: SpeakerChoice
    claim_type: ClaimType
    claim_reason: str
    quote: str | None = None
    entities: list[str] = field(default_factory=list)
    event_date: dt.date | None = None
    answers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)  # proposed from templates


@dataclass
class Draft:
    language: Language
    document_id: str
    published: dt.date
    facts: list[DraftFact]
    new_speakers: list[SpeakerChoice]
    new_entities: list[NewEntity] = field(default_factory=list)


def split_clauses(sentence: str) -> list[str]:
    """Coordinated claims with their own sources ("X, tandis qu'une source affirme Y")."""
    if quoted_spans(sentence) and len(quoted_spans(sentence)) > 1:
        return [sentence]  # a quotation over several sentences stays whole
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(sentence)]
    return [p for p in parts if len(p.split()) >= 3]


def _attribution(clause: str, language: str) -> Attribution | None:
    """Who speaks: the subject of a reporting verb ("Selon Reuters, le ministère a déclaré que"
    is the ministry's claim, relayed by Reuters), else the source of "selon X"."""
    verb, source = next(reporting_verbs(clause, language), None), source_phrase(clause)
    if verb is not None and source is not None and fold(verb.who) in fold(source.description):
        return source  # "according to X, a group that compiles reports": X's description
    return verb or source


def draft_fact(
    clause: str, sentence: Sentence, linker: Linker, published: dt.date, state: _State
) -> DraftFact:
    language = linker.language
    spans = quoted_spans(clause)
    quote = quote_words(spans)
    attribution = _attribution(clause, language)
    notes: list[str] = []
    unattributed = agentless_passive(clause, language) if attribution is None else None
    if attribution is not None and fold(attribution.who) == "on":  # « on estime que »: no one
        unattributed, attribution = attribution.role, None
    if attribution is None:
        speaker = linker.article()
    elif attribution.is_pronoun and state.previous is not None:
        speaker = state.previous
        notes.append(f"speaker: the pronoun {attribution.who!r}, taken from the sentence before")
    else:
        speaker = state.speakers.resolve(
            attribution.who, attribution.claim, attribution.description
        )
    inner = inner_role(attribution.claim, language) if attribution is not None else None
    kind, reason = claim_type(speaker, attribution, quote, clause, unattributed, inner)

    relay = (
        source_phrase(clause)
        or closing_report(clause, language)
        or (source_phrase(sentence.context) if quote else None)
    )
    if relay is not None and attribution is not None and relay.who != attribution.who:
        notes.append(f"reported by {relay.who!r}: say so inside the sentence")
    if kind == "quote":
        text = clause
    elif kind == "accusation" and attribution is not None:
        text = attribution.from_subject
    elif attribution is not None and attribution.claim:
        text = attribution.claim
    else:
        text = clause
    text = sentence_case(with_french_quotes(text) if language == "fr" else text)
    if quote is None and "«" in text:
        notes.append("quoted words kept as an expression; make it a quote if they are a person's")

    date = event_date(clause, published, language)
    if date.words and not re.search(r"\d{4}", date.words):
        notes.append(f"event_date from {date.words!r} and the publication date: check it")
    if date.period:
        notes.append(f"relative date {date.period!r}: write the absolute date in the text")
    context = _CONTEXT_WORDS.findall(text)
    first_word = fold(text).replace("'", " ").split()[:1]
    if first_word and first_word[0] in PRONOUNS and not _IMPERSONAL.match(text):
        context.insert(0, text.split()[0])
    if context:
        shown = ", ".join(repr(c) for c in dict.fromkeys(context))
        notes.append(f"refers to earlier text ({shown}): make the fact self-contained")
    if sentence.origin == "list_item":
        notes.append("a list item, joined to its introduction: reword as one sentence")

    answers = ["when"] if date.day else []
    if _HOW_MANY.search(clause):
        answers.append("how_many")
    # Entities of the whole clause, but not those of the speaker unless the sentence is about
    # them (an accusation names its authors, a quote its speaker).
    speaker_entities = set(speaker.entities)
    entities = [
        e
        for e in linker.entities(clause)
        if e not in speaker_entities or kind in ("accusation", "quote")
    ]
    if speaker.kind != "article":
        state.previous = speaker
    return DraftFact(
        id=unique_id(slug(text), state.fact_ids),
        sentence=sentence,
        text=text,
        speaker=speaker,
        claim_type=kind,
        claim_reason=reason,
        quote=quote,
        entities=entities,
        event_date=date.day,
        answers=answers,
        notes=notes,
    )


def _questions(
    fact: DraftFact, kb: Knowledge, language: Language, new: dict[str, str]
) -> list[str]:
    speaker = fact.speaker
    if speaker.kind == "article":
        speaker_name = ""
    elif speaker.known:
        speaker_name = kb.speakers[speaker.id].name.get(language)
    else:
        speaker_name = speaker.written
    # French needs an article before a country's name (« de la Corée du Nord »): in French
    # only people and new entities are named in a question.
    entity_names = [
        kb.entities[e].name.get(language) if e in kb.entities else new[e]
        for e in fact.entities
        if e in new or (e in kb.entities and (language == "en" or kb.entities[e].kind == "person"))
    ]
    return propose_questions(
        language,
        fact.text,
        fact.claim_type,
        speaker_name,
        entity_names,
        fact.event_date,
        fact.answers,
    )


@dataclass
class _State:
    """What drafting carries from sentence to sentence."""

    fact_ids: set[str]
    speakers: ArticleSpeakers
    previous: SpeakerChoice | None = None  # the last named speaker, for "il a déclaré"


def draft_article(
    text: str, language: Language, document_id: str, published: dt.date, kb: Knowledge
) -> Draft:
    """Every candidate fact of the article, in order; ids unique against the knowledge."""
    linker = Linker(kb, language)
    state = _State(fact_ids=set(kb.facts), speakers=ArticleSpeakers(linker, set(kb.speakers)))
    facts: list[DraftFact] = []
    for sentence in article_sentences(text):
        for clause in split_clauses(sentence.text) or [sentence.text]:
            facts.append(draft_fact(clause, sentence, linker, published, state))
    article = linker.article()
    new_speakers = state.speakers.new_speakers()
    people = {
        word
        for speaker in new_speakers
        if speaker.kind in ("person", "experts", "government")
        for word in fold(speaker.written).split()
    }
    sentences = list({f.sentence.index: f.sentence.text for f in facts}.items())
    entities = propose_entities(sentences, linker, people)
    names = {e.id: e.name for e in entities}
    governments = governments_by_place(new_speakers, entities)
    new_speakers = [governments.get(s.id, s) for s in new_speakers]
    for fact in facts:
        fact.speaker = governments.get(fact.speaker.id, fact.speaker)
        fact.entities += [e.id for e in entities if fact.sentence.index in e.sentences]
        fact.questions = _questions(fact, kb, language, names)
    if not article.known and any(f.speaker.id == article.id for f in facts):
        new_speakers.insert(0, article)
    return Draft(language, document_id, published, facts, new_speakers, entities)

"""Draft candidate facts from an article's text for an admin to review (`knowledge draft`).

One candidate per factual sentence (or per coordinated clause with its own source): the speaker
from the reporting phrase, mapped to a known speaker through its names and entities (or a new
speaker proposed), the claim type from the sentence's cues, and the known entities it names,
found with the same lexicon the index uses. Nothing here is trusted: every guess is explained in
a comment of the draft, and `draft_yaml.py` marks with TODO what a human must write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.knowledge.attribution import (
    ACCUSING,
    ESTIMATING,
    PRONOUNS,
    REPORTED_HEDGES,
    Attribution,
    closing_report,
    conditional_cue,
    evaluative_cue,
    main_quote,
    reporting_verb,
    sentence_case,
    source_phrase,
    split_clauses,
    with_french_quotes,
)
from bot.knowledge.index import lexicon_entries, make_lexicon
from bot.knowledge.loader import Knowledge
from bot.knowledge.model import ClaimType, Language, SpeakerKind
from bot.knowledge.sentences import Sentence, article_sentences
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import Lexicon, analyse, concept_token, fold, stem, words

ARTICLE_SPEAKER = "article"
_HEDGED_KINDS: frozenset[str] = frozenset({"anonymous_source", "state_media", "government"})

_MONTHS = {
    **{
        m: i + 1
        for i, m in enumerate(
            "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre"
            " decembre".split()
        )
    },
    **{
        m: i + 1
        for i, m in enumerate(
            "january february march april may june july august september october november"
            " december".split()
        )
    },
}
_WEEKDAYS = {
    **{d: i for i, d in enumerate("lundi mardi mercredi jeudi vendredi samedi dimanche".split())},
    **{
        d: i
        for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
    },
}
_MONTH_NAMES = "|".join(_MONTHS)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_NAMES})(?:\s+(\d{{4}}))?\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_RELATIVE = re.compile(
    r"\b(?:hier|avant-hier|aujourd'hui|demain|(?:la semaine|le mois|l'an|l'annee)\s+dernier[e]?"
    rf"|(?:{_MONTH_NAMES})\s+dernier|yesterday|today|tomorrow|last\s+(?:week|month|year|"
    rf"{_MONTH_NAMES}))\b"
)
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
    r"\b\d[\d ]{1,}\b|\b(?:milliers|centaines|dizaines|millions|thousands|hundreds|dozens)\b"
)

_KIND_WORDS: tuple[tuple[SpeakerKind, frozenset[str]], ...] = (
    (
        "anonymous_source",
        frozenset(
            "source sources diplomate diplomates diplomat diplomats responsable responsables"
            " official officials".split()
        ),
    ),
    (
        "experts",
        frozenset(
            "expert experts analyste analystes specialiste specialistes chercheur chercheurs"
            " analyst analysts researcher researchers observateurs observers".split()
        ),
    ),
    (
        "state_media",
        frozenset("agence agency media medias television journal newspaper chaine presse".split()),
    ),
    (
        "government",
        frozenset(
            "gouvernement ministere ministre president porte-parole government ministry"
            " minister president spokesman spokeswoman spokesperson".split()
        ),
    ),
)


@dataclass(frozen=True)
class SpeakerChoice:
    id: str
    known: bool
    kind: SpeakerKind
    written: str  # how the article names the speaker
    entities: tuple[str, ...] = ()
    reason: str = ""


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


@dataclass
class Draft:
    language: Language
    document_id: str
    published: dt.date
    facts: list[DraftFact]
    new_speakers: list[SpeakerChoice]


# --- helpers ---------------------------------------------------------------------------------


def slug(text: str, max_words: int = 6, max_length: int = 48) -> str:
    """An id from the content words of a text: "kim-jong-un-belooussov-rencontres"."""
    value = ""
    for word in [w for w in words(text) if w not in STOPWORDS and len(w) > 1][:max_words]:
        if value and len(value) + 1 + len(word) > max_length:
            break
        value = f"{value}-{word}" if value else word[:max_length]
    return value or "fact"


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _content_stems(text: str) -> frozenset[str]:
    return frozenset(
        stem(w, lang) for w in words(text) if w not in STOPWORDS for lang in ("fr", "en")
    )


class Linker:
    """Known speakers and entities, recognised in text with the index's own lexicon."""

    def __init__(self, kb: Knowledge, language: Language):
        self.kb = kb
        self.language = language
        self.lexicon: Lexicon = make_lexicon(lexicon_entries(kb))
        self.concepts: dict[str, str] = {}
        for entity_id in kb.entities:
            self.concepts[concept_token("e", entity_id)] = entity_id
            self.concepts.setdefault(concept_token("d", entity_id), entity_id)

    def entities(self, text: str, demonyms: bool = True) -> list[str]:
        """Entity ids named in `text` (names, aliases and, with `demonyms`, nationality words)."""
        found: list[str] = []
        for token in analyse(text, self.lexicon, (self.language,)):
            if token.concept and (demonyms or token.concept.startswith("e_")):
                entity = self.concepts.get(token.concept)
                if entity and entity not in found:
                    found.append(entity)
        return found

    def speaker(self, written: str) -> SpeakerChoice | None:
        """The known speaker the phrase names: by its name's words, else by its entities."""
        phrase_stems = _content_stems(written)
        named = set(self.entities(written, demonyms=False))
        best: tuple[int, str, str] | None = None
        for speaker in self.kb.speakers.values():
            score, reason = 0, ""
            for name in (speaker.name.fr, speaker.name.en):
                stems = _content_stems(name)
                if stems and stems <= phrase_stems:
                    score, reason = 10 * len(stems) + 5, f"its name {name!r}"
            # A role written where the name would be ("le dirigeant nord-coréen") names the
            # speaker whose description starts with it (roles are not entity aliases).
            for description in (
                (speaker.description.fr, speaker.description.en)
                if (speaker.description and not score)
                else ()
            ):
                stems = _content_stems(description.split(",")[0])
                if len(stems) >= 2 and stems <= phrase_stems:
                    score, reason = 10 * len(stems), f"its description {description!r}"
            if speaker.entities and set(speaker.entities) <= named:
                entity_score = 10 * len(speaker.entities)
                if entity_score > score:
                    score, reason = entity_score, f"entities {', '.join(speaker.entities)}"
            if score and (best is None or score > best[0]):
                best = (score, speaker.id, reason)
        if best is None:
            return self._collective(written)
        speaker = self.kb.speakers[best[1]]
        return SpeakerChoice(
            speaker.id, True, speaker.kind, written, tuple(speaker.entities), f"by {best[2]}"
        )

    def _collective(self, written: str) -> SpeakerChoice | None:
        """ "analysts" or "des spécialistes" are the known experts, when they name no one."""
        if guess_kind(written) != "experts" or self.entities(written):
            return None
        known = [s for s in self.kb.speakers.values() if s.kind == "experts"]
        if len(known) != 1:
            return None
        return SpeakerChoice(known[0].id, True, "experts", written, reason="by its kind")

    def article(self) -> SpeakerChoice:
        for speaker in self.kb.speakers.values():
            if speaker.kind == "article":
                return SpeakerChoice(speaker.id, True, "article", "", reason="no reporting phrase")
        return SpeakerChoice(
            ARTICLE_SPEAKER,
            False,
            "article",
            "l'article" if self.language == "fr" else "the article",
        )

    def propose(self, written: str, taken: set[str]) -> SpeakerChoice:
        """A new speaker for a phrase no known speaker matches; its kind is a guess."""
        entities = tuple(self.entities(written, demonyms=False))
        kind = guess_kind(written)
        if kind is None:
            countries = entities and all(self.kb.entities[e].kind == "country" for e in entities)
            kind = "government" if countries else "person"
        phrase = re.sub(r"^(?:l'|le |la |les |the )", "", written.strip(), flags=re.IGNORECASE)
        return SpeakerChoice(
            unique_id(slug(phrase, 4, 32), taken), False, kind, written, entities, "new speaker"
        )


def guess_kind(written: str) -> SpeakerKind | None:
    """The speaker kind its words suggest ("une source" -> anonymous_source), if any."""
    folded = set(fold(written).replace("'", " ").replace("-", " ").split())
    for kind, cues in _KIND_WORDS:
        if folded & cues:
            return kind
    return None


def event_date(text: str, published: dt.date) -> tuple[dt.date | None, str | None]:
    """A date the sentence gives, completed from the publication date; with the words used."""
    folded = fold(text)
    match = _DAY_MONTH_YEAR.search(folded)
    if match:
        day, month, year = int(match[1]), _MONTHS[match[2]], int(match[3] or published.year)
        try:
            return dt.date(year, month, day), match[0]
        except ValueError:
            return None, None
    match = _MONTH_DAY_YEAR.search(folded)
    if match:
        try:
            return dt.date(int(match[3]), _MONTHS[match[1]], int(match[2])), match[0]
        except ValueError:
            return None, None
    for word in folded.replace("'", " ").split():
        word = word.strip(".,;:!?")
        if word in _WEEKDAYS:
            back = (published.weekday() - _WEEKDAYS[word]) % 7
            return published - dt.timedelta(days=back), word
    return None, None


# --- one candidate fact ------------------------------------------------------------------------


def _claim_type(
    speaker: SpeakerChoice, attribution: Attribution | None, quote: str | None, text: str
) -> tuple[ClaimType, str]:
    if quote is not None:
        return "quote", f"words in quotation marks: «{quote}»"
    if attribution is not None and attribution.lemma in ACCUSING:
        return "accusation", f"the verb {attribution.cue!r}"
    hedge = conditional_cue(text)
    if hedge:
        if hedge in REPORTED_HEDGES:
            return "unverified_report", f"hearsay ({hedge!r})"
        if speaker.kind in _HEDGED_KINDS:
            return "unverified_report", f"hedged ({hedge!r}), speaker kind {speaker.kind}"
        return "estimate", f"hedged ({hedge!r}), speaker kind {speaker.kind}"
    if speaker.kind == "experts" or (attribution is not None and attribution.lemma in ESTIMATING):
        return "estimate", "an opinion (experts, or the verb 'estimer'/'estimate')"
    if speaker.kind == "anonymous_source":
        return "unverified_report", "an anonymous source"
    if speaker.kind == "article":
        cue = evaluative_cue(text)
        if cue:
            return "analysis", f"the article's own judgement ({cue!r})"
        return "background", "the article states it as established"
    return "statement", f"{speaker.kind.replace('_', ' ')} reports it as fact"


def _attribution(text: str) -> Attribution | None:
    """Who speaks: the subject of a reporting verb ("Selon Reuters, le ministère a déclaré que"
    is the ministry's claim, relayed by Reuters), else the source of "selon X"."""
    return reporting_verb(text) or source_phrase(text)


def draft_fact(
    clause: str, sentence: Sentence, linker: Linker, published: dt.date, state: _State
) -> DraftFact:
    language = linker.language
    quote_span = main_quote(clause)
    attribution = _attribution(clause)
    notes: list[str] = []
    if attribution is None:
        speaker = linker.article()
    elif attribution.is_pronoun and state.previous is not None:
        speaker = state.previous
        notes.append(f"speaker: the pronoun {attribution.who!r}, taken from the sentence before")
    else:
        speaker = linker.speaker(attribution.who) or state.new_speaker(attribution.who, linker)
    quote = quote_span.words if quote_span else None
    claim_type, claim_reason = _claim_type(speaker, attribution, quote, clause)

    relay = (
        source_phrase(clause)
        or closing_report(clause)
        or (source_phrase(sentence.context) if quote_span else None)
    )
    if relay is not None and attribution is not None and relay.who != attribution.who:
        notes.append(f"reported by {relay.who!r}: say so inside the sentence")
    if claim_type == "quote":
        text = clause
    elif claim_type == "accusation" and attribution is not None:
        text = attribution.from_subject
    elif attribution is not None:
        text = attribution.claim
    else:
        text = clause
    text = sentence_case(with_french_quotes(text) if language == "fr" else text)
    if quote is None and main_quote(text) is None and "«" in text:
        notes.append("quoted words kept as an expression; make it a quote if they are a person's")

    date, date_words = event_date(clause, published)
    if date_words and not re.search(r"\d{4}", date_words):
        notes.append(f"event_date from {date_words!r} and the publication date: check it")
    relative = _RELATIVE.search(fold(clause))
    if relative:
        notes.append(f"relative date {relative[0]!r}: write the absolute date in the text")
    context = _CONTEXT_WORDS.findall(text)
    first_word = fold(text).replace("'", " ").split()[:1]
    if first_word and first_word[0] in PRONOUNS and not _IMPERSONAL.match(text):
        context.insert(0, text.split()[0])
    if context:
        shown = ", ".join(repr(c) for c in dict.fromkeys(context))
        notes.append(f"refers to earlier text ({shown}): make the fact self-contained")
    if sentence.origin == "list_item":
        notes.append("a list item, joined to its introduction: reword as one sentence")

    answers = ["when"] if date else []
    if _HOW_MANY.search(clause):
        answers.append("how_many")
    # Entities of the whole clause, but not those of the speaker unless the sentence is about
    # them (an accusation names its authors, a quote its speaker).
    speaker_entities = set(speaker.entities)
    entities = [
        e
        for e in linker.entities(clause)
        if e not in speaker_entities or claim_type in ("accusation", "quote")
    ]
    if speaker.id != ARTICLE_SPEAKER and speaker.kind != "article":
        state.previous = speaker
    return DraftFact(
        id=unique_id(slug(text), state.fact_ids),
        sentence=sentence,
        text=text,
        speaker=speaker,
        claim_type=claim_type,
        claim_reason=claim_reason,
        quote=quote,
        entities=entities,
        event_date=date,
        answers=answers,
        notes=notes,
    )


@dataclass
class _State:
    """What drafting carries from sentence to sentence."""

    fact_ids: set[str]
    speaker_ids: set[str]
    new_speakers: dict[str, SpeakerChoice] = field(default_factory=dict)
    previous: SpeakerChoice | None = None  # the last named speaker, for "il a déclaré"

    def new_speaker(self, written: str, linker: Linker) -> SpeakerChoice:
        key = fold(written)
        if key not in self.new_speakers:
            self.new_speakers[key] = linker.propose(written, self.speaker_ids)
        return self.new_speakers[key]


def draft_article(
    text: str, language: Language, document_id: str, published: dt.date, kb: Knowledge
) -> Draft:
    """Every candidate fact of the article, in order; ids unique against the knowledge."""
    linker = Linker(kb, language)
    state = _State(fact_ids=set(kb.facts), speaker_ids=set(kb.speakers))
    facts: list[DraftFact] = []
    for sentence in article_sentences(text):
        for clause in split_clauses(sentence.text) or [sentence.text]:
            facts.append(draft_fact(clause, sentence, linker, published, state))
    article = linker.article()
    new_speakers = list(state.new_speakers.values())
    if not article.known and any(f.speaker.id == article.id for f in facts):
        new_speakers.insert(0, article)
    return Draft(language, document_id, published, facts, new_speakers)

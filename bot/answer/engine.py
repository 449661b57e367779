"""Answer one message from the knowledge store: the only entry point adapters call.

Order matters: empty and non-text input, then the language (a German question is not refused
as "unknown topic"), then what kind of message it is, and only then retrieval. Whatever the
path, the reply is built from curated facts or says plainly that the store does not cover it.
"""

from __future__ import annotations

import re
import unicodedata

from bot.answer import compose
from bot.answer.answer_types import STRICT_TYPES
from bot.answer.intent import Intent, IntentKind, classify
from bot.answer.language import detect_language
from bot.answer.meaning import understand
from bot.answer.politeness import strip_politeness
from bot.answer.query import Query, analyse_question
from bot.answer.reply import Paragraph, Reply, ReplyKind
from bot.answer.retrieval import (
    MIN_COVERAGE,
    Candidate,
    candidates,
    matched_terms,
    unknown_words,
)
from bot.answer.roles import consistent, span_entities, speaker_entities
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import concept_token, fold, strip_accents
from bot.messages import both, t
from bot.wording.attribution import join_names

SUMMARY_SIZE = 5  # facts in an overview ("tl;dr")
MAX_FACTS = 3  # facts in one answer
# A fact declaring the strict detail asked for (a date, a price...) must cover at least this
# share of the best candidate's coverage: a typed fact about something else is no answer.
TYPED_SHARE_OF_BEST = 0.8
# A runner-up joins the best fact only if it covers this share of the best's coverage and is
# among the first RUNNER_UP_RANKS ranked facts.
RUNNER_UP_SHARE = 0.9
RUNNER_UP_RANKS = 5
# Below this coverage in words alone, the question is only partly understood: equally good
# facts are all shown.
UNDERSTOOD_LEXICAL = 0.75
_NUMBER = re.compile(r"\d+")
MAX_QUESTION_CHARS = 2000  # longer messages are refused, whatever the adapter
# Characters that show nothing but would split or glue words: zero-width space, joiners, word
# joiner, bidi marks, byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(
    [
        *(0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0xFEFF),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
_WORD = re.compile(r"[^\W_][\w-]*")
_SPEAKS_OF_FUTURE = frozenset({"estimate", "analysis", "quote"})
_SMALL_TALK: frozenset[IntentKind] = frozenset({"greeting", "thanks", "bye", "ack", "about"})
# Messages refused before retrieval, with the reply kind adapters see.
_REFUSED: dict[IntentKind, ReplyKind] = {
    "opinion": "refusal",
    "injection": "injection",
    "chitchat": "chitchat",
}
_CONFIRMABLE = frozenset({"accusation", "estimate", "unverified_report", "statement", "quote"})


def answer_question(
    store: KnowledgeStore,
    question: str,
    previous_language: str | None = None,
    default_language: str = "fr",
) -> Reply:
    text = normalise(question)
    fallback = previous_language or default_language
    if len(text) > MAX_QUESTION_CHARS:
        message = t(fallback, "refusal.too_long", length=len(text), limit=MAX_QUESTION_CHARS)
        return Reply(question, fallback, False, "refusal", (Paragraph(message),))
    if not text:
        return compose.empty_reply(store, text, fallback)
    if not any(ch.isalpha() for ch in text):
        return _message(text, fallback, "gibberish", "refusal.gibberish")
    detection = detect_language(
        text,
        previous=previous_language,
        default=default_language,
        lexical_hint=store.language_of_word,
    )
    if not detection.supported:
        return Reply(
            question,
            fallback,
            False,
            "other_language",
            (Paragraph(both("refusal.other_language")),),
        )
    language = detection.language
    text = strip_politeness(text) or text
    intent = classify(text)
    if intent.kind == "about":
        return compose.about_reply(store, question, language)
    if intent.kind in _SMALL_TALK:
        return _message(question, language, "smalltalk", f"smalltalk.{intent.kind}")
    if intent.kind in _REFUSED:
        message = t(language, f"refusal.{intent.kind}")
        return compose.refusal(store, question, language, message, _REFUSED[intent.kind])
    if intent.kind == "summary":
        return overview(store, question, language)
    return _answer(store, question, text, language, intent)


def normalise(question: str) -> str:
    """One form for every adapter: compatibility characters folded (NFKC), invisible
    characters (zero-width spaces and joiners, BOM, bidi marks) removed, spaces collapsed."""
    visible = unicodedata.normalize("NFKC", question).translate(_INVISIBLE)
    return " ".join(visible.split())


def overview(store: KnowledgeStore, question: str, language: str) -> Reply:
    """The most important facts, each with its attribution: for "tl;dr" and "what is this?"."""
    facts = store.by_importance()[:SUMMARY_SIZE]
    return compose.facts_reply(
        store, question, language, facts, kind="summary", lead=[t(language, "answer.summary_intro")]
    )


def _message(question: str, language: str, kind: ReplyKind, key: str) -> Reply:
    return Reply(question, language, False, kind, (Paragraph(t(language, key)),))


def _answer(
    store: KnowledgeStore, question: str, text: str, language: str, intent: Intent
) -> Reply:
    query = analyse_question(store, text)
    if query.unknown_names:
        names = join_names(query.unknown_names, language)
        return compose.refusal(
            store, question, language, t(language, "refusal.unknown_name", names=names)
        )
    gibberish = t(language, "refusal.gibberish")
    if not query.terms and intent.asks_sources:
        return compose.sources_reply(store, question, language)
    if not query.terms:
        return compose.refusal(store, question, language, gibberish, "gibberish")
    unknown = unknown_words(query)
    if not any(t.known for t in query.terms):
        return compose.refusal(store, question, language, gibberish, "gibberish")
    found = candidates(store, query, understand(store, text, unknown))
    found = [c for c in found if consistent(store, query, c.fact)]
    # Facts that would answer if they supplied the question's unknown words, but do not: the
    # question asks for something the knowledge does not give ("wounded", "tanks").
    missing = [c for c in found if not c.supplied and c.potential >= MIN_COVERAGE]
    found = [c for c in found if c.coverage >= MIN_COVERAGE]
    if missing and not found:
        words = join_names(_as_written(text, unknown), language)
        return compose.refusal(
            store, question, language, t(language, "refusal.unknown_name", names=words)
        )
    if intent.speaker_span:
        wanted = span_entities(store, intent.speaker_span)
        if wanted:
            found = [c for c in found if wanted & speaker_entities(store, c.fact)]
            if not found:
                name = _span_name(store, wanted, language)
                return compose.refusal(
                    store, question, language, t(language, "refusal.not_said", speaker=name)
                )
    if intent.future:
        found = [c for c in found if c.fact.claim_type in _SPEAKS_OF_FUTURE]
    if intent.answer_type:
        typed = [c for c in found if intent.answer_type in c.fact.answers]
        if intent.answer_type in STRICT_TYPES:
            # The facts closest to the question do not give the detail asked for (a price, a
            # date...): say so rather than answer with a fact about something else.
            best = max((c.coverage for c in found), default=0.0)
            typed = [c for c in typed if c.coverage >= TYPED_SHARE_OF_BEST * best]
            if found and not typed:
                return compose.refusal(store, question, language, t(language, "refusal.no_detail"))
            found = typed
        elif typed:
            found = typed + [c for c in found if c not in typed]
    if not found:
        return compose.refusal(store, question, language, t(language, "refusal.unknown"))
    chosen = [c.fact for c in _select(store, query, found)]
    lead = _lead(query, chosen, language)
    if intent.confirmation and chosen[0].claim_type in _CONFIRMABLE:
        others = [c.fact for c in found]
        return compose.confirmation_reply(store, question, language, chosen, others, lead)
    return compose.facts_reply(store, question, language, chosen, lead=lead)


def _select(store: KnowledgeStore, query: Query, found: list[Candidate]) -> list[Candidate]:
    """The best fact, plus close runners-up that answer a part of the question it leaves out
    (three facts saying the same meeting took place would only be noise), or all the
    equally good ones when the question is only partly understood."""
    best = max(found, key=lambda c: (round(c.coverage, 2), c.fact.importance, -c.rank))
    chosen = [best]
    covered = matched_terms(query, store.fact_terms[best.fact.id])
    for candidate in sorted(found, key=lambda c: c.rank):
        if candidate is best or len(chosen) >= MAX_FACTS:
            continue
        close = candidate.coverage >= max(MIN_COVERAGE, RUNNER_UP_SHARE * best.coverage)
        if not close or candidate.rank >= RUNNER_UP_RANKS:
            continue
        adds = matched_terms(query, store.fact_terms[candidate.fact.id]) - covered
        # When the question is only partly understood, equally good facts are all shown.
        uncertain = best.lexical < UNDERSTOOD_LEXICAL and candidate.coverage >= best.coverage
        if adds or uncertain:
            chosen.append(candidate)
            covered |= adds
    return chosen


def _lead(query: Query, chosen: list[Fact], language: str) -> list[str]:
    """A first sentence when the question's premise is wrong (a figure the facts do not give)."""
    asked = {n for n in _NUMBER.findall(fold(query.text)) if len(n) >= 2}
    stated = set(_NUMBER.findall(fold(chosen[0].text.get(language))))
    if asked and stated and not asked & stated:
        return [t(language, "answer.premise")]
    return []


def _as_written(text: str, folded: tuple[str, ...]) -> list[str]:
    """The question's own spelling of words found accent-free ("tues" -> "tués")."""
    wanted = {w.lower() for w in folded}
    return [w for w in _WORD.findall(text) if strip_accents(w).lower() in wanted] or list(folded)


def _span_name(store: KnowledgeStore, concepts: set[str], language: str) -> str:
    names = [
        entity.name.get(language)
        for entity in store.entities.values()
        if concept_token("e", entity.id) in concepts
    ]
    return join_names(sorted(names), language) if names else "?"

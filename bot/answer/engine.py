"""Answer one message from the knowledge store: the only entry point adapters call.

Order matters: empty and non-text input, then the language (a German question is not refused
as "unknown topic"), then what kind of message it is, and only then retrieval. Whatever the
path, the reply is built from curated facts or says plainly that the store does not cover it.
"""

from __future__ import annotations

import re
import unicodedata

from bot.answer import compose
from bot.answer.answerability import Missing, decide
from bot.answer.details import frame_words
from bot.answer.intent import Intent, IntentKind, classify
from bot.answer.language import detect_language
from bot.answer.meaning import understand
from bot.answer.politeness import question_sentences, strip_politeness
from bot.answer.query import Query, analyse_question
from bot.answer.reply import Paragraph, Reply, ReplyKind
from bot.answer.retrieval import (
    MIN_COVERAGE,
    Candidate,
    candidates,
    matched_terms,
    unknown_words,
)
from bot.answer.spelling import unreadable
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import concept_token, fold, raw_words, strip_accents
from bot.messages import both, t
from bot.wording.attribution import join_names

SUMMARY_SIZE = 5  # facts in an overview ("tl;dr")
MAX_FACTS = 3  # facts in one answer
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
    whole = classify(strip_politeness(text) or text)
    text = strip_politeness(question_sentences(text)) or text
    # An attack or a request to invent anywhere in the message is refused, whatever it asks.
    intent = whole if whole.kind in _REFUSED else classify(text)
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
    query = analyse_question(store, text, frame_words(intent.detail, intent.answer_type))
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
    if not any(t.known for t in query.terms) or unreadable(store, raw_words(text)):
        return compose.refusal(store, question, language, gibberish, "gibberish")
    ranked = candidates(store, query, understand(store, text, unknown))
    decision = decide(store, query, intent, ranked, unknown)
    found = decision.found
    if decision.corrections and intent.yes_no:
        # "Did South Korea send soldiers to Russia?": the fact that says who did corrects it.
        # The closest in meaning: a fact naming both actors in other roles is a weaker correction.
        facts = [max(decision.corrections, key=lambda c: (c.coverage, c.similarity)).fact]
        lead = [t(language, "answer.correction")]
        return compose.facts_reply(store, question, language, facts, lead=lead)
    if decision.missing is not None:
        return _missing(store, question, text, language, decision.missing)
    chosen = [c.fact for c in _select(store, query, found)]
    lead = _lead(query, chosen, language)
    if intent.confirmation and chosen[0].claim_type in _CONFIRMABLE:
        others = [c.fact for c in found]
        return compose.confirmation_reply(store, question, language, chosen, others, lead)
    return compose.facts_reply(store, question, language, chosen, lead=lead)


def _missing(
    store: KnowledgeStore, question: str, text: str, language: str, missing: Missing
) -> Reply:
    """The refusal that says what the question requires and the sources do not supply."""
    if missing.kind == "words":
        words = join_names(_as_written(text, missing.words), language)
        message = t(language, "refusal.unknown_name", names=words)
    elif missing.kind == "speaker":
        name = _span_name(store, set(missing.speakers), language)
        message = t(language, "refusal.not_said", speaker=name)
    elif missing.kind == "detail":
        message = t(language, "refusal.no_detail")
    else:
        message = t(language, "refusal.unknown")
    return compose.refusal(store, question, language, message)


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

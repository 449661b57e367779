"""How strongly a sentence says something: its quotations, hedges and words of judgement.

Read by drafting to choose a claim type; it knows nothing about speakers or knowledge files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.terms import fold

QUOTE_MIN_WORDS = 4  # shorter quoted words are an expression ("consensus satisfaisant")

_CONDITIONAL_WORDS = frozenset(
    """pourrait pourraient aurait auraient serait seraient devrait devraient probablement
    vraisemblablement possiblement could might may reportedly allegedly likely probably
    apparently presumably purportedly""".split()
)
# Hedges that relay hearsay ("la Russie aurait livré", "reportedly") rather than a forecast
# ("pourrait", "could"): the claim is an unverified report, whoever relays it.
REPORTED_HEDGES = frozenset("aurait auraient reportedly allegedly purportedly".split())
FORECAST = "forecast"  # the cue returned for "is expected to", « risque de »: an estimate
_CONDITIONAL_ENDING = re.compile(r"^\w{3,}(?:rait|raient)$")
_NOT_CONDITIONAL = frozenset("portrait portraits retrait retraits extrait extraits attrait".split())
# "could not be reached", "n'a pas pu": an inability, not a hedge.
_NEGATED_MODAL = re.compile(r"\b(?:could|might|may)\s+not\b|\bcannot\b|\bcan't\b|\bcouldn't\b")
# "is expected to", « risque de », "est censé": a forecast, worded without a modal verb.
_FORECAST = re.compile(
    r"\b(?:is|are|was|were)\s+(?:widely\s+)?expected\s+to\b|\b(?:risque|risquent)\s+d"
    r"|\b(?:est|sont)\s+cens[ée]s?\b|\bis\s+likely\b|\bare\s+likely\b",
    re.IGNORECASE,
)

_EVALUATIVE = tuple(
    fold(cue)
    for cue in (
        "significatif", "significative", "crucial", "cruciale", "soulève", "questions", "enjeu",
        "enjeux", "prendre en compte", "potentiel", "potentielle", "possible", "possibles",
        "risque", "risques", "conséquence", "conséquences", "impact", "implication",
        "implications", "s'inscrit", "tendu", "marqué par", "illustre", "témoigne", "semble",
        "significant", "raises", "stakes", "potential", "risk", "risks", "consequences",
        "implications", "tense", "marked by", "illustrates", "appears", "seems",
    )
)  # fmt: skip

OPENING_QUOTES = '«“„"'
CLOSING_QUOTES = '»”"'


@dataclass(frozen=True)
class QuoteSpan:
    words: str
    start: int  # index of the opening mark
    end: int  # index of the closing mark


def quoted_spans(text: str) -> list[QuoteSpan]:
    """Words between « », “ ” or straight quotes; a mistyped opening » counts as an opening."""
    spans: list[QuoteSpan] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if start is None:
            if ch in OPENING_QUOTES or (ch == "»" and "»" in text[i + 1 :]):
                start = i
        elif ch in CLOSING_QUOTES:
            words = text[start + 1 : i].strip(" ,.")
            if words:
                spans.append(QuoteSpan(words, start, i))
            start = None
    return spans


def quote_words(spans: list[QuoteSpan]) -> str | None:
    """The quotation of a fact: its spans of at least QUOTE_MIN_WORDS words, joined."""
    kept = [s.words for s in spans if len(s.words.split()) >= QUOTE_MIN_WORDS]
    return " […] ".join(kept) if kept else None


def main_quote(text: str) -> QuoteSpan | None:
    """The longest quotation of at least QUOTE_MIN_WORDS words (a quote, not an expression)."""
    spans = [s for s in quoted_spans(text) if len(s.words.split()) >= QUOTE_MIN_WORDS]
    return max(spans, key=lambda s: len(s.words), default=None)


def with_french_quotes(text: str) -> str:
    """Quoted words put between « and », whatever marks the article used."""
    for span in reversed(quoted_spans(text)):
        text = f"{text[: span.start].rstrip()} « {span.words} »{text[span.end + 1 :]}"
    return text.replace("' « ", "'« ").replace("( « ", "(« ")


def conditional_cue(text: str) -> str | None:
    """A hedge ("pourrait", "aurait", "could", "reportedly", "is expected to"), or None."""
    unquoted = _NEGATED_MODAL.sub(" ", _outside_quotes(text))
    unquoted = re.sub(r"(?<=[\w,] )May\b", " ", unquoted)  # "took office in May": the month
    for word in fold(unquoted).replace("'", " ").split():
        word = word.strip('.,;:!?«»"()')
        if word in _CONDITIONAL_WORDS:
            return word
        if _CONDITIONAL_ENDING.match(word) and word not in _NOT_CONDITIONAL:
            return word
    return FORECAST if _FORECAST.search(unquoted) else None


def _outside_quotes(text: str) -> str:
    """The sentence without its quotations: a speaker's quoted "could" is their own word."""
    for span in reversed(quoted_spans(text)):
        if len(span.words.split()) >= QUOTE_MIN_WORDS:
            text = text[: span.start] + " " + text[span.end + 1 :]
    return text


def evaluative_cue(text: str) -> str | None:
    """A word of judgement or stakes ("significatif", "crucial", "risques"): analysis."""
    folded = f" {' '.join(fold(text).split())} "
    for cue in _EVALUATIVE:
        if re.search(rf"(?<![\w']){re.escape(cue)}(?!\w)", folded):
            return cue
    return None


def sentence_case(text: str) -> str:
    """Capitalised, with a final full stop."""
    text = text.strip(" ,;")
    if not text:
        return text
    for i, ch in enumerate(text):
        if ch.isalpha():
            text = text[:i] + ch.upper() + text[i + 1 :]
            break
    return text if re.search(r"[.!?…][»”\"')]*$", text) else text + "."

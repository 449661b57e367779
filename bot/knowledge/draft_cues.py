"""How strongly a sentence says something: its quotations, hedges and words of judgement.

Read by drafting to choose a claim type; it knows nothing about speakers or knowledge files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import simplemma

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
_CONDITIONAL_ENDING = re.compile(r"^(?P<stem>\w+r)(?:ait|aient)$")
_NOT_CONDITIONAL = frozenset("portrait portraits retrait retraits extrait extraits attrait".split())
# A French reporting verb in a past tense: « a annoncé », « avait déclaré », « indiquait ».
_PAST_REPORT = re.compile(r"^(?:a|ont|avait|avaient|eut|eurent)\b|(?:ait|aient)$")
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
        # Ranking an event among others is a judgement: "the most serious challenge since".
        "challenge", "défi", "most serious", "plus grave", "plus graves", "sans précédent",
        "unprecedented",
    )
)  # fmt: skip

# Blaming without an accusing verb: « la faute revient à X », "put the blame on X", « tenir X
# pour responsable », "hold X responsible" (« faute de » means "for lack of").
_BLAME = re.compile(
    r"\b(?:la|sa|leur|the|its|their)\s+(?:faute|blame|blâme)\b(?!\s+(?:de|d'|du|des)\b)"
    r"|\b(?:ten\w*|tien\w*)\s+(?:\S+\s+){1,4}?pour\s+responsables?\b"
    r"|\b(?:hold|holds|held|holding)\s+(?:\S+\s+){1,4}?responsible\b",
    re.IGNORECASE,
)


def blame_cue(text: str) -> str | None:
    """The words that lay the blame on someone, outside quotations, or None."""
    match = _BLAME.search(_outside_quotes(text))
    return match.group() if match else None


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


def conditional_cue(text: str, past_report: str | None = None) -> str | None:
    """A hedge ("pourrait", "aurait", "could", "reportedly", "is expected to"), or None.

    `past_report` is the cue of the reporting verb when it is in a past tense (« a annoncé
    qu'il suspendrait »): after it a French conditional is the future of the past, not a
    hedge, unless it is a modal or hearsay word (« pourrait », « aurait »)."""
    unquoted = _NEGATED_MODAL.sub(" ", _outside_quotes(text))
    unquoted = re.sub(r"(?<=[\w,] )May\b", " ", unquoted)  # "took office in May": the month
    future_of_past = past_report is not None and bool(_PAST_REPORT.search(fold(past_report)))
    for raw in unquoted.lower().replace("'", " ").replace("’", " ").split():
        raw = raw.strip('.,;:!?«»"()')
        word = fold(raw)
        if word in _CONDITIONAL_WORDS:
            return word
        if is_conditional(raw) and not future_of_past:
            return word
    return FORECAST if _FORECAST.search(unquoted) else None


def is_conditional(word: str) -> bool:
    """ "suspendrait", "préparerait", "ferait" are conditionals; "préparait", "durait" are
    imperfects of verbs in -rer or -rir: their lemma is the stem before -ait plus -er or -ir."""
    match = _CONDITIONAL_ENDING.match(word)
    if match is None or len(word) < 6 or fold(word) in _NOT_CONDITIONAL:
        return False
    stem = fold(match["stem"])
    infinitive = fold(simplemma.lemmatize(word, lang="fr"))
    return infinitive not in (stem + "er", stem + "ir")


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

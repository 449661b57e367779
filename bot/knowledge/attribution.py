"""Who says it, and how strongly: the reporting phrase, quotes and hedges of one sentence.

This is the part of drafting that reads French and English grammar; it knows nothing about
the knowledge files. `draft.py` maps what is found here to speakers, claim types and entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.knowledge.terms import fold

# "selon X", "d'après X", "according to X": X runs to the next comma or the end of the clause.
_SOURCE = re.compile(
    r"(?P<cue>\bselon|\bd'après|\bd'apres|\baccording to|\bas reported by)\s+"
    r"(?P<who>[^,;:.!?«»\"“”]+?)\s*(?=,|;|:|\.|!|\?|$|\s+(?:que|qu'|that)\b)",
    re.IGNORECASE,
)

# Reporting verbs, by lemma; the lemma tells the claim type ("accuse" makes an accusation).
_FRENCH_VERBS = {
    "affirmer": ("affirme", "affirment", "a affirmé", "ont affirmé", "affirmait"),
    "accuser": ("accuse", "accusent", "a accusé", "ont accusé", "accusait", "accusaient"),
    "estimer": ("estime", "estiment", "a estimé", "ont estimé", "estimait"),
    "déclarer": ("déclare", "déclarent", "a déclaré", "ont déclaré"),
    "fustiger": ("fustige", "fustigent", "a fustigé", "ont fustigé"),
    "dénoncer": ("dénonce", "dénoncent", "a dénoncé", "ont dénoncé"),
    "annoncer": ("annonce", "annoncent", "a annoncé", "ont annoncé"),
    "assurer": ("assure", "assurent", "a assuré", "ont assuré"),
    "indiquer": ("indique", "indiquent", "a indiqué", "ont indiqué"),
    "rapporter": ("rapporte", "rapportent", "a rapporté", "ont rapporté"),
    "souligner": ("souligne", "soulignent", "a souligné", "ont souligné"),
    "expliquer": ("explique", "expliquent", "a expliqué", "ont expliqué"),
    "prévenir": ("prévient", "préviennent", "a prévenu", "ont prévenu"),
    "ajouter": ("ajoute", "ajoutent", "a ajouté", "ont ajouté"),
}
_ENGLISH_VERBS = {
    "say": ("said", "says", "say"),
    "state": ("stated", "states"),
    "claim": ("claimed", "claims", "claim"),
    "accuse": ("accused", "accuses", "accuse"),
    "estimate": ("estimated", "estimates"),
    "announce": ("announced", "announces"),
    "denounce": ("denounced", "denounces"),
    "warn": ("warned", "warns"),
    "report": ("reported", "reports"),
    "allege": ("alleged", "alleges"),
    "tell": ("told", "tells"),
    "add": ("added", "adds"),
    "believe": ("believes", "believe", "believed"),
}
ACCUSING = frozenset({"accuser", "accuse"})
ESTIMATING = frozenset({"estimer", "estimate", "believe"})

_VERB_LEMMAS = {
    form: lemma
    for table in (_FRENCH_VERBS, _ENGLISH_VERBS)
    for lemma, forms in table.items()
    for form in forms
}
_VERB = re.compile(
    r"(?<![\w'])(?P<verb>"
    + "|".join(re.escape(f) for f in sorted(_VERB_LEMMAS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
# Where a clause starts: the subject of a reporting verb is what follows the last of these.
_CLAUSE_START = re.compile(
    r"(?:,|;|:|\b(?:alors|tandis|lorsqu|puisqu|parce)\s+qu(?:e\s+|')|\blorsqu'|\bpuisqu'"
    r"|\b(?:mais|car|et que|while|whereas|but|as|when|since|because|that)\s+|\bqu(?:e\s+|'))",
    re.IGNORECASE,
)
# "a déclaré que", "said on Monday that": the claim starts after que/that (a few words later).
_AFTER_VERB = re.compile(
    r"^\s*(?:,\s*)?(?:[^\s,.;:]+\s+){0,4}?(?:que\s+|qu'|that\s+)", re.IGNORECASE
)
# What may follow a reporting verb that closes its sentence ("..., the government said on
# Friday.", "..., a indiqué lundi l'agence."): a short time or place phrase, then the end.
_CIRCUMSTANCE = (
    r"(?:(?:on|in|at|late|earlier|yesterday|today|dans|lors|hier|ce|cette|lundi|mardi|mercredi"
    r"|jeudi|vendredi|samedi|dimanche)\b(?:\s+(?!that\b|que\b|qu')[^\s,.;:!?«»\"“”]+){0,4})"
)
_CLOSES_SENTENCE = re.compile(rf"^\s*{_CIRCUMSTANCE}?\s*[.!?…]*\s*$", re.IGNORECASE)
# "« ... », a déclaré le ministre." / "..., said Kim on Monday.": the subject follows the verb.
_INVERTED_SUBJECT = re.compile(
    r"^\s*(?:(?:(?:on|in|at|ce|cette)\s+\w+|yesterday|today|hier|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche)\s+)?"
    rf"(?P<who>[^,.;:!?«»\"“”]+?)(?:\s+{_CIRCUMSTANCE})?\s*"
    r"(?:,[^.!?]*)?[.!?…]*\s*$",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r",\s*(?:tandis\s+qu(?:e\s+|')|while\s+|whereas\s+)|;\s+", re.IGNORECASE)

_DETERMINERS = frozenset(
    "le la les l un une des du de d ce cet cette ces son sa ses leur leurs the a an this"
    " these its their his her".split()
)
PRONOUNS = frozenset("il elle ils elles on he she they it".split())
MAX_SUBJECT_WORDS = 8
QUOTE_MIN_WORDS = 4  # shorter quoted words are an expression ("consensus satisfaisant")

_CONDITIONAL_WORDS = frozenset(
    """pourrait pourraient aurait auraient serait seraient devrait devraient probablement
    vraisemblablement possiblement could might may reportedly allegedly likely probably
    apparently""".split()
)
# Hedges that relay hearsay ("la Russie aurait livré", "reportedly") rather than a forecast
# ("pourrait", "could"): the claim is an unverified report, whoever relays it.
REPORTED_HEDGES = frozenset("aurait auraient reportedly allegedly".split())
_CONDITIONAL_ENDING = re.compile(r"^\w{3,}(?:rait|raient)$")
_NOT_CONDITIONAL = frozenset("portrait portraits retrait retraits extrait extraits attrait".split())

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


@dataclass(frozen=True)
class Attribution:
    """The reporting phrase of a sentence: "selon KCNA" or "les États-Unis ... accusent"."""

    who: str  # the speaker as written: "l'agence officielle nord-coréenne KCNA"
    cue: str  # "selon", "d'après", "affirme", "said"...
    lemma: str  # "selon" for source phrases, the verb's lemma otherwise
    claim: str  # the sentence without the reporting phrase: what the speaker claims
    from_subject: str  # the sentence from the speaker on (accusations are worded this way)
    closing: bool = False  # the phrase ends the sentence: "Y, X said." or "Y, a déclaré X."

    @property
    def is_pronoun(self) -> bool:
        return fold(self.who) in PRONOUNS


@dataclass(frozen=True)
class QuoteSpan:
    words: str
    start: int  # index of the opening mark
    end: int  # index of the closing mark


def split_clauses(sentence: str) -> list[str]:
    """Coordinated claims with their own sources ("X, tandis qu'une source affirme Y")."""
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(sentence)]
    return [p for p in parts if len(p.split()) >= 3]


def source_phrase(text: str) -> Attribution | None:
    match = _SOURCE.search(text)
    if not match or len(match.group("who").split()) > MAX_SUBJECT_WORDS:
        return None
    before, after = text[: match.start()].rstrip(" ,"), text[match.end() :].lstrip(" ,")
    claim = f"{before} {after}".strip() if before and after else (before or after)
    return Attribution(match.group("who").strip(), match.group("cue"), "selon", claim, text)


def reporting_verb(text: str) -> Attribution | None:
    """The first reporting verb whose subject is a short noun phrase: opening its clause
    ("X a déclaré que Y"), before a verb that closes the sentence ("Y, X said.") or, inverted,
    after it ("Y, a déclaré X.")."""
    return next(reporting_verbs(text), None)


def closing_report(text: str) -> Attribution | None:
    """The reporting phrase that ends the sentence, if any: in "X accused Y, KCNA reported."
    KCNA relays X's accusation."""
    last = None
    for last in reporting_verbs(text):  # noqa: B007 (the last one is wanted)
        pass
    return last if last is not None and last.closing else None


def reporting_verbs(text: str) -> Iterator[Attribution]:
    """Every reporting verb of `text` with a usable subject, in order."""
    for match in _VERB.finditer(text):
        prefix = text[: match.start()]
        rest = text[match.end() :]
        verb = match.group("verb")
        lemma = _VERB_LEMMAS[verb.lower()]
        starts = list(_CLAUSE_START.finditer(prefix))
        offset = starts[-1].end() if starts else 0
        who = prefix[offset:].strip(" ,")
        if not who:
            inverted = _inverted(prefix, rest)
            if inverted is not None:
                yield Attribution(inverted, verb, lemma, prefix.strip(" ,"), text, closing=True)
            continue
        if len(who.split()) > MAX_SUBJECT_WORDS:
            continue
        from_subject = text[offset:].strip()
        if starts and starts[-1].group().startswith(",") and _CLOSES_SENTENCE.match(rest):
            claim = prefix[: starts[-1].start()].strip()  # "Y, X said.": Y is the claim
            yield Attribution(who, verb, lemma, claim, from_subject, closing=True)
            continue
        after = _AFTER_VERB.match(rest)
        skipped = set(fold(rest[: after.end()]).replace("'", " ").split()) if after else set()
        # "a déclaré vendredi que X": X is the claim; "a annoncé la visite que Y prépare": no.
        claim = rest[after.end() :] if after and not skipped & _DETERMINERS else text
        yield Attribution(who, verb, lemma, claim.strip(), from_subject)


def _inverted(prefix: str, rest: str) -> str | None:
    """The subject of an inverted reporting verb closing the sentence ("Y, a déclaré X.")."""
    if not prefix.rstrip().endswith(",") or len(prefix.split()) < 3:
        return None
    match = _INVERTED_SUBJECT.match(rest)
    if match is None:
        return None
    who = match.group("who").strip()
    first = fold(who).replace("'", " ").split()[:1]
    if not first or first[0] in ("que", "qu", "that") or len(who.split()) > MAX_SUBJECT_WORDS:
        return None
    return who


def quoted_spans(text: str) -> list[QuoteSpan]:
    """Words between « », “ ” or straight quotes; a mistyped opening » counts as an opening."""
    spans: list[QuoteSpan] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if start is None:
            if ch in '«“„"' or (ch == "»" and "»" in text[i + 1 :]):
                start = i
        elif ch in '»”"':
            words = text[start + 1 : i].strip(" ,.")
            if words:
                spans.append(QuoteSpan(words, start, i))
            start = None
    return spans


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
    """A hedge ("pourrait", "aurait", "could", "reportedly"), or None."""
    for word in fold(text).replace("'", " ").split():
        word = word.strip('.,;:!?«»"()')
        if word in _CONDITIONAL_WORDS:
            return word
        if _CONDITIONAL_ENDING.match(word) and word not in _NOT_CONDITIONAL:
            return word
    return None


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

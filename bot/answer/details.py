"""Whether a fact's own words give the detail a question asks for: a number for "how many", a
date for "when", a clock time for "what time", a starting point for "since when", an amount
for "how much", a name for "what is the name of", a background fact about the person for
"what is X's job?".

A fact's declared `answers` say what kind of question it may answer; its text must also hold
the detail itself. "What time did the meeting start?" is not answered by a fact dated 29
November, nor "Since when is Belousov minister?" by the day he met Kim. Patterns run on
accent-folded, lower-case text, in both languages, and name no topic: they are the shapes of
numbers, dates and amounts.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.answer.answer_types import TYPE_FRAME, any_of
from bot.knowledge.model import AnswerType

# A finer detail than the declared answer types: what exactly the question wants.
Detail = Literal[
    "number", "date", "time", "since", "amount", "age", "duration", "name", "role", "locality"
]

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|"
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douzaines?|centaines?|milliers?|"
    r"millions?|milliards?|billions?"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
)
_DAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|yesterday|today|tomorrow|hier|aujourd'hui|demain"
)
_DATE = rf"\b((1[89]|20)\d\d|{_MONTHS}|{_DAYS})\b"

# What a fact's text must contain to give each detail.
_IN_FACT: dict[Detail, re.Pattern[str]] = {
    "number": any_of(r"\d", rf"\b({_NUMBER_WORDS})\b"),
    "date": any_of(_DATE),
    "time": any_of(
        r"\b\d{1,2} ?(h|:)\d\d\b",
        r"\b\d{1,2} ?(h|heures?)\b",
        r"\b\d{1,2} ?(am|pm|a\.m\.|p\.m\.|o'clock)",
        r"\b(midi|minuit|noon|midnight|morning|afternoon|evening|matin|apres-midi|soir)\b",
    ),
    "since": any_of(rf"\b(since|depuis|as of|from)\b.{{0,30}}{_DATE}"),
    "amount": any_of(
        r"[$€£¥]",
        r"\b(dollars?|euros?|roubles?|rubles?|wons?|yuans?|pounds?|livres?|francs?|usd|eur)\b",
    ),
    "age": any_of(r"\b\d+ ?(ans|years? old|-year-old|year-old)\b", r"\bage[ds]? (de )?\d+"),
    "duration": any_of(
        r"\b(\d+|" + _NUMBER_WORDS + r") ?(days?|weeks?|months?|years?|hours?|minutes?|jours?|"
        r"semaines?|mois|ans|annees?|heures?)\b",
        r"\b(since|depuis)\b",
    ),
}

# Question shapes asking for a finer detail than their answer type ("what time" is a "when").
_FINER: tuple[tuple[Detail, re.Pattern[str]], ...] = (
    ("time", any_of(r"\bwhat time\b", r"\ba quelle heure\b", r"\bat what hour\b")),
    ("since", any_of(r"\bsince when\b", r"\bdepuis quand\b", r"\bdepuis combien de temps\b")),
    (
        "name",
        any_of(
            r"\b(what|which) (is|are|was|were) (the )?names?\b",
            r"\bnames? of\b",
            r"\bcomment (s'appelle|s'appellent|se nomme|se nomment)\b",
            r"\b(quel|quels) (est|sont) (le|les) noms?\b",
            r"\bnom (de|du|des)\b",
        ),
    ),
)
_ROLE_NOUN = (
    r"(job|role|position|title|post|function|occupation|profession|poste|titre|fonction|metier)"
)
_FINER += (
    (
        "role",
        any_of(
            rf"'s {_ROLE_NOUN}\b",
            rf"\b(what|which) {_ROLE_NOUN} (does|did|do|is|was|has)\b",
            rf"\b{_ROLE_NOUN} (of|de|du|d')\b",
            rf"\b(quel|quelle) (est )?(le |la )?{_ROLE_NOUN}\b",
            r"^(who|qui) (is|was|est|etait|c'est) [^,;:]{2,40}$",
        ),
    ),
)
_FINER += (
    (
        "locality",
        any_of(
            r"\b(quel|quelle|which|what) (region|ville|city|town|province|localite|area|zone|"
            r"building|batiment|base|front)s?\b",
            r"\bwhere exactly\b",
            r"\bou (exactement|precisement)\b",
        ),
    ),
)
# Words of a question about someone's role that only frame it ("What job does X hold?").
ROLE_FRAME = frozenset(
    "job jobs role roles position positions title titles post function functions occupation"
    " profession poste postes titre titres fonction fonctions metier occupe occupes occupy"
    " occupies hold holds held have has exerce exercent".split()
)
# Words of a question about a date that only frame it ("On what day of the week...").
DATE_FRAME = frozenset(
    "day days week weekday date dates month months year years time jour jours semaine date dates"
    " mois annee annees an heure".split()
)


def frame_words(detail: Detail | None, answer_type: AnswerType | None = None) -> frozenset[str]:
    """The words that only frame a question asking for this detail or type of answer
    ("Pour quelle raison...", "in what place"): they carry no topic."""
    frame = TYPE_FRAME.get(answer_type, frozenset()) if answer_type else frozenset()
    if detail == "role":
        return frame | ROLE_FRAME
    if detail in ("date", "since", "time"):
        return frame | DATE_FRAME
    return frame


# The detail each declared answer type asks for, when no finer shape says more.
_OF_TYPE: dict[AnswerType, Detail] = {
    "how_many": "number",
    "when": "date",
    "how_much": "amount",
    "age": "age",
    "how_long": "duration",
}


# Words that place what is asked in time or among others: the fact must place it the same way.
# "What happened after the meeting?" is not answered by the meeting; "Who was minister before
# Belousov?" not by Belousov; "Did he meet anyone else?" not by the one meeting. The fact
# patterns say the same relation in either language.
Relation = Literal["before", "after", "other"]
_RELATIONS: tuple[tuple[Relation, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "before",
        any_of(r"\b(before|avant|previous(ly)?|former|prior|predecessor|precedent|auparavant)\b"),
        any_of(r"\b(before|avant|previous(ly)?|former|prior|predecessor|precedent|auparavant)\b"),
    ),
    (
        "after",
        any_of(
            r"(?<!d')\b(after|apres|later|afterwards|subsequently|ensuite|plus tard)\b",
            r"\b(since|depuis) ?\??$",
        ),
        any_of(r"\b(after|apres|later|afterwards|subsequently|ensuite|plus tard|since|depuis)\b"),
    ),
    (
        "other",
        any_of(r"\b(else|besides|other than|apart from|a part|en dehors de|d'autres)\b"),
        any_of(r"\b(also|else|besides|other|aussi|egalement|autres?)\b"),
    ),
)


def relations(folded: str) -> frozenset[Relation]:
    """The relations in time or to others the (folded) question asks about."""
    return frozenset(name for name, asked, _stated in _RELATIONS if asked.search(folded))


def states(relation: Relation, folded_fact: str) -> bool:
    """Whether the (folded) fact text places what it says by that relation."""
    return any(stated.search(folded_fact) for name, _a, stated in _RELATIONS if name == relation)


def asked_detail(folded: str, answer_type: AnswerType | None) -> Detail | None:
    """The detail the (folded) question asks for, if it asks for one a text can be checked for."""
    finer = next((detail for detail, pattern in _FINER if pattern.search(folded)), None)
    if finer is not None:
        return finer
    return _OF_TYPE.get(answer_type) if answer_type else None


def gives(detail: Detail, folded_fact: str) -> bool:
    """Whether the (folded) fact text holds the detail; a name or a role is checked on the
    fact's entities and kind instead (`answerability.py`)."""
    pattern = _IN_FACT.get(detail)
    return pattern is None or bool(pattern.search(folded_fact))

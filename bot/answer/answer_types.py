"""The kind of detail a question asks for (a date, a number, a place, a price...): a fact
answers such a question only if it declares that type in `answers` (see `model.AnswerType`).

Patterns run on accent-folded, lower-case text, like the rest of `intent.py`.
"""

from __future__ import annotations

import re

from bot.knowledge.model import AnswerType


def any_of(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of `patterns`."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Question types a fact must declare in `answers` to be an answer (see model.AnswerType).
ANSWER_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("age", any_of(r"\bquel age\b", r"\bhow old\b", r"\bage (de|of)\b", r"\b(son|his|her) age\b")),
    (
        "how_long",
        any_of(
            r"\bcombien de temps\b",
            r"\bhow long\b",
            r"\bduree\b",
            r"\bduration\b",
            r"\b(a|ont) dure\b",
            r"\blast(ed)?\b.{0,15}\?*$",
        ),
    ),
    (
        "how_much",
        any_of(
            r"\bcombien (coute|coutent|vaut|valent|ca coute|d'argent)\b",
            r"\bhow much (does|did|do|is|was|money|will)\b",
            r"\b(prix|price|cost|couts?|"
            r"coute|coutent|montant|amount|valeur|value|dollars?|euros?|paid|paye)\b",
        ),
    ),
    (
        "how_many",
        any_of(
            r"\bcombien\b",
            r"\bhow many\b",
            r"\bnombre (de|d')\b",
            r"\bnumber of\b",
            r"\bquantit(e|y)\b",
            r"\bhow much\b",
        ),
    ),
    (
        "when",
        any_of(
            r"\bquand\b",
            r"\bwhen\b",
            r"\bquel(le)? (jour|date|annee|mois|moment)\b",
            r"\bwhat (day|date|year|month|time)\b",
            r"\ba quel moment\b",
            r"\bsince when\b",
            r"\bdepuis quand\b",
            r"\ben quelle annee\b",
            r"\bwhich (day|date|year)\b",
        ),
    ),
    (
        "where",
        any_of(
            r"\bwhere\b",
            r"\bdans quel(le)? (pays|ville|lieu|endroit)\b",
            r"\bquel lieu\b",
            r"\bquel endroit\b",
            r"\bin which (country|city|place)\b",
            r"\bwhat place\b",
            r"(^|\s)ou (a eu lieu|ont eu lieu|s'est|se sont|se trouv|etai|a lieu)",
        ),
    ),
    (
        "why",
        any_of(
            r"\bpourquoi\b",
            r"\bwhy\b",
            r"\bdans quel but\b",
            r"\bfor what purpose\b",
            r"\bwhat for\b",
            r"\bquelle raison\b",
            r"\bwhat reason\b",
        ),
    ),
    (
        "who",
        any_of(
            r"(?<!\bce )\bqui\b",  # not the relative "ce qui se passe"
            r"\bwho\b",
            r"\bwhom\b",
            r"\bselon qui\b",
            r"\b(quelle est|quelles sont) (la|les) sources?\b",
            r"\b(what|which) (is|are) the sources?\b",
            r"\bwhich sources?\b",
            r"\baccording to whom\b",
            r"\bquel(le)? (personne|responsable|dirigeant|ministre|pays|officiel|source)\b",
            r"\bwhich( \w+)? (official|person|minister|leader|country|countries|source)\b",
            r"\bquel(le)?s? (\w+ )?(responsable|dirigeant|ministre|officiel|pays)\b",
        ),
    ),
)
# Types no fact can be stretched to answer: without a fact declaring them, refuse.
STRICT_TYPES: frozenset[AnswerType] = frozenset(
    {"age", "how_long", "how_much", "when", "where", "how_many"}
)

# Words of a question that only say which type of answer it wants ("Pour quelle raison...",
# "for what purpose", "in what place", "which person"): they carry no topic, as the date and
# role frames do (all read by `details.frame_words`).
TYPE_FRAME: dict[AnswerType, frozenset[str]] = {
    "why": frozenset(
        "raison raisons reason reasons purpose purposes but buts"
        " motif motifs motive motives".split()
    ),
    "where": frozenset("lieu lieux endroit endroits place places".split()),
    "who": frozenset("personne personnes person persons".split()),
}


def answer_type(folded: str) -> AnswerType | None:
    """The first type whose pattern the (folded) question matches."""
    return next((name for name, pattern in ANSWER_TYPES if pattern.search(folded)), None)

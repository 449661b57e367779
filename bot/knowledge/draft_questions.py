"""Alternate questions a draft proposes for each fact, from templates (issue 9 item 5).

Templates, not copies: each question is built from the fact's own parts (its speaker, claim
type, entities, date and counted noun), in the article's language, so a new article arrives
with a first set of questions the reviewer trims or extends. Nothing is taken from any
question list; the reviewer must still check that none copies an evaluation question.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.knowledge.model import ClaimType, Language
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import fold

MAX_QUESTIONS = 5
_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}
_COUNTED = re.compile(r"\d[\d  ,.]*\s+(?P<noun>(?:[^\W\d]+[\s-]?){1,3})")
_VOWEL = re.compile(r"^[aeiouyàâéèêëîïôùûh]", re.IGNORECASE)


def _date(day: dt.date, language: Language) -> str:
    month = _MONTHS[language].split()[day.month - 1]
    return f"{day.day} {month} {day.year}"


def _que(language: Language, clause: str) -> str:
    """ "que" elided before a vowel: « qu'il », « que la »."""
    return f"qu'{clause}" if language == "fr" and _VOWEL.match(clause) else f"que {clause}"


def _as_clause(text: str) -> str:
    """The fact's text as a subordinate clause: no final stop, a determiner in lower case."""
    body = text.rstrip(" .!?…")
    first = body.split(" ", 1)[0]
    if fold(first) in STOPWORDS:
        body = body[:1].lower() + body[1:]
    return body


def _counted(text: str) -> str | None:
    """The noun a number counts: "11,000 North Korean troops" -> "North Korean troops"."""
    match = _COUNTED.search(text)
    if match is None:
        return None
    words = [w for w in match["noun"].split() if fold(w) not in STOPWORDS]
    return " ".join(words) or None


def propose_questions(
    language: Language,
    text: str,
    claim_type: ClaimType,
    speaker_name: str,
    entity_names: list[str],
    event_date: dt.date | None,
    answers: list[str],
) -> list[str]:
    """A few questions the fact answers, in the article's language."""
    clause = _as_clause(text)
    fr = language == "fr"
    speaker_name = _as_clause(speaker_name)
    about = next((e for e in entity_names if fold(e) not in fold(speaker_name)), None)
    questions: list[str] = []
    if claim_type in ("accusation", "estimate", "unverified_report"):
        questions.append(
            f"Est-il confirmé {_que(language, clause)} ?"
            if fr
            else f"Is it confirmed that {clause}?"
        )
    if claim_type == "quote" and speaker_name:
        questions.append(
            f"Qu'a déclaré {speaker_name} ?" if fr else f"What did {speaker_name} say?"
        )
    elif claim_type not in ("background", "analysis") and speaker_name:
        questions.append(
            f"Qui dit {_que(language, clause)} ?" if fr else f"Who says that {clause}?"
        )
    if about and speaker_name and claim_type not in ("background", "analysis"):
        questions.append(
            f"Que dit {speaker_name} au sujet de {about} ?"
            if fr
            else f"What does {speaker_name} say about {about}?"
        )
    noun = _counted(text) if "how_many" in answers else None
    if noun:
        questions.append(f"Combien de {noun} ?" if fr else f"How many {noun}?")
    if event_date is not None and about:
        day = _date(event_date, language)
        questions.append(
            f"Que s'est-il passé le {day} ({about}) ?"
            if fr
            else f"What happened on {day} ({about})?"
        )
    return list(dict.fromkeys(questions))[:MAX_QUESTIONS]

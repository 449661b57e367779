"""How strong a drafted claim is: its claim type, never stronger than the sentence says it.

A quote, an accusation (an accusing verb, blame laid on someone), an opinion verb, a hedge,
an anonymous source or an unattributed passive ("is believed to", « est soupçonné de ») each
keep the claim below a plain statement; only the article's own unhedged words are background.
"""

from __future__ import annotations

import re

from bot.knowledge.attribution import Attribution
from bot.knowledge.draft_cues import (
    FORECAST,
    REPORTED_HEDGES,
    blame_cue,
    conditional_cue,
    evaluative_cue,
)
from bot.knowledge.draft_lemmas import Role
from bot.knowledge.draft_speakers import SpeakerChoice
from bot.knowledge.model import ClaimType
from bot.knowledge.terms import fold

# Speakers whose hedged claims are hearsay rather than their own forecast.
_HEDGED_KINDS: frozenset[str] = frozenset({"anonymous_source", "state_media", "government"})
# What an unattributed reporting verb makes of the article's sentence: "is believed to" an
# estimate, "is said to" hearsay, "is accused of" an accusation.
_UNATTRIBUTED: dict[Role, tuple[ClaimType, str]] = {
    "estimate": ("estimate", "an unattributed belief or estimate"),
    "say": ("unverified_report", "unattributed hearsay"),
    "accuse": ("accusation", "an unattributed accusation"),
}


def claim_type(
    speaker: SpeakerChoice,
    attribution: Attribution | None,
    quote: str | None,
    text: str,
    unattributed: Role | None = None,
    inner: Role | None = None,
) -> tuple[ClaimType, str]:
    """The claim type, never stronger than the sentence. `unattributed` is the role of a
    reporting verb that names no one (a passive without agent, the impersonal « on »);
    `inner` that of a verb opening the reported clause ("said it expected ...")."""
    if quote is not None:
        return "quote", f"words in quotation marks: «{quote}»"
    if attribution is None and unattributed in _UNATTRIBUTED:
        kind, reason = _UNATTRIBUTED[unattributed]
        return kind, reason
    role = attribution.role if attribution is not None else None
    if role == "accuse" or _coordinated_accusation(text):
        return "accusation", f"an accusing verb ({attribution.cue if attribution else 'accuse'!r})"
    blame = blame_cue(attribution.claim) if attribution is not None else None
    if blame:
        return "accusation", f"the speaker lays the blame ({blame!r})"
    if inner == "accuse" and role in ("say", "report"):
        return "accusation", "the reported clause accuses"
    if inner == "estimate" and role in ("say", "report"):
        return "estimate", "the reported clause is the speaker's opinion or forecast"
    if role == "estimate":
        return "estimate", f"an opinion or forecast (the verb {attribution.cue!r})"  # type: ignore[union-attr]
    past = attribution.cue if attribution is not None and attribution.lemma != "selon" else None
    hedge = conditional_cue(text, past)
    if hedge:
        if hedge in REPORTED_HEDGES:
            return "unverified_report", f"hearsay ({hedge!r})"
        if speaker.kind in _HEDGED_KINDS and hedge != FORECAST:
            return "unverified_report", f"hedged ({hedge!r}), speaker kind {speaker.kind}"
        return "estimate", f"hedged ({hedge!r}), speaker kind {speaker.kind}"
    if speaker.kind == "experts" and role != "report":
        return "estimate", "an opinion (experts)"
    if speaker.kind == "anonymous_source":
        return "unverified_report", "an anonymous source"
    if speaker.kind == "article":
        cue = evaluative_cue(text)
        if cue:
            return "analysis", f"the article's own judgement ({cue!r})"
        return "background", "the article states it as established"
    return "statement", f"{speaker.kind.replace('_', ' ')} reports it as fact"


def _coordinated_accusation(text: str) -> bool:
    """ "ont rejeté ces résultats et accusent le gouvernement": a second, accusing verb."""
    return bool(re.search(r"\b(?:et|and)\s+(?:ont\s+|have\s+)?accus", fold(text)))

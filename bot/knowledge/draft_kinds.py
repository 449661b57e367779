"""The speaker kind a phrase's words suggest ("une source" -> anonymous_source).

Kinds the knowledge model does not offer yet fall back to the nearest one it does, so the
guess always validates.
"""

from __future__ import annotations

from typing import get_args

from bot.knowledge.model import SpeakerKind
from bot.knowledge.terms import fold

_KINDS: frozenset[str] = frozenset(get_args(SpeakerKind))
_FALLBACK = {"intelligence": "government", "media": "state_media", "organisation": "person"}

_KIND_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "anonymous_source",
        frozenset(
            """source sources diplomate diplomates diplomat diplomats responsable responsables
            official officials anonymity anonymat insider insiders""".split()
        ),
    ),
    (
        "experts",
        frozenset(
            """expert experts analyste analystes specialiste specialistes chercheur chercheurs
            chercheuse analyst analysts researcher researchers observateurs observers
            politologue politologues economiste economistes fellow scholar professor
            professeur""".split()
        ),
    ),
    (
        "intelligence",
        frozenset("renseignement renseignements intelligence spy espionnage".split()),
    ),
    (
        "media",
        frozenset(
            """television broadcaster newspaper journal radio chaine quotidien daily magazine
            hebdomadaire weekly""".split()
        ),
    ),
    ("state_media", frozenset("agence agency media medias presse".split())),
    (
        "government",
        frozenset(
            """gouvernement ministere ministre president presidente porte-parole government
            ministry minister president spokesman spokeswoman spokesperson police army armee
            navy marine etat-major commission parliament parlement parti partis party
            parties opposition senator senateur lawmaker depute""".split()
        ),
    ),
    ("organisation", frozenset("company societe entreprise ong ngo group groupe".split())),
)


def available(kind: str) -> SpeakerKind:
    """The kind itself when the model has it, else its nearest available kind."""
    while kind not in _KINDS:
        kind = _FALLBACK.get(kind, "person")
    return kind  # type: ignore[return-value]


def guess_kind(written: str) -> SpeakerKind | None:
    """The speaker kind its words suggest, if any."""
    folded = set(fold(written).replace("'", " ").replace("-", " ").split())
    folded |= {w.replace(" ", "-") for w in folded}
    whole = fold(written)
    for kind, cues in _KIND_WORDS:
        if folded & cues or any("-" in cue and cue in whole for cue in cues):
            return available(kind)
    return None

"""The speaker kind a phrase's words suggest ("une source" -> anonymous_source).

Every guess is one of the model's `SpeakerKind`s (mypy checks the table against it), so a
drafted speaker always validates; the model has no kind for companies or NGOs, so their
words suggest `person`, which the reviewer checks like every proposed kind.
"""

from __future__ import annotations

from bot.knowledge.model import SpeakerKind
from bot.knowledge.terms import fold

# Checked in order: the first kind with a word in the phrase wins.
_KIND_WORDS: tuple[tuple[SpeakerKind, frozenset[str]], ...] = (
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
    ("person", frozenset("company societe entreprise ong ngo group groupe".split())),
)


def guess_kind(written: str) -> SpeakerKind | None:
    """The speaker kind its words suggest, if any."""
    folded = set(fold(written).replace("'", " ").replace("-", " ").split())
    folded |= {w.replace(" ", "-") for w in folded}
    whole = fold(written)
    for kind, cues in _KIND_WORDS:
        if folded & cues or any("-" in cue and cue in whole for cue in cues):
            return kind
    return None

"""The speaker kind a phrase's words suggest ("une source" -> anonymous_source).

Every guess is one of the model's `SpeakerKind`s (mypy checks the table against it), so a
drafted speaker always validates; the model has no kind for companies or NGOs, so their
words suggest `person`, which the reviewer checks like every proposed kind.
"""

from __future__ import annotations

from bot.knowledge.model import SpeakerKind
from bot.knowledge.terms import fold

# A news outlet (independent unless a word says it speaks for a state: "state media", « l'agence
# officielle »); a bare "agency" in a wire story is usually a news agency of a state.
_MEDIA = frozenset(
    """television broadcaster newspaper journal radio chaine quotidien daily magazine
    hebdomadaire weekly media medias news times post gazette tribune herald outlet outlets
    site website""".split()
)
_AGENCY = frozenset("agence agency presse press".split())
_STATE = frozenset("state etat officiel officielle official state-run gouvernemental".split())

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
    ("media", _MEDIA),
    ("state_media", _AGENCY),
    (
        "government",
        frozenset(
            """gouvernement ministere ministre president presidente porte-parole government
            ministry minister president spokesman spokeswoman spokesperson police army armee
            navy marine etat-major commission parliament parlement parti partis party
            parties opposition senator senateur lawmaker depute military militaire militaires
            forces command commandement authority authorities autorite autorites
            administration guard garde-cotes""".split()
        ),
    ),
    (
        "person",
        frozenset("company societe entreprise compagnie firm ong ngo group groupe".split()),
    ),
)


def guess_kind(written: str) -> SpeakerKind | None:
    """The speaker kind its words suggest, if any."""
    folded = set(fold(written).replace("'", " ").replace("-", " ").split())
    folded |= {w.replace(" ", "-") for w in folded}
    whole = fold(written)
    if folded & (_MEDIA | _AGENCY) and folded & _STATE:
        return "state_media"
    for kind, cues in _KIND_WORDS:
        if folded & cues or any("-" in cue and cue in whole for cue in cues):
            return kind
    return None

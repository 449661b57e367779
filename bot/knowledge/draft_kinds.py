"""The speaker kind a phrase's words suggest ("une source" -> anonymous_source).

Every guess is one of the model's `SpeakerKind`s (mypy checks the table against it), so a
drafted speaker always validates; the model has no kind for companies or NGOs, so their
words suggest `person`, which the reviewer checks like every proposed kind.

The common nouns that describe a speaker decide before the words of its name: "the data
provider Lloyd's List Intelligence" is a company whatever its name says, "Britain's maritime
security agency UKMTO" a public agency. A name alone still says something: a person's name
takes no article, so "the Pentagon", « le Quai d'Orsay » or an acronym are institutions, and
a role before a full name ("lawmaker Lee Seong-kweun") is that person.
"""

from __future__ import annotations

import re

from bot.knowledge.draft_names import capitalised
from bot.knowledge.model import SpeakerKind
from bot.knowledge.terms import fold, is_acronym

# A news outlet (independent unless a word says it speaks for a state: "state media", « l'agence
# officielle »). A bare "agency" is a public agency (maritime security, atomic energy); only
# with a press word ("news agency", « agence de presse ») is it an outlet.
_MEDIA = frozenset(
    """television broadcaster newspaper journal radio chaine quotidien daily magazine
    hebdomadaire weekly media medias news times post gazette tribune herald outlet outlets
    site website presse press wire""".split()
)
# Words that make a newspaper's title only when written with a capital ("the Kyiv
# Independent"); in lower case they are adjectives or common nouns.
_MEDIA_TITLES = frozenset("independent guardian observer monitor chronicle courier".split())
_AGENCY = frozenset("agence agency".split())
_STATE = frozenset("state etat officiel officielle official state-run gouvernemental".split())
# "press secretary" speaks for a government, "press conference" is no one: not an outlet.
_NOT_PRESS = re.compile(r"\bpress(?=\s+(?:secretary|officer|office|conference|release)\b)")
# Roles held by one person: before a full name ("Defence Minister Andrei Belousov") the
# phrase names that person, without one (« le ministre des Mines ») the office speaks.
_PERSONAL_ROLES = frozenset(
    """minister ministre president presidente senator senateur lawmaker depute deputy mayor
    maire governor gouverneur secretary secretaire chancellor chancelier ambassador
    ambassadeur ambassadrice envoy emissaire commander commandant general director
    directeur directrice chief chef prefect prefet""".split()
)
_NAME_WORDS = 2  # a full name: at least a first name and a surname
_NAME_LINKS = frozenset("of for and the on".split())  # "the Ministry of Foreign Affairs"
_ARTICLES = frozenset("the le la l les".split())
_POSSESSIVE = frozenset({"s"})  # "Britain's agency": the token after the apostrophe
# Words that describe nothing: "the" or "l'" alone leave the kind to the name's words.
_FUNCTION_WORDS = frozenset("the a an le la l les un une de d du des of s".split())
_LINKS = frozenset("de d du des pour of for".split())

# Companies and NGOs: the model has no kind for them, so they are proposed as `person`.
_COMPANIES = frozenset("company societe entreprise compagnie firm ong ngo group groupe".split())

# Checked in order: the first kind with a word in the phrase wins.
_KIND_WORDS: tuple[tuple[SpeakerKind, frozenset[str]], ...] = (
    (
        "anonymous_source",
        frozenset(
            """source sources diplomate diplomates diplomat diplomats responsable responsables
            official officials anonymity anonymat insider insiders habitant habitants
            resident residents temoin temoins witness witnesses villageois habitante
            habitantes""".split()
        ),
    ),
    (
        "experts",
        frozenset(
            """expert experts analyste analystes specialiste specialistes chercheur chercheurs
            chercheuse analyst analysts researcher researchers observateurs observers
            politologue politologues economiste economistes fellow scholar professor
            professeur scientist scientists scientifique scientifiques""".split()
        ),
    ),
    (
        "intelligence",
        frozenset("renseignement renseignements intelligence spy espionnage".split()),
    ),
    ("media", _MEDIA),
    (
        "government",
        frozenset(
            """gouvernement ministere ministre president presidente porte-parole government
            ministry minister president spokesman spokeswoman spokesperson police army armee
            navy marine etat-major commission parliament parlement parti partis party
            parties opposition senator senateur lawmaker depute military militaire militaires
            forces command commandement authority authorities autorite autorites
            administration guard garde-cotes junte junta regime cabinet agence agency secretary
            secretaire enqueteur enqueteurs enqueteuse investigator investigators prosecutor
            prosecutors procureur parquet commissariat haut-commissariat prefecture""".split()
        ),
    ),
    ("person", _COMPANIES),
)


def guess_kind(written: str) -> SpeakerKind | None:
    """The speaker kind its words suggest, if any: its describing words first, then its
    name's words, then what its name's form says (an institution, a titled person)."""
    tokens = re.findall(r"[\w-]+", written)
    described = _describing(tokens)
    news = _news_agency(tokens)
    if any(fold(t) not in _FUNCTION_WORDS for t in described):  # "the data provider X"
        lower = [t for t in tokens if t[:1].islower()]  # "two U.S. officials": its head noun
        kind = _kind_of(described, news) or _kind_of(lower, news)
    else:  # "South Korea's National Intelligence Service": only its name says
        kind = _kind_of(tokens, news) or _titled_media(tokens)
    if kind == "government" and _titled_person(tokens):
        return "person"
    if kind is None and _institution_name(tokens):
        return "government"
    return kind


def described_kind(written: str, description: str) -> SpeakerKind | None:
    """The kind an apposition gives; a named speaker described as an expert or a resident
    ("Jane Roe, a fellow at X") is still one person, not the collective kinds."""
    kind = guess_kind(description) if description else None
    named = not re.match(r"(?i)(?:the|an?|les?|la|l'|une?|des)\b", written.strip())
    if kind in ("experts", "anonymous_source") and named and capitalised(f"x {written}"):
        return None
    return kind


def _describing(tokens: list[str]) -> list[str]:
    """The words in lower case before the name ("the data provider" in "the data provider
    Lloyd's List Intelligence", "maritime security agency" after "Britain's"); the first word
    counts when it has a capital only because it opens the sentence ("Analysts at X")."""
    found: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token[:1].islower():
            found.append(token)
        elif following == "s":  # "Britain's": the owner, not the name described
            continue
        elif i == 0 and following[:1].islower():
            found.append(token)
        else:
            break
    return found


def _kind_of(tokens: list[str], news_agency: bool = False) -> SpeakerKind | None:
    if not tokens:
        return None
    text = _NOT_PRESS.sub(" ", fold(" ".join(tokens)))
    folded = set(text.replace("-", " ").split())  # "France-Presse" holds "presse"
    if folded & (_MEDIA | _AGENCY) and folded & _STATE:
        return "state_media"
    if folded & _AGENCY and news_agency:
        return "media"
    for kind, cues in _KIND_WORDS:
        if folded & cues or any("-" in cue and cue in text for cue in cues):
            return kind
    return None


def _news_agency(tokens: list[str]) -> bool:
    """ "l'agence russe Interfax", "the Interfax agency": an agency named by its name alone (a
    nationality between at most) is a news agency; one described by its domain ("maritime
    security agency UKMTO", « l'agence de sécurité », « l'agence spatiale ») is a public one."""
    for i, token in enumerate(tokens):
        if fold(token) not in _AGENCY or token[:1].isupper():
            continue
        before = tokens[i - 1] if i else ""
        if before[:1].isupper() and fold(before) not in _ARTICLES:
            return True  # "the Interfax agency"
        if before[:1].islower() and fold(before) not in _ARTICLES | _POSSESSIVE:
            return False  # "maritime security agency": its domain describes it
        after = tokens[i + 1 : i + 3]
        if after and after[0][:1].isupper():
            return True  # « l'agence Interfax »
        if len(after) == 2 and fold(after[0]) not in _LINKS and after[1][:1].isupper():
            return True  # « l'agence russe Interfax »
    return False


def _titled_media(tokens: list[str]) -> SpeakerKind | None:
    """ "the Kyiv Independent": a title word of newspapers, written with its capital."""
    later = tokens[1:] or tokens
    return "media" if any(fold(t) in _MEDIA_TITLES and t[:1].isupper() for t in later) else None


def titled_person(written: str) -> bool:
    """ "Le président serbe Aleksandar Vucic": a role before a name, so a person."""
    return _titled_person(re.findall(r"[\w-]+", written))


def _titled_person(tokens: list[str]) -> bool:
    """A personal role followed by a full name that ends the phrase ("lawmaker Lee
    Seong-kweun", « le ministre de la Défense Andreï Belooussov »), or a name right after the
    role ("Defence Minister Belousov", "Interior Minister Carolina Toha")."""
    roles = [i for i, t in enumerate(tokens) if fold(t) in _PERSONAL_ROLES]
    if not roles:
        return False
    after = tokens[roles[-1] + 1 :]  # "Interior Minister Carolina Toha": all in capitals
    if after and all(t[:1].isupper() for t in after):
        return True
    name = 0
    while name < len(tokens) and tokens[-1 - name][:1].isupper():
        name += 1
    if not name or name == len(tokens):
        return False
    right_after = roles[-1] == len(tokens) - name - 1
    return name >= _NAME_WORDS or right_after


def _institution_name(tokens: list[str]) -> bool:
    """A proper name after an article ("the Pentagon", « l'Union européenne », « les FSR »)
    or holding an acronym ("UKMTO", "CERT Polska"): a person's name takes no article and no
    acronym, so it is an institution."""
    if all(t[:1].isupper() for t in tokens) and any(is_acronym(t) for t in tokens):
        return True
    if len(tokens) < 2 or fold(tokens[0]) not in _ARTICLES or not tokens[1][:1].isupper():
        return False
    if fold(tokens[0]) == "the":  # an English name is capitalised throughout, "the Chilean
        return all(t[:1].isupper() or t in _NAME_LINKS for t in tokens[1:])  # insurers" is not
    return True  # « l'Union européenne »: French names keep their adjectives in lower case


def is_company(written: str) -> bool:
    """ "The shipping firm Nordline", « la compagnie »: a word for a company or an NGO."""
    return bool(set(fold(written).replace("'", " ").split()) & _COMPANIES)

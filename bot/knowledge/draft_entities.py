"""New entities a draft proposes: the people, places and organisations an article names that
the knowledge does not know yet.

A name is a run of capitalised words ("Kim Min-ji", "Atlantic Council", « Kvemo Kartli »),
possibly joined by "de", "of"... A sentence's first word counts only when the run goes on
("Elisabeth Braw said"); months, weekdays and known names are left out. The kind is a guess
from the words around the name (a title before a person, "in"/« à » before a place, an
institution word inside an organisation); the reviewer checks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import simplemma

from bot.knowledge.draft_names import slug, unique_id
from bot.knowledge.draft_speakers import Linker, SpeakerChoice
from bot.knowledge.model import EntityKind
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import fold

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME = re.compile(
    rf"(?<![\w'-])[{_UPPER}][\w'-]*(?:\s+(?:(?:de|du|des|d'|of|for|the|al|bin|von|van|la|le)\s+)?"
    rf"[{_UPPER}][\w'-]*)*"
)
_CALENDAR = frozenset(
    fold(w)
    for w in """janvier février mars avril mai juin juillet août septembre octobre novembre
    décembre january february march april may june july august september october november
    december lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday
    thursday friday saturday sunday""".split()
)
_TITLES = frozenset(
    fold(w)
    for w in """president présidente président minister ministre spokesman spokeswoman
    porte-parole lawmaker député senator sénateur researcher chercheur chercheuse fellow
    politologue analyst analyste detective superintendent inspector general général
    secretary secrétaire premier prime leader dirigeant m mme mr mrs ms dr said told
    a-t-il declared defence defense défense""".split()
)
# "Finnish", "Chinese", « Géorgiens »: nationality words, not names.
_NUMBERS = frozenset("two three four five six deux trois quatre cinq six".split())
_DEMONYM = re.compile(r"(?:ish|ese|ean|ian|ern|iens?|iennes?|ois|oise|ais|aise)s?$")
_PLACE_WORDS = frozenset(
    fold(w)
    for w in """sea ocean river lake mount valley region province mer océan fleuve lac mont
    vallée région province""".split()
)
_DETERMINER = re.compile(r"^(?:the|le|la|l')\s*", re.IGNORECASE)
_PLACE_BEFORE = frozenset(fold(w) for w in "in at near from à au en near région region".split())
_ORGANISATION_WORDS = frozenset(
    fold(w)
    for w in """institute institut council conseil commission service services ministry
    ministère agency agence organisation organization union party parti company group
    groupe bank banque university université army navy force forces office court
    committee comité parliament parlement""".split()
)
MIN_NAME_LETTERS = 3
# « D'après Koha », "According to": a source phrase opening the sentence is no part of a name.
_SOURCE_CUES = frozenset("selon apres according".split())


@dataclass
class NewEntity:
    id: str
    kind: EntityKind
    name: str  # as the article writes it
    sentences: list[int] = field(default_factory=list)  # where it is named, from 1


def names_in(text: str, linker: Linker) -> list[tuple[str, str]]:
    """Capitalised names of `text` with the words before each ("", "in", "President"); a
    title inside the run ("German Defence Minister Boris Pistorius") is cut off."""
    found: list[tuple[str, str]] = []
    for match in _NAME.finditer(text):
        words = match.group().strip(" '-").split()
        before = text[: match.start()].rstrip()
        previous = " ".join(fold(before).split()[-2:]).strip(',;:()«»"“”')
        if not before or before[-1] in '.!?«»"“”(:-–—':  # sentence start: "Police suspect"
            if len(words) == 1:
                continue
            if fold(words[0]).split("'")[-1] in STOPWORDS | _NUMBERS | _SOURCE_CUES:
                words = words[1:]  # "The Pentagon" -> "Pentagon", « D'après Koha » -> "Koha"
        possessive = [i for i, w in enumerate(words[:-1]) if w.endswith("'s")]
        if possessive and _known(" ".join(words[: possessive[-1] + 1]), linker):
            words = words[possessive[-1] + 1 :]  # "Russia's Kursk" -> "Kursk"
        if words and words[-1].endswith("'s"):
            words[-1] = words[-1][: -len("'s")]  # "Poland's digital ministry" -> "Poland"
        titles = [i for i, w in enumerate(words) if fold(w) in _TITLES]
        if titles:
            previous, words = fold(words[titles[-1]]), words[titles[-1] + 1 :]
        name = " ".join(words)
        if not name or _not_a_name(name, linker.language):
            continue
        found.append((name, previous))
    return found


def _not_a_name(name: str, language: str) -> bool:
    """A nationality word, a compound adjective ("Chinese-flagged"), or in French a common
    noun given a capital ("Défense", « Conseil »)."""
    if " " in name:
        return False
    return bool(
        _DEMONYM.search(fold(name))
        or re.search(r"-[a-zà-ÿ]", name)
        or (language == "fr" and simplemma.is_known(name.lower(), lang="fr"))
    )


def guess_entity_kind(name: str, before: str, people: set[str]) -> EntityKind:
    """From the name's words and the words before it; `people` are words of person speakers."""
    words = set(fold(name).split())
    previous = set(before.split())
    if words & _ORGANISATION_WORDS or re.fullmatch(rf"[{_UPPER}]{{2,6}}", name):
        return "organisation"
    if words & _PLACE_WORDS or previous & _PLACE_WORDS:
        return "place"
    if previous & _TITLES or (len(words) > 1 and words <= people):
        return "person"
    if previous & _PLACE_BEFORE:
        return "place"
    return "other"


def propose_entities(
    sentences: list[tuple[int, str]], linker: Linker, people: set[str]
) -> list[NewEntity]:
    """Entities named in the sentences that the knowledge does not know, in order."""
    taken = set(linker.kb.entities)
    found: dict[str, NewEntity] = {}
    for index, text in sentences:
        for name, before in names_in(text, linker):
            name = _speaker_tail(name, people)
            key = fold(name)
            if (
                len(re.sub(r"\W", "", name)) < MIN_NAME_LETTERS
                or set(key.split()) <= _CALENDAR | STOPWORDS
                or _known(name, linker)
            ):
                continue
            entity = found.get(key) or _part_of_known(key, found)
            if entity is None:
                kind = guess_entity_kind(name, before, people)
                entity = NewEntity(unique_id(slug(name, 4, 40), taken), kind, name)
                found[key] = entity
            if index not in entity.sentences:
                entity.sentences.append(index)
    return list(found.values())


def _speaker_tail(name: str, people: set[str]) -> str:
    """ "Briefwire Shpend Ahmeti" (« a expliqué à Briefwire Shpend Ahmeti »): a person speaker's
    full name at the end of a run of capitals is that person, not the words told before."""
    words = name.split()
    for start in range(1, len(words) - 1):
        tail = words[start:]
        named = all(w[:1].isupper() and fold(w) in people for w in tail)
        if named and fold(words[start - 1]) not in people:
            return " ".join(tail)
    return name


def _known(name: str, linker: Linker) -> bool:
    """Every word of the name belongs to entities the knowledge has ("Séoul", "Kim Jong Un")."""
    known = linker.entities(name)
    if not known:
        return False
    words = set(fold(name).replace("'s", "").replace("-", " ").split()) - STOPWORDS
    words = {w.removesuffix("'s") for w in words}
    return words <= linker.entity_words(known)


def _part_of_known(key: str, found: dict[str, NewEntity]) -> NewEntity | None:
    """ "Braw" after "Elisabeth Braw": the surname names the person already proposed."""
    for known_key, entity in found.items():
        if entity.kind == "person" and key in known_key.split():
            return entity
    return None


def governments_by_place(
    speakers: list[SpeakerChoice], entities: list[NewEntity]
) -> dict[str, SpeakerChoice]:
    """ "Iran has denied", « Tbilissi a démenti »: a new speaker that is only a place's name
    speaks for its government (known countries are read so by `Linker.propose` already)."""
    places = {fold(e.name) for e in entities if e.kind == "place"}
    return {
        s.id: replace(s, kind="government", reason="a place speaking for its government")
        for s in speakers
        if not s.known and s.kind == "person" and fold(_DETERMINER.sub("", s.written)) in places
    }

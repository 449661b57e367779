"""Who a reporting phrase names: a known speaker, one already proposed for this article, or a
new one with a guessed kind.

Known speakers and entities are recognised with the index's own lexicon. Within an article the
same speaker is named many ways ("South Korea's National Intelligence Service", "the
intelligence service", "the agency"; "Detective Superintendent Risto Lohi", "Lohi"; "Pentagon
spokesman Mark Ellis" for the Pentagon): each is mapped to the speaker first proposed, so the
reviewer gets one speaker per source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.draft_kinds import described_kind, guess_kind, is_company, titled_person
from bot.knowledge.draft_names import (
    capitalised,
    content_stems,
    document_author,
    slug,
    unique_id,
)
from bot.knowledge.index import lexicon_entries, make_lexicon
from bot.knowledge.loader import Knowledge
from bot.knowledge.model import Language, SpeakerKind
from bot.knowledge.terms import (
    ConceptKind,
    Lexicon,
    analyse,
    concept_kind,
    concept_token,
    fold,
)

ARTICLE_SPEAKER = "article"
# "Pentagon spokesman Mark Ellis", « la porte-parole de la diplomatie chinoise, Mao Ning »
_ROLE = r"(?:spokesman|spokeswoman|spokesperson|porte-parole|press\s+secretary)"
_SPOKESPERSON = re.compile(
    rf"^(?P<org>.+?)\s+{_ROLE}\b"
    rf"|\b{_ROLE}\s+(?:of|for|de|du|des)\s+"
    r"(?:la\s+|l'|le\s+|les\s+|the\s+)?(?P<org2>[^,]+)",
    re.IGNORECASE,
)
_POSSESSIVE_SPOKESPERSON = re.compile(
    r"^(?:son|sa|his|her|its|their|leur)\s+(?:spokesman|spokeswoman|spokesperson|porte-parole)",
    re.IGNORECASE,
)
# "the agency", « le ministère »: a definite description standing for a source named before.
_DEFINITE = re.compile(r"^(?:the|le|la|l'|les)\s*\w+(?:\s+\w+)?$", re.IGNORECASE)
# Only a bare singular noun stands for the last institution: « la police nationale » or « les
# enquêteurs » are speakers of their own.
_BARE_DEFINITE = re.compile(r"^(?:the|le|la|l')\s*\w+$", re.IGNORECASE)
_INSTITUTIONS: frozenset[str] = frozenset({"government", "state_media", "intelligence", "media"})
# "the government", « le gouvernement »: the country's own, named by the description itself,
# not the last institution or minister named ("the company" or "the agency" stand for one).
_SELF_NAMED = re.compile(r"^(?:the|le)\s+(?:government|gouvernement)$", re.IGNORECASE)
# An indefinite singular before a common noun: someone the article does not name.
_UNNAMED = re.compile(r"^(?:an?|une?)\s+[a-zà-ÿ]", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerChoice:
    id: str
    known: bool
    kind: SpeakerKind
    written: str  # how the article names the speaker
    entities: tuple[str, ...] = ()
    reason: str = ""
    description: str = ""  # the article's apposition ("une radio locale"), for the reviewer


class Linker:
    """Known speakers and entities, recognised in text with the index's own lexicon."""

    def __init__(self, kb: Knowledge, language: Language):
        self.kb = kb
        self.language = language
        self.lexicon: Lexicon = make_lexicon(lexicon_entries(kb))
        self.concepts: dict[str, str] = {}
        for entity_id in kb.entities:
            self.concepts[concept_token(ConceptKind.ENTITY, entity_id)] = entity_id
            self.concepts.setdefault(concept_token(ConceptKind.DEMONYM, entity_id), entity_id)

    def entities(self, text: str, demonyms: bool = True) -> list[str]:
        """Entity ids named in `text` (names, aliases and, with `demonyms`, nationality words)."""
        found: list[str] = []
        for token in analyse(text, self.lexicon, (self.language,)):
            kind = concept_kind(token.concept or "")
            if kind is ConceptKind.ENTITY or (demonyms and kind is ConceptKind.DEMONYM):
                entity = self.concepts.get(token.concept or "")
                if entity and entity not in found:
                    found.append(entity)
        return found

    def entity_words(self, entity_ids: list[str] | tuple[str, ...]) -> set[str]:
        """Folded words of the entities' names and aliases."""
        found: set[str] = set()
        for entity_id in entity_ids:
            entity = self.kb.entities[entity_id]
            for name in (entity.name.fr, entity.name.en, *entity.aliases, *entity.demonyms):
                found |= set(fold(name).replace("-", " ").split())
        return found

    def speaker(self, written: str) -> SpeakerChoice | None:
        """The known speaker the phrase names: by its name's words, else by its entities; a
        phrase naming someone more ("le Japon" besides Seoul and Washington) is not it."""
        phrase_stems = content_stems(written)
        named = self.entities(written, demonyms=False)
        names = {fold(n).replace("-", " ") for n in capitalised(written)}
        phrase = fold(written).replace("-", " ").split()
        best: tuple[int, str, str] | None = None
        for speaker in self.kb.speakers.values():
            score, reason = 0, ""
            for name in (speaker.name.fr, speaker.name.en):
                stems = content_stems(name)
                name_words = fold(name).replace("-", " ").split()
                # "Kestrian Foreign Minister Ana Rell": a title before a person's full name.
                titled = (
                    speaker.kind == "person"
                    and len(name_words) > 1
                    and phrase[-len(name_words) :] == name_words
                )
                if (
                    stems
                    and stems <= phrase_stems
                    and (titled or not _extra(names, set(name_words)))
                ):
                    score, reason = 10 * len(stems) + 5, f"its name {name!r}"
            # A role written where the name would be ("le dirigeant nord-coréen") names the
            # speaker whose description starts with it (roles are not entity aliases).
            for description in (
                (speaker.description.fr, speaker.description.en)
                if (speaker.description and not score)
                else ()
            ):
                stems = content_stems(description.split(",")[0])
                if len(stems) >= 2 and stems <= phrase_stems:
                    score, reason = 10 * len(stems), f"its description {description!r}"
            covered = self.entity_words(speaker.entities)
            same_entities = speaker.entities and set(speaker.entities) == set(named)
            if same_entities and not _extra(names, covered):
                entity_score = 10 * len(speaker.entities)
                if entity_score > score:
                    score, reason = entity_score, f"entities {', '.join(speaker.entities)}"
            if score and (best is None or score > best[0]):
                best = (score, speaker.id, reason)
        if best is None:
            return self._collective(written)
        speaker = self.kb.speakers[best[1]]
        return SpeakerChoice(
            speaker.id, True, speaker.kind, written, tuple(speaker.entities), f"by {best[2]}"
        )

    def _collective(self, written: str) -> SpeakerChoice | None:
        """ "analysts" or "des spécialistes" are the known experts, when they name no one."""
        later_names = [w for w in re.findall(r"[\w-]+", written)[1:] if w[:1].isupper()]
        if guess_kind(written) != "experts" or self.entities(written) or later_names:
            return None
        known = [s for s in self.kb.speakers.values() if s.kind == "experts"]
        if len(known) != 1:
            return None
        return SpeakerChoice(known[0].id, True, "experts", written, reason="by its kind")

    def article(self) -> SpeakerChoice:
        for speaker in self.kb.speakers.values():
            if speaker.kind == "article":
                return SpeakerChoice(speaker.id, True, "article", "", reason="no reporting phrase")
        return SpeakerChoice(
            ARTICLE_SPEAKER,
            False,
            "article",
            "l'article" if self.language == "fr" else "the article",
        )

    def propose(self, written: str, taken: set[str], description: str = "") -> SpeakerChoice:
        """A new speaker for a phrase no known speaker matches; its kind is a guess, from what
        the article says it is ("Kpler, a ship-tracking firm") before its name."""
        entities = tuple(self.entities(written, demonyms=False))
        kind = described_kind(written, description) or guess_kind(written)
        if kind is None and _UNNAMED.match(written):
            kind = "anonymous_source"  # "a doctor at X", « une habitante »: no name given
        if kind is None:
            countries = entities and all(self.kb.entities[e].kind == "country" for e in entities)
            kind = "government" if countries else "person"
        phrase = re.sub(r"^(?:l'|le |la |les |the )", "", written.strip(), flags=re.IGNORECASE)
        speaker_id = unique_id(slug(phrase, 4, 32), taken)
        return SpeakerChoice(speaker_id, False, kind, written, entities, "new speaker", description)


def _singular_description(written: str) -> bool:
    """ "the company", « l'analyste », "the ministry": one definite noun, no name, singular."""
    text = written.strip()
    if not _DEFINITE.match(text) or capitalised(text) or re.match(r"(?i)les\b", text):
        return False
    return not (text.lower().startswith("the ") and re.search(r"[^s]s$", text.split()[-1]))


def _extra(names: set[str], covered: set[str]) -> bool:
    """A capitalised word of the phrase that the speaker's own words do not cover."""
    return any(not set(name.split()) <= covered for name in names)


class ArticleSpeakers:
    """The speakers named so far in one article, for de-duplication."""

    def __init__(self, linker: Linker, taken: set[str]):
        self.linker = linker
        self.taken = taken
        self.proposed: dict[str, SpeakerChoice] = {}  # folded phrase -> speaker
        self.order: list[SpeakerChoice] = []  # most recent last, known speakers included

    def resolve(self, written: str, claim: str = "", description: str = "") -> SpeakerChoice:
        """The speaker a phrase names, reusing one already seen in the article."""
        choice = self._resolve(document_author(written), claim, description)
        if choice in self.order:
            self.order.remove(choice)
        self.order.append(choice)
        return choice

    def _resolve(self, written: str, claim: str, description: str = "") -> SpeakerChoice:
        key = fold(written).strip()
        if key in self.proposed:
            return self.proposed[key]
        if _POSSESSIVE_SPOKESPERSON.match(written):
            lead = re.split(r",|\s(?:a|est|has|is|was|will)\s", claim, maxsplit=1)[0]
            if capitalised(lead) or lead[:1].isupper():
                return self._remember(key, self._resolve(lead.strip(), ""))
        spokesperson = _SPOKESPERSON.search(written)
        if spokesperson:
            org = (spokesperson["org"] or spokesperson["org2"]).strip(" ,")
            for_org = self._earlier(org) or self.linker.speaker(org)
            if for_org is not None:
                return self._remember(key, for_org)
        if _singular_description(written) and not _SELF_NAMED.match(written.strip()):
            # "the company", « l'analyste »: named before
            found = self._described(written) or self.linker.speaker(written)
        else:
            found = self.linker.speaker(written) or self._earlier(written)
        if found is None:
            found = self.linker.propose(written, self.taken, description)
        return self._remember(key, found)

    def _remember(self, key: str, choice: SpeakerChoice) -> SpeakerChoice:
        if not choice.known:
            self.proposed[key] = choice
        return choice

    def _earlier(self, written: str) -> SpeakerChoice | None:
        """A speaker named before that this phrase names again: its words are a part of the
        earlier name ("Lohi", "the intelligence service"), or it is a definite description
        ("the agency") standing for the last institution named."""
        stems = content_stems(written)
        if not stems:
            return None
        named = set(self.linker.entities(written, demonyms=False))
        kind = guess_kind(written)
        for earlier in reversed(self.order):
            same_kind = kind is None or kind == earlier.kind
            if named and named == set(earlier.entities) and not earlier.known and same_kind:
                return earlier  # "the Kremlin" after "Russia": the same country speaks
        for earlier in reversed(self.order):
            if earlier.kind == "article":
                continue
            earlier_stems = content_stems(earlier.written)
            if earlier.known:
                speaker = self.linker.kb.speakers[earlier.id]
                earlier_stems |= content_stems(speaker.name.fr) | content_stems(speaker.name.en)
            if stems <= earlier_stems:
                return earlier
        if (
            _BARE_DEFINITE.match(written.strip())
            and not _SELF_NAMED.match(written.strip())
            and not capitalised(written)
            and guess_kind(written) in _INSTITUTIONS  # "the agency", not "the airport operator"
        ):
            for earlier in reversed(self.order):
                if earlier.kind in _INSTITUTIONS:
                    return earlier
        return None

    def _described(self, written: str) -> SpeakerChoice | None:
        """The speaker a singular definite description stands for: the last one named of the
        kind its words suggest (« l'analyste » after « l'économiste Alexandru Fala »)."""
        kind = guess_kind(written)
        if kind is None or not _BARE_DEFINITE.match(written.strip()):
            return self._earlier(written)
        named = [e for e in reversed(self.order) if e.kind == kind and capitalised(e.written)]
        if is_company(written):  # "the company": a company named before, else no minister
            companies = [e for e in named if is_company(e.written)]
            named = companies or [e for e in named if not titled_person(e.written)]
        if named:
            return named[0]
        return self._earlier(written)

    def new_speakers(self) -> list[SpeakerChoice]:
        return list(dict.fromkeys(self.proposed.values()))

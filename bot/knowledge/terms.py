"""Text analysis shared by the index build and the question side.

Both sides must turn text into the same terms, or nothing matches: accent and case folding,
word splitting, entity and synonym recognition (a phrase becomes one concept term such as
`e_north_korea`), stop-word removal and Snowball stemming in the text's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import snowballstemmer

from bot.knowledge.stopwords import STOPWORDS

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "«": '"', "»": '"'})
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s\u00a0\u202f.,](?=\d{3}\b)")
_WORD = re.compile(r"[A-Za-z0-9]+")
MAX_PHRASE = 6


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, accent-free text with thousands separators removed ("10 000" -> "10000")."""
    return _DIGIT_GROUPS.sub("", strip_accents(text)).lower()


def raw_words(text: str) -> list[str]:
    """Accent-free words, case kept (short all-caps aliases such as "US" are case-sensitive)."""
    return _WORD.findall(_DIGIT_GROUPS.sub("", strip_accents(text)))


def is_acronym(word: str) -> bool:
    """UN, NATO, OTAN: at least two letters, all capitals. Such a word is a name even where
    its lower-case form is a stop word ("UN" is not the French "un") or too short to count."""
    return len(word) >= 2 and word.isupper()


def words(text: str) -> list[str]:
    return [w.lower() for w in raw_words(text)]


_STEMMERS = {
    "fr": snowballstemmer.stemmer("french"),
    "en": snowballstemmer.stemmer("english"),
}


@lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    if word.isdigit() or len(word) <= 2:
        return word
    return _STEMMERS[language].stemWord(word)


class ConceptKind(StrEnum):
    """What a concept token stands for; its value is the token's prefix ("e_north_korea")."""

    ENTITY = "e"
    DEMONYM = "d"
    SYNONYM = "s"


def concept_token(kind: str, concept_id: str) -> str:
    """The index token of an entity ("e"), synonym group ("s") or demonym ("d")."""
    return f"{kind}_{concept_id.replace('-', '_')}"


_CONCEPT_KINDS = {kind.value: kind for kind in ConceptKind}


def concept_kind(token: str) -> ConceptKind | None:
    """The kind of a concept token, None for a plain word's stem. (A dict, not
    `ConceptKind(...)`: this runs for every token of every candidate fact.)"""
    return _CONCEPT_KINDS.get(token[:1]) if token[1:2] == "_" else None


@dataclass(frozen=True)
class Token:
    """One analysed unit of text: a concept (entity, synonym, demonym) or a plain word."""

    text: str  # the words as written (accent-free)
    position: int  # index of the first word in the text
    concept: str | None = None  # concept token, e.g. "e_north_korea"
    stems: tuple[str, ...] = ()  # index terms of a plain word (one per language tried)

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.concept,) if self.concept else self.stems


@dataclass
class Lexicon:
    """Phrases that name a concept: entity aliases, demonyms and synonym groups.

    Phrases are looked up on folded words and on their French and English stems, so an
    inflected form ("rencontrés") still finds its group ("rencontre").
    """

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    stemmed: dict[tuple[str, ...], str] = field(default_factory=dict)
    case_sensitive: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 1
    # The numbers of words phrases have: windows of other lengths are not looked up (building
    # the index analyses every text of every fact: 10,000 facts made millions of lookups).
    lengths: set[int] = field(default_factory=lambda: {1})

    def add(self, phrase: str, concept: str) -> None:
        raw = tuple(raw_words(phrase))
        if not raw:
            return
        self.longest = max(self.longest, min(len(raw), MAX_PHRASE))
        if len(raw) == 1 and len(raw[0]) <= 3 and raw[0].isupper():
            self.case_sensitive.setdefault(raw, concept)
            return
        low = tuple(w.lower() for w in raw)
        self.lengths.add(len(low))
        self.phrases.setdefault(low, concept)
        for key in (_stems(low, "fr"), _stems(low, "en")):
            self.stemmed.setdefault(key, concept)

    def vocabulary(self) -> set[str]:
        return {w for phrase in self.phrases for w in phrase}

    def match(
        self,
        raw: Sequence[str],
        low: Sequence[str],
        start: int,
        stems: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> tuple[str, int] | None:
        """The longest phrase starting at `start`: (concept, number of words). `stems`: the
        French and English stems of every word of `low`, computed once per text."""
        fr, en = stems or (_stems(low, "fr"), _stems(low, "en"))
        for length in range(min(self.longest, len(low) - start), 0, -1):
            if length not in self.lengths:
                continue
            end = start + length
            # An exact spelling wins over a stem ("Japon" the country, not "japonais").
            concept = self.phrases.get(tuple(low[start:end]))
            concept = concept or self.stemmed.get(tuple(fr[start:end]))
            concept = concept or self.stemmed.get(tuple(en[start:end]))
            if concept:
                return concept, length
            if length == 1:
                concept = self.case_sensitive.get((raw[start],))
                if concept:
                    return concept, 1
        return None


def _stems(words_: Iterable[str], language: str) -> tuple[str, ...]:
    return tuple(stem(w, language) for w in words_)


def analyse(
    text: str,
    lexicon: Lexicon,
    languages: Sequence[str],
) -> list[Token]:
    """Split text into concept and word tokens; stems are computed for each language given."""
    raw = raw_words(text)
    low = [w.lower() for w in raw]
    by_language = (_stems(low, "fr"), _stems(low, "en"))
    tokens: list[Token] = []
    i = 0
    while i < len(low):
        found = lexicon.match(raw, low, i, by_language)
        if found:
            concept, length = found
            tokens.append(Token(" ".join(raw[i : i + length]), i, concept=concept))
            i += length
            continue
        word = low[i]
        if word not in STOPWORDS or is_acronym(raw[i]):
            stems = tuple(dict.fromkeys(stem(word, lang) for lang in languages))
            tokens.append(Token(raw[i], i, stems=stems))
        i += 1
    return tokens


def index_terms(text: str, lexicon: Lexicon, language: str) -> list[str]:
    """Terms of a text in a known language, as they are written into the full-text index.

    A concept is indexed with the stems of its words too, so a partial name ("Nord",
    "Corée") still finds the facts about "Corée du Nord".
    """
    terms: list[str] = []
    for token in analyse(text, lexicon, (language,)):
        terms.extend(token.terms)
        if token.concept:
            terms.extend(
                stem(w, language) for w in words(token.text) if w not in STOPWORDS and len(w) > 2
            )
    return terms

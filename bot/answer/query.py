"""What the question says, in the index's terms: its words corrected for typos, each weighted
(names and curated concepts weigh more than plain words, rare words a little more than common
ones), the words no fact contains, and the capitalised names the knowledge does not know.

Everything downstream (ranking, coverage, the role checks) works on this `Query`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

from bot.answer.analysed import entity_ids
from bot.answer.spelling import correct_typos
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import (
    ConceptKind,
    Token,
    analyse,
    concept_kind,
    is_acronym,
    raw_words,
)

# Words of questions that say nothing about the topic ("mentioned in the article").
FILLERS = frozenset(
    "article mentioned mentionne mentionnee mentionnes texte news actualite information infos info"
    " propos sujet say says said saying tell dire disent parle parler talk talked happen happened"
    " passe question source sources"
    " savoir know think pense exactly exactement vraiment really right correct vrai true official"
    " officiel confirmed confirme fact fait reportedly nom name names noms appelle called"
    " according lieu place take took"
    # saying and telling, existing and mattering: the frame of a question, not its topic
    " dis dit dites raconte racontent claim claims exist exists existe existent matter matters"
    " mean means signifie rapporte rapportent report reports reported nouvelle nouvelles"
    # relative pronouns ("l'information selon laquelle...")
    " laquelle lequel lesquels lesquelles"
    # interjections
    " hey whatever"
    # modal verbs: what must or should happen frames the question ("Pourquoi faut-il suivre...")
    " faut faudrait falloir doit doivent devrait devraient must should".split()
)
ENTITY_WEIGHT = 3.0
DEMONYM_WEIGHT = 2.0
SYNONYM_WEIGHT = 1.5
UNKNOWN_WORD_WEIGHT = 1.5
# A rare word weighs up to this much more than a common one.
MAX_RARITY_BONUS = 0.5
# Above this share of capitalised words (after the first), the question is written in title
# case and a capital says nothing about names.
TITLE_CASE_SHARE = 0.5
_CONCEPT_WEIGHTS = {ConceptKind.ENTITY: ENTITY_WEIGHT, ConceptKind.DEMONYM: DEMONYM_WEIGHT}


TermKind = Literal["entity", "demonym", "synonym", "word"]
T = TypeVar("T")
_TERM_KINDS: dict[ConceptKind, TermKind] = {
    ConceptKind.ENTITY: "entity",
    ConceptKind.DEMONYM: "demonym",
    ConceptKind.SYNONYM: "synonym",
}


@dataclass
class QueryTerm:
    token: Token
    weight: float
    known: bool  # the index knows this word or concept

    @property
    def kind(self) -> TermKind:
        kind = concept_kind(self.token.concept) if self.token.concept else None
        return _TERM_KINDS[kind] if kind else "word"


@dataclass
class Query:
    text: str
    terms: list[QueryTerm]
    unknown_names: list[str] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)  # every token, fillers included
    raw: list[str] = field(default_factory=list)  # the words the tokens' positions refer to
    # What the role checks read from the question (receivers, doers, nationalities), computed
    # once per question rather than once per candidate fact (`once`).
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for this question, then its result."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])


def analyse_question(
    store: KnowledgeStore, text: str, frame: frozenset[str] = frozenset()
) -> Query:
    """The question's terms; words in `frame` only frame the question (like `FILLERS`)."""
    raw = raw_words(text)
    corrected = [_corrected(store, w) for w in raw]
    tokens = analyse(" ".join(corrected), store.lexicon, ("fr", "en"))
    total = max(len(store.facts), 1)
    frequency = store.document_frequency
    terms: list[QueryTerm] = []
    unknown_names: list[str] = []
    for token in tokens:
        if token.concept:
            kind = concept_kind(token.concept)
            weight = _CONCEPT_WEIGHTS.get(kind, SYNONYM_WEIGHT) if kind else SYNONYM_WEIGHT
            terms.append(QueryTerm(token, weight, True))
            continue
        word = token.text.lower()
        if (
            word in FILLERS
            or word in frame
            or _second_part_of_function_word(raw, token.position)
            or (len(word) < 3 and not word.isdigit() and not is_acronym(token.text))
        ):
            continue
        known = word in store.vocabulary or any(s in frequency for s in token.stems)
        if not known and _looks_like_name(raw, token):
            unknown_names.append(raw[token.position])
            continue
        if known:
            df = max((frequency.get(s, 0) for s in token.stems), default=0) or 1
            # Rarity counts a little: a rare word is usually a topic, but rare generic words
            # ("two", "side") must not outweigh the curated concepts.
            weight = 1.0 + min(MAX_RARITY_BONUS, math.log(total / df + 1.0) / 4)
        else:
            weight = UNKNOWN_WORD_WEIGHT
        terms.append(QueryTerm(token, weight, known))
    if not text.isupper():  # a shouted question's words are not acronyms
        named = [t.token for t in terms if t.token.concept]
        unknown_names += _acronyms_read_as_stopwords(raw, named)
        unknown_names += _longer_names(store, raw, named)
    return Query(text, terms, unknown_names, tokens, corrected)


# French function words written in two parts, whose second part alone would be a topic: « d'après »
# is "according to" (like « selon »), not the relation "after"; « là-bas » is "there".
_TWO_PART_FUNCTION_WORDS = frozenset({("d", "apres"), ("la", "bas")})


def _corrected(store: KnowledgeStore, word: str) -> str:
    """The known word `word` stands for (`spelling.correct_typos`), unless that word only frames
    questions: "accord" is not the filler "according", whose lemma it shares."""
    corrected = correct_typos(store, word)
    if corrected.lower() in FILLERS and word.lower() not in FILLERS:
        return word
    return corrected


def _second_part_of_function_word(raw: list[str], position: int) -> bool:
    """Whether the word ends a two-part function word (`_TWO_PART_FUNCTION_WORDS`)."""
    pair = (raw[position - 1].lower() if position else "", raw[position].lower())
    return pair in _TWO_PART_FUNCTION_WORDS


def _acronyms_read_as_stopwords(raw: list[str], names: list[Token]) -> list[str]:
    """Acronyms spelt like a stop word ("UN" and "un"), which the analysis takes for the word:
    names the knowledge does not know, unless part of a known name ("US" for the United
    States)."""
    covered = {t.position + i for t in names for i in range(len(raw_words(t.text)))}
    return [
        word
        for i, word in enumerate(raw)
        if is_acronym(word) and i not in covered and (word.lower() in STOPWORDS or len(word) < 3)
    ]


def _longer_names(store: KnowledgeStore, raw: list[str], names: list[Token]) -> list[str]:
    """A known name followed by capitalised words that are not part of it names someone else:
    "Kim Yo Jong" is not Kim Jong Un, whose "Kim" the analysis found. Title-cased questions
    ("Who Did Kim Meet?") capitalise every word and are left alone."""
    later = raw[1:]
    if sum(w[:1].isupper() for w in later) > TITLE_CASE_SHARE * len(later):
        return []
    covered = {t.position + i for t in names for i in range(len(raw_words(t.text)))}
    found = []
    for token in names:
        ids = entity_ids(store, [token])
        if not ids:
            continue
        entity = store.entities[ids[0]]
        own = {
            w.lower()
            for n in (entity.name.fr, entity.name.en, *entity.aliases)
            for w in raw_words(n)
        }
        end = token.position + len(raw_words(token.text))
        tail: list[str] = []
        for word in raw[end:]:
            if end + len(tail) in covered or not word[:1].isupper():
                break
            if not tail and word.lower() in own:  # "Kim Jong": more of the same name
                break
            tail.append(word)
        if tail:
            found.append(" ".join(raw[token.position : end] + tail))
    return found


# After a capitalised first word, these make it the subject: "Poutine est-il…", "Putin has…".
_SUBJECT_FOLLOWERS = frozenset(
    "est a etait sont ont va avait a-t-il was is has had did does will said dit et and".split()
)


def _looks_like_name(raw: list[str], token: Token) -> bool:
    word = raw[token.position]
    if is_acronym(word):
        return True
    if not word[:1].isupper() or len(word) < 3:
        return False
    if token.position > 0:
        return True
    # A capital at the start of the question is usually just a sentence start.
    following = raw[1].lower() if len(raw) > 1 else ""
    return following in _SUBJECT_FOLLOWERS

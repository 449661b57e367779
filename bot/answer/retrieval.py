"""Find the facts that answer a question: FTS5/bm25 for ranking, then checks that decide
whether a ranked fact really answers (or whether the bot must say it does not know).

Ranking is SQLite's bm25 over the index. What is added here is what bm25 cannot know: how much
of the question a fact covers (a fact matching one word of five is not an answer), whether the
fact gives the kind of answer asked for (a date for "when"), whether it comes from the speaker
the question asks about, and whether a nationality qualifies the same thing in both ("Russian
soldiers" is not "North Korean soldiers sent to Russia").
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.answer.meaning import Meaning
from bot.knowledge.model import Fact
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import (
    ConceptKind,
    Token,
    analyse,
    concept_kind,
    concept_token,
    raw_words,
)

# Words of questions that say nothing about the topic ("mentioned in the article").
FILLERS = frozenset(
    "article mentioned mentionne mentionnee mentionnes texte news actualite information infos info"
    " propos sujet say says said saying tell dire disent parle parler talk talked happen happened"
    " passe question source sources"
    " savoir know think pense exactly exactement vraiment really right correct vrai true official"
    " officiel confirmed confirme fact fait reportedly nom name names noms appelle called"
    " according lieu place take took".split()
)
MIN_COVERAGE = 0.5
SHORT_WORD = 5  # up to this length, a typo is only a missing or extra letter
ENTITY_WEIGHT = 3.0
DEMONYM_WEIGHT = 2.0
SYNONYM_WEIGHT = 1.5
UNKNOWN_WORD_WEIGHT = 1.5
_CONCEPT_WEIGHTS = {ConceptKind.ENTITY: ENTITY_WEIGHT, ConceptKind.DEMONYM: DEMONYM_WEIGHT}


TermKind = Literal["entity", "demonym", "synonym", "word"]
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


@dataclass
class Candidate:
    fact: Fact
    rank: int  # position in the bm25 ranking (then in closeness of meaning)
    coverage: float  # share of the question the fact supplies
    similarity: float = 0.0  # closeness in meaning to the question (meaning.py)
    supplied: bool = True  # whether the fact supplies the question's unknown words
    potential: float = 0.0  # the coverage it would have if it supplied them
    lexical: float = 0.0  # the coverage in words alone (how well the question is understood)


def correct_typos(store: KnowledgeStore, word: str) -> str:
    """The closest known word for a misspelt one ("missles" -> "missiles") or for another form
    of a known word ("conclude" -> "conclusion"), else the word itself."""
    low = word.lower()
    if len(low) < 3 or low.isdigit() or low in STOPWORDS or low in store.vocabulary:
        return word
    if len(low) == 3:  # too short to guess a topic word; maybe a misspelt "what" ("wat")
        return _closest_in(low, _SORTED_STOPWORDS) or word
    return (
        _closest(store, low)
        or _same_root(store, low)
        or _closest_in(low, _SORTED_STOPWORDS)  # "wiht" is "with", not a topic
        or word
    )


_SORTED_STOPWORDS = sorted(STOPWORDS)


def _same_root(store: KnowledgeStore, low: str) -> str | None:
    """A known word sharing the first six letters: the stemmers miss "conclude/conclusion"."""
    if len(low) < 7:
        return None
    vocabulary = store.sorted_vocabulary
    start = bisect.bisect_left(vocabulary, low[:6])
    found = []
    for known in vocabulary[start:]:
        if not known.startswith(low[:6]):
            break
        found.append(known)
    return min(found, key=len) if found else None


def _closest(store: KnowledgeStore, low: str) -> str | None:
    return _closest_in(low, store.sorted_vocabulary)


def _closest_in(low: str, vocabulary: list[str]) -> str | None:
    limit = 1 if len(low) <= 7 else 2
    found = process.extractOne(low, vocabulary, scorer=Levenshtein.distance, score_cutoff=limit)
    if not found:
        return None
    # In a short word one changed letter is another word ("come"/"came", "tanks"/"talks");
    # only a missing or extra letter ("agre"/"agree") is taken for a typo.
    if len(low) <= SHORT_WORD and len(found[0]) == len(low):
        return None
    return found[0]


def analyse_question(store: KnowledgeStore, text: str) -> Query:
    raw = raw_words(text)
    corrected = [correct_typos(store, w) for w in raw]
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
        acronym = token.text.isupper() and len(token.text) >= 2
        if word in FILLERS or (len(word) < 3 and not word.isdigit() and not acronym):
            continue
        known = word in store.vocabulary or any(s in frequency for s in token.stems)
        if not known and _looks_like_name(raw, token):
            unknown_names.append(raw[token.position])
            continue
        if known:
            df = max((frequency.get(s, 0) for s in token.stems), default=0) or 1
            # Rarity counts a little: a rare word is usually a topic, but rare generic words
            # ("two", "side") must not outweigh the curated concepts.
            weight = 1.0 + min(0.5, math.log(total / df + 1.0) / 4)
        else:
            weight = UNKNOWN_WORD_WEIGHT
        terms.append(QueryTerm(token, weight, known))
    return Query(text, terms, unknown_names, tokens, corrected)


# After a capitalised first word, these make it the subject: "Poutine est-il…", "Putin has…".
_SUBJECT_FOLLOWERS = frozenset(
    "est a etait sont ont va avait a-t-il was is has had did does will said dit et and".split()
)


def _looks_like_name(raw: list[str], token: Token) -> bool:
    word = raw[token.position]
    if word.isupper() and len(word) >= 2:  # an acronym: UN, NATO, OTAN
        return True
    if not word[:1].isupper() or len(word) < 3:
        return False
    if token.position > 0:
        return True
    # A capital at the start of the question is usually just a sentence start.
    following = raw[1].lower() if len(raw) > 1 else ""
    return following in _SUBJECT_FOLLOWERS


def fts_query(query: Query) -> str:
    parts: list[str] = []
    for term in query.terms:
        for alternative in term.token.terms:
            quoted = '"' + alternative.replace('"', "") + '"'
            parts.append(quoted + ("*" if len(alternative) >= 5 and not term.token.concept else ""))
    return " OR ".join(dict.fromkeys(parts))


def _term_matches(alternatives: tuple[str, ...], fact_terms: frozenset[str]) -> bool:
    for alt in alternatives:
        if alt in fact_terms:
            return True
        if (
            len(alt) >= 5
            and alt[1:2] != "_"
            and any(t.startswith(alt) or (len(t) >= 5 and alt.startswith(t)) for t in fact_terms)
        ):
            return True
    return False


def matched_terms(query: Query, fact_terms: frozenset[str]) -> set[int]:
    """Positions of the question terms a fact contains."""
    return {
        term.token.position for term in query.terms if _term_matches(term.token.terms, fact_terms)
    }


def coverage(query: Query, fact_terms: frozenset[str], supplied: bool = False) -> float:
    """Share of the question's weight the fact contains; 0 when it only shares names.

    Words no fact contains count as contained when the fact `supplied` their meaning.

    A question that asks something about an entity ("the president of Russia") is not
    answered by any fact that names the entity: at least one other term must match too.
    """
    total = sum(t.weight for t in query.terms)
    if not total:
        return 0.0
    matched = [
        t
        for t in query.terms
        if _term_matches(t.token.terms, fact_terms) or (supplied and not t.known)
    ]
    names = ("entity", "demonym")
    asks_more = any(t.kind not in names for t in query.terms)
    # About one name, the other term must match in words: closeness in meaning alone does not
    # tell "the president of Russia" from its defence minister. Between two names ("What did
    # Kim criticise the West for?"), a fact naming both that is about the unknown words does.
    named = {t.token.concept for t in matched if t.kind == "entity"}
    lexical = [t for t in matched if t.kind not in names and (t.known or len(named) >= 2)]
    if asks_more and not lexical:
        return 0.0
    # A curated topic (a synonym group: missiles, oil, troops...) the fact lacks is evidence it
    # is about something else ("missiles" against a fact about oil), unless the fact shares
    # more topics with the question than it misses. Plain words may just be paraphrases.
    topics = [t for t in query.terms if t.kind == "synonym"]
    missing = sum(1 for t in topics if t not in matched)
    if missing and missing > len(topics) - missing:
        return 0.0
    # Every person, country or organisation the question names must be in the fact:
    # "Did China send troops?" is not answered by a fact about North Korea's troops.
    if any(t.kind == "entity" and t not in matched for t in query.terms):
        return 0.0
    return sum(t.weight for t in matched) / total


def unknown_words(query: Query) -> tuple[str, ...]:
    """The question's words no fact contains (names excepted: they are refused earlier)."""
    return tuple(dict.fromkeys(query.raw[t.token.position] for t in query.terms if not t.known))


def candidates(
    store: KnowledgeStore, query: Query, meaning: Meaning, limit: int = 15
) -> list[Candidate]:
    """The facts bm25 ranks first, then the closest in meaning, each with its coverage."""
    match = fts_query(query)
    ranked = [fid for fid, _score in store.search(match, limit)] if match else []
    ranked += [fid for fid in meaning.nearest() if fid not in ranked]
    terms = store.fact_terms
    found = []
    for rank, fid in enumerate(ranked):
        supplied = meaning.supplies_unknown(fid)
        potential = coverage(query, terms[fid], supplied=True)
        # A fact that leaves out what the unknown words ask for does not answer, however many
        # of the other words it shares ("How many soldiers were wounded?").
        share = potential if supplied else 0.0
        similarity = meaning.similarity.get(fid, 0.0)
        lexical = coverage(query, terms[fid])
        found.append(
            Candidate(store.facts[fid], rank, share, similarity, supplied, potential, lexical)
        )
    return found


# --- checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Analysed:
    raw: list[str]  # the words token positions refer to
    tokens: tuple[Token, ...]


def _fact_texts(store: KnowledgeStore, fact_id: str) -> tuple[_Analysed, ...]:
    """The fact's French and English texts, then its alternate questions, analysed once per
    version of the knowledge (only facts that reach the checks are ever analysed)."""

    def compute() -> tuple[_Analysed, ...]:
        fact = store.facts[fact_id]
        texts = [(fact.text.get("fr"), "fr"), (fact.text.get("en"), "en")]
        texts += [(q, "fr") for q in fact.questions.fr] + [(q, "en") for q in fact.questions.en]
        return tuple(
            _Analysed(raw_words(text), tuple(analyse(text, store.lexicon, (language,))))
            for text, language in texts
        )

    return store.memo(("analysed", fact_id), compute)


def consistent(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """Whether the fact says the same thing about the same actors as the question, beyond
    sharing its words: nationalities, who receives, who acts."""
    return (
        demonyms_agree(store, query, fact)
        and directions_agree(store, query, fact)
        and agents_agree(store, query, fact)
    )


# Words before a name that make it the receiving end: "sent to Russia", "livré à Pyongyang".
_TOWARDS = frozenset({"to", "into", "towards", "a", "au", "aux", "vers", "en"})


def _recipients(raw: list[str], tokens: Iterable[Token]) -> set[str]:
    """Entities that follow a "to"-like word: who receives what is sent or delivered.
    "according to X" names who says it, not a receiver."""
    found = set()
    for token in tokens:
        if not _is_entity(token):
            continue
        before = [w.lower() for w in raw[max(0, token.position - 3) : token.position]]
        if len(before) >= 2 and before[-2:] == ["according", "to"]:
            continue
        if len(before) >= 2 and before[-1] in _ARTICLES:
            before = before[:-1]
        if before and before[-1] in _TOWARDS:
            found.add(token.concept or "")
    return found


_ARTICLES = frozenset({"la", "le", "l", "the"})


def _fact_recipients(store: KnowledgeStore, fact_id: str) -> set[str]:
    return {e for text in _fact_texts(store, fact_id) for e in _recipients(text.raw, text.tokens)}


def directions_agree(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """ "Did North Korea deliver missiles to Russia?" is not answered by missiles delivered to
    North Korea: an entity on the receiving end of the question must be one in the fact."""
    wanted = _recipients(query.raw, (t.token for t in query.terms))
    if not wanted:
        return True
    stated = _fact_recipients(store, fact.id)
    return not stated or bool(wanted & stated)


def _agents(raw: list[str], tokens: Iterable[Token]) -> set[tuple[str, str]]:
    """(entity, action) pairs: a name directly followed by a curated concept, with at most
    auxiliaries or hedges between ("North Korea sent", "la Russie aurait livré", "Kim et
    Belooussov ont discuté"): who does what."""
    sequence = list(tokens)
    pairs: set[tuple[str, str]] = set()
    i = 0
    while i < len(sequence):
        if not _is_entity(sequence[i]):
            i += 1
            continue
        run = []
        while i < len(sequence) and _is_entity(sequence[i]):
            run.append(sequence[i].concept or "")
            i += 1
        # The actions that follow through auxiliaries only: "North Korea is accused of having
        # sent" makes North Korea the one accused and the one that sent.
        j = i
        while j < len(sequence) and concept_kind(sequence[j].concept or "") is ConceptKind.SYNONYM:
            previous = sequence[j - 1]
            end = previous.position + len(raw_words(previous.text))
            gap = [w.lower() for w in raw[end : sequence[j].position]]
            if not all(w in _AUXILIARIES for w in gap):
                break
            pairs.update((entity, sequence[j].concept or "") for entity in run)
            j += 1
    return pairs


# Words between a name and its action that do not change who acts: "la Russie aurait livré".
_AUXILIARIES = frozenset(
    "a ont avait avaient aurait auraient pourrait pourraient serait seraient est sont va vont"
    " se s t il elle ils elles has have had is was were are did does do could would will may"
    " might reportedly allegedly apparently supposedly also aussi deja already of having been"
    " avoir d de to".split()
)


def _fact_agents(store: KnowledgeStore, fact_id: str) -> set[tuple[str, str]]:
    """Who does what in the fact's own sentences (its alternate questions are not statements)."""
    texts = _fact_texts(store, fact_id)[:2]  # text.fr, text.en
    return {pair for text in texts for pair in _agents(text.raw, text.tokens)}


def agents_agree(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """ "Did South Korea send troops?" is not answered by North Korea sending them: when the
    question and the fact both say who does an action, it must be the same one."""
    stated = _fact_agents(store, fact.id)
    asked: dict[str, set[str]] = {}
    for entity, action in _agents(query.raw, query.tokens):
        asked.setdefault(action, set()).add(entity)
    for action, entities in asked.items():
        doers = {e for e, a in stated if a == action}
        if doers and not entities & doers:
            return False
    return True


def demonyms_agree(store: KnowledgeStore, query: Query, fact: Fact) -> bool:
    """Each nationality adjective must qualify the same word in the fact as in the question.

    Only words the fact contains are checked: "Russian soldiers" against a fact about North
    Korean soldiers sent to Russia disagrees; "Russian official" against a fact about the
    "Russian defence minister" says nothing either way (coverage decides).
    """
    tokens = [t.token for t in query.terms]
    fact_terms = store.fact_terms[fact.id]
    for i, token in enumerate(tokens):
        if not (token.concept and concept_kind(token.concept) is ConceptKind.DEMONYM):
            continue
        neighbours = [
            n
            for n in tokens[max(0, i - 1) : i + 2]
            if n is not token
            and abs(n.position - token.position) <= 1 + len(token.text.split()) - 1
            and not _is_entity(n)
            and _term_matches(n.terms, fact_terms)
        ]
        if not neighbours:
            continue
        if not any(
            _near(text.tokens, token.concept, n.terms)
            for text in _fact_texts(store, fact.id)
            for n in neighbours
        ):
            return False
    return True


def _is_entity(token: Token) -> bool:
    return bool(token.concept and concept_kind(token.concept) is ConceptKind.ENTITY)


def _near(sequence: tuple[Token, ...], concept: str, terms: tuple[str, ...]) -> bool:
    positions = [i for i, t in enumerate(sequence) if t.concept == concept]
    for i in positions:
        for other in sequence[max(0, i - 3) : i + 4]:
            if set(other.terms) & set(terms) or _prefix_match(other.terms, terms):
                return True
    return False


def _prefix_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(
        len(x) >= 5 and len(y) >= 5 and (x.startswith(y) or y.startswith(x)) for x in a for y in b
    )


def speaker_entities(store: KnowledgeStore, fact: Fact) -> set[str]:
    speaker = store.speakers[fact.speaker]
    return {concept_token("e", i) for i in (*speaker.entities, speaker.id)}


def span_entities(store: KnowledgeStore, span: str) -> set[str]:
    tokens = analyse(span, store.lexicon, ("fr", "en"))
    return {t.concept for t in tokens if _is_entity(t) and t.concept}

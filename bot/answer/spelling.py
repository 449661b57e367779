"""The known word a question's word stands for: another form of it ("meeting" for the facts'
"met", by lemma), or a misspelling ("missles" -> "missiles", "wiht" -> "with").

A real French or English word the facts do not contain is left alone: "poste" is not a typo of
"pose", nor "trop" of "troop". It may still be a paraphrase, which meaning decides later.
Lemmas and the dictionary come from simplemma (loaded on first use, pure Python).
"""

from __future__ import annotations

import bisect

import simplemma
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import fold

SHORT_WORD = 5  # up to this length, a typo is only a missing, extra or swapped letter
TYPO_CANDIDATES = 8  # known words within reach of a typo, closest first
_LANGUAGES = ("fr", "en")


def correct_typos(store: KnowledgeStore, word: str) -> str:
    """The known word `word` stands for ("meeting" -> "met", "conclude" -> "conclusion",
    "missles" -> "missiles"), else the word itself."""
    low = word.lower()
    if len(low) < 3 or low.isdigit() or low in STOPWORDS or low in store.vocabulary:
        return word
    if word.isupper():  # an acronym (ONU, NATO) is a name, not a misspelt word
        return word
    if len(low) == 3:  # too short to guess a topic word; maybe a misspelt "what" ("wat")
        return _function_word(low) or word
    same = _same_lemma(store, low) or _same_root(store, low)
    if same:
        return same
    if is_word(low):
        return word  # a word of its own, not a misspelling
    return (
        _closest(store, low)
        or _function_word(low)  # "wiht" is "with", not a topic
        or word
    )


def _same_lemma(store: KnowledgeStore, low: str) -> str | None:
    """A known word with the same lemma: "meeting" and "met" are both "meet"."""
    lemmas = store.memo(("lemmas",), lambda: _lemmas(store.sorted_vocabulary))
    return next((lemmas[m] for m in _lemmas_of(low) if m in lemmas), None)


def _lemmas(vocabulary: list[str]) -> dict[str, str]:
    """Each lemma of the known words, with the shortest known word having it."""
    found: dict[str, str] = {}
    for word in vocabulary:
        for lemma in _lemmas_of(word) | {word}:
            if lemma not in found or len(word) < len(found[lemma]):
                found[lemma] = word
    return found


def _lemmas_of(word: str) -> set[str]:
    """The word's lemmas, and theirs ("meetings" -> "meeting" -> "meet")."""
    found = set()
    for lang in _LANGUAGES:
        lemma = simplemma.lemmatize(word, lang=lang)
        found |= {fold(lemma), fold(simplemma.lemmatize(lemma, lang=lang))}
    return found


def _function_word(low: str) -> str | None:
    """The stop word a word misspells, if it is one: never by dropping a letter of the word
    ("tués" is not "tes"), which would turn a topic word into nothing."""
    return _closest_in(low, _SORTED_STOPWORDS, shorter=False)


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


def _closest_in(low: str, vocabulary: list[str], shorter: bool = True) -> str | None:
    """The closest word of `vocabulary` that can be a typo of `low` (`shorter`: also one letter
    fewer than `low`)."""
    limit = 1 if len(low) <= 7 else 2
    found = process.extract(
        low, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=TYPO_CANDIDATES
    )
    for word, _distance, _index in sorted(found, key=lambda f: f[1]):
        # In a short word one changed letter is another word ("come"/"came", "tanks"/"talks");
        # only a missing, extra or swapped letter ("agre"/"agree", "wiht"/"with") is a typo.
        swapped = sorted(word) == sorted(low)
        if len(low) <= SHORT_WORD and len(word) == len(low) and not swapped:
            continue
        if not shorter and len(word) < len(low):
            continue
        return word
    return None


# A question with at least this many guessed words, making more than half of its words, is
# not understood ("lorem ipsum dolor sit amet"), rather than answered from the guesses.
MIN_GUESSES_UNREADABLE = 3


def is_word(low: str) -> bool:
    """Whether `low` is a French or English word (simplemma's dictionaries)."""
    return any(simplemma.is_known(low, lang=lang) for lang in _LANGUAGES)


def dictionary_language(low: str) -> str | None:
    """The one language ("fr" or "en") whose dictionary has the word, if only one has it."""
    known = [lang for lang in _LANGUAGES if simplemma.is_known(low, lang=lang)]
    return known[0] if len(known) == 1 else None


def unreadable(store: KnowledgeStore, raw: list[str]) -> bool:
    """Whether most of the question's words are guesses: neither stop words, nor words of the
    facts, nor French or English words ("lorem ipsum dolor sit amet")."""
    words = [w.lower() for w in raw if len(w) >= 3 and not w.isdigit()]
    topical = [w for w in words if w not in STOPWORDS]
    guesses = [w for w in topical if w not in store.vocabulary and not is_word(w)]
    return len(guesses) >= MIN_GUESSES_UNREADABLE and len(guesses) * 2 > len(topical)

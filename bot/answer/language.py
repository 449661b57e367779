"""French or English? langdetect plus cues that work on very short questions.

langdetect alone is unreliable under ~20 characters ("Missiles?", "KCNA?"), so its
probabilities are combined with function and question words, French typography (a space
before "?"), words only the French or only the English knowledge uses, and finally the user's
previous language. Detection is deterministic: the detector is seeded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.answer.spelling import dictionary_language
from bot.knowledge.terms import fold, words

PROFILES = ("fr", "en", "de", "es", "it", "pt", "nl")
OTHER_LANGUAGES = PROFILES[2:]

CUES: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "qui que quoi quel quelle quels quelles quand ou combien pourquoi comment est-ce le la les"
        " des du une et est sont ont ete il elle ils elles je tu nous vous ce cette ces au aux"
        " avec pour sur dans par a-t-il a-t-elle t-il t-elle y a qu il lui leur mais donc aussi"
        " bonjour merci salut resume explique peux pouvez dis moi tes quoi selon depuis entre"
        " ete avait etait apres avant contre chez sans".split()
    ),
    "en": frozenset(
        "who what when where why how which whom whose the a an of and is are was were did does do"
        " has have had been will would could should can may might to in on at by for with from"
        " about into this that these those it its they their them he his she her you your we"
        " tell me please hello hi thanks thank summary summarize summarise explain overview"
        " according since between after before against".split()
    ),
    "de": frozenset(
        "wann wer wie was warum wo welche welcher haben hat sich und der die das ist sind nicht"
        " ein eine einen mit von zu getroffen gesagt ich du wir sie mir uns auch oder aber dir"
        " dich heute geht gibt bitte danke nein ja gut fur uber wieso weshalb".split()
    ),
    "es": frozenset(
        "cuando quien quienes donde como que por el los las una unos con del esta estan han ha"
        " fue se reunieron dijo sobre pero tambien muy y hola gracias".split()
    ),
    "it": frozenset(
        "quando chi dove come perche il gli della delle sono hanno ha con una uno anche ciao"
        " grazie incontrato detto".split()
    ),
    "pt": frozenset(
        "quando quem onde como porque os uma com do da dos das nao foi sao tem obrigado ola"
        " encontrou disse".split()
    ),
    "nl": frozenset(
        "wanneer wie waar hoe waarom het een van en is zijn niet met ook maar dat hebben heeft"
        " ontmoet".split()
    ),
}


@cache
def _cue_weight(word: str) -> float:
    """A word that is a cue in only one language says more than one shared ("que", "se")."""
    shared = sum(word in cues for cues in CUES.values()) > 1
    return 0.5 if shared else 1.25


_FRENCH_TYPOGRAPHY = re.compile(r"\w\s+[?!:;»]|«")
_FRENCH_LETTERS = re.compile(r"[éèêàçùûôîœ]", re.IGNORECASE)
_ENGLISH_ONLY = frozenset({"tl;dr", "tldr", "tl dr"})


@dataclass(frozen=True)
class Detection:
    language: str  # "fr", "en", or another ISO code when clearly neither

    @property
    def supported(self) -> bool:
        return self.language in ("fr", "en")


@cache
def _factory() -> object:
    """A langdetect factory with only the profiles we need (loading all 55 costs ~0.5 s)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = [(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8") for code in PROFILES]
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def langdetect_probabilities(text: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()  # type: ignore[attr-defined]
    detector.append(text)
    try:
        return {p.lang: p.prob for p in detector.get_probabilities()}
    except LangDetectException:  # no letters at all
        return {}


# Up to this many words, a message without any cue is placed by its words' dictionaries.
SHORT_MESSAGE_WORDS = 3


def detect_language(
    text: str,
    previous: str | None = None,
    default: str = "fr",
    lexical_hint: Callable[[str], str | None] | None = None,
) -> Detection:
    """Decide the reply language of `text`.

    `lexical_hint(word)` may say that a word only occurs in the French or the English knowledge
    ("pétrole" vs "oil"); `previous` is the user's language earlier in the conversation.
    """
    folded = fold(text).strip()
    if folded in _ENGLISH_ONLY:
        return Detection("en")
    tokens = words(text)
    scores = {code: 0.0 for code in PROFILES}
    for token in tokens:
        for code, cues in CUES.items():
            if token in cues:
                scores[code] += _cue_weight(token)
    # Hyphenated French inversions ("a-t-il", "est-ce") are split by `words`; catch them here.
    scores["fr"] += 1.5 * len(re.findall(r"-t-(?:il|elle|on)\b|\best-ce\b", folded))
    if re.search(r"[¿¡ñ]", text):
        scores["es"] += 3.0
    if _FRENCH_TYPOGRAPHY.search(text):
        scores["fr"] += 1.0
    if _FRENCH_LETTERS.search(text):
        scores["fr"] += 0.5
    if lexical_hint:
        for token in tokens:
            hinted = lexical_hint(token)
            if hinted:
                scores[hinted] += 1.0
    if previous is None and len(tokens) <= SHORT_MESSAGE_WORDS and max(scores.values()) == 0:
        # Too short for the cues or the knowledge's words ("Gas?"), and no conversation to
        # follow: the dictionaries decide.
        for token in tokens:
            found = dictionary_language(token) if len(token) >= 3 else None
            if found:
                scores[found] += 1.0
    letters = sum(ch.isalpha() for ch in text)
    if letters >= 12:
        weight = 3.0 if letters >= 30 else 1.5
        for code, probability in langdetect_probabilities(text).items():
            scores[code] += weight * probability
    best = max(scores, key=lambda code: scores[code])
    top = scores[best]
    if best in OTHER_LANGUAGES:
        supported = max(scores["fr"], scores["en"])
        if top >= 2.5 and top >= supported + 1:
            return Detection(best)
        best = "fr" if scores["fr"] >= scores["en"] else "en"
        top = scores[best]
    other = scores["en" if best == "fr" else "fr"]
    if top == 0 or abs(top - other) < 0.5:
        return Detection(previous or (best if top else default))
    return Detection(best)

"""Reporting verbs recognised by lemma (simplemma), in French and English.

A verb is found whatever its form ("noted", "confirming", « a-t-il ajouté », « démentie ») by
lemmatising each word of the sentence and looking the lemma up in one small table per claim
strength, instead of listing inflected forms by hand. The table says what the verb does to a
claim: an accusation ("accuse", « accuser »), an opinion or forecast ("believe", « estimer »),
a report of something observed ("confirm", « faire état de »), or plain reporting ("say").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import simplemma

from bot.knowledge.terms import fold

Role = Literal["say", "accuse", "estimate", "report"]

_LEMMAS: dict[Role, str] = {
    "say": """say tell state claim announce denounce warn add note deny dismiss insist argue
        explain stress urge describe condemn reject assert acknowledge admit indicate declare
        write observe demand promise threaten vow pledge reiterate repeat caution welcome
        praise criticize criticise deplore recount recall testify
        dire affirmer déclarer fustiger dénoncer annoncer assurer indiquer souligner expliquer
        prévenir ajouter préciser démentir nier rejeter condamner noter observer relever
        avertir avancer signaler appeler demander exhorter réclamer menacer promettre
        reconnaître admettre insister répéter marteler confier écrire qualifier raconter
        témoigner saluer critiquer déplorer regretter féliciter""",
    "accuse": "accuse allege blame accuser reprocher imputer",
    "estimate": """estimate believe think suspect fear expect predict assess consider doubt
        reckon estimer juger penser croire soupçonner craindre redouter prévoir considérer
        douter""",
    "report": "report confirm reveal find rapporter révéler confirmer constater",
}
ROLE_OF: dict[str, Role] = {
    fold(lemma): role for role, lemmas in _LEMMAS.items() for lemma in lemmas.split()
}
# "faire état de", "point out": a light verb and the word after it make the reporting verb.
_PHRASES: dict[tuple[str, str], Role] = {("faire", "etat"): "report", ("point", "out"): "say"}

# "a-t-il ajouté", "ajoute-t-elle", "dit-il": a French verb with its subject pronoun after it.
WORD = re.compile(r"\w+(?:-t-(?:il|elle|ils|elles|on)|-(?:il|elle|ils|elles|on)(?!\w))?")
_INVERTED_PRONOUN = re.compile(r"^(?P<verb>\w+)-(?:t-)?(?P<pronoun>il|elle|ils|elles|on)$")
# Past participle and present participle endings, to find a lemma simplemma does not know
# («démenti» -> «démentir») and to tell a participle from a finite verb.
_FR_PARTICIPLE = re.compile(r"^(?P<stem>\w+?)(?:ée?s?|ie?s?|ue?s?)$")


@dataclass(frozen=True)
class VerbToken:
    start: int  # character offsets of the word in the text
    end: int
    word: str  # as written, without an inverted pronoun
    lemma: str  # folded
    role: Role
    pronoun: str | None  # "il" in "a-t-il ajouté" or "ajoute-t-il"
    participle: bool  # "confirming", « assurant »: no subject of its own
    length: int = 1  # words of the verb phrase ("faire état" is 2)


@lru_cache(maxsize=20_000)
def lemma(word: str, language: str) -> str:
    """The folded lemma of a word, in the article's language first."""
    lowered = word.lower()
    for lang in (language, "en" if language == "fr" else "fr"):
        found = fold(simplemma.lemmatize(lowered, lang=lang, greedy=True))
        if found in ROLE_OF:
            return found
        if lang == "fr":
            for guess in _french_infinitives(lowered):
                if guess in ROLE_OF:
                    return guess
    return fold(simplemma.lemmatize(lowered, lang=language, greedy=True))


def _french_infinitives(word: str) -> list[str]:
    """Infinitives a French verb form may come from, for forms simplemma reads as nouns
    («estime», «juge») or does not know («démenti»)."""
    guesses = []
    participle = _FR_PARTICIPLE.match(word)
    if participle:
        guesses += [participle["stem"] + ending for ending in ("er", "ir", "re")]
    for ending, infinitive in (("ent", "er"), ("ait", "er"), ("aient", "er"), ("e", "er")):
        if word.endswith(ending):
            guesses.append(word[: -len(ending)] + infinitive)
    return [fold(g) for g in guesses]


def is_participle(word: str) -> bool:
    lowered = word.lower()
    return lowered.endswith(("ing", "ant")) and len(lowered) > 5


def verb_tokens(text: str, language: str) -> list[VerbToken]:
    """Every word of `text` whose lemma is a reporting verb, in order."""
    matches = list(WORD.finditer(text))
    found: list[VerbToken] = []
    for i, match in enumerate(matches):
        token = match.group()
        before = text[: match.start()].rstrip()
        if token[:1].isupper() and before and before[-1] not in '.!?«»"“”(':
            continue  # "the United States": a capitalised word inside a sentence is a name
        inverted = _INVERTED_PRONOUN.match(token)
        word = inverted["verb"] if inverted else token
        base = lemma(word, language)
        role = ROLE_OF.get(base)
        length = 1
        if role is None and i + 1 < len(matches):
            role = _PHRASES.get((base, fold(matches[i + 1].group())))
            length = 2
        if role is None:
            continue
        pronoun = inverted["pronoun"] if inverted else None
        end = match.start() + len(word) if inverted else match.end()
        if length == 2:
            end = matches[i + 1].end()
        found.append(
            VerbToken(match.start(), end, word, base, role, pronoun, is_participle(word), length)
        )
    return found

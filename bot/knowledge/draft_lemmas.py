"""Reporting verbs recognised by lemma (simplemma), in French and English.

A verb is found whatever its form ("noted", "confirming", « a-t-il ajouté », « démentie ») by
lemmatising each word of the sentence and looking the lemma up in one small table per claim
strength, instead of listing inflected forms by hand. The table says what the verb does to a
claim: an accusation ("accuse", « accuser »), an opinion or forecast ("believe", « estimer »),
a report of something observed ("confirm", « faire état de »), or plain reporting ("say").
It also holds the small closed classes of words around a verb (auxiliaries, adverbs, English
irregular pasts) by which `attribution.py` tells a finite verb and its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import simplemma

from bot.knowledge.terms import fold

Role = Literal["say", "accuse", "estimate", "report"]

# Per role, the English lemmas then the French ones: an English article's words are read
# with the English lemmas only ("observers" is no form of « observer »).
_LEMMAS: dict[Role, tuple[str, str]] = {
    "say": (
        """say tell state claim announce denounce warn add note deny dismiss insist argue
        explain stress urge describe condemn reject assert acknowledge admit indicate declare
        write observe demand promise threaten vow pledge reiterate repeat caution welcome
        praise criticize criticise deplore recount recall testify""",
        """dire affirmer déclarer fustiger dénoncer annoncer assurer indiquer souligner
        expliquer prévenir ajouter préciser démentir nier rejeter condamner noter observer
        relever avertir avancer signaler appeler demander exhorter réclamer menacer promettre
        reconnaître admettre insister répéter marteler confier écrire qualifier raconter
        témoigner saluer critiquer déplorer regretter féliciter""",
    ),
    "accuse": ("accuse allege blame", "accuser reprocher imputer"),
    "estimate": (
        "estimate believe think suspect fear expect predict assess consider doubt reckon",
        """estimer juger penser croire soupçonner craindre redouter prévoir considérer
        douter""",
    ),
    "report": ("report confirm reveal find", "rapporter révéler confirmer constater"),
}
ROLE_OF: dict[str, Role] = {
    fold(lemma): role for role, both in _LEMMAS.items() for lemma in " ".join(both).split()
}
_ENGLISH: frozenset[str] = frozenset(
    fold(lemma) for english, _ in _LEMMAS.values() for lemma in english.split()
)
# "faire état de", "point out": a light verb and the word after it make the reporting verb.
_PHRASES: dict[tuple[str, str], Role] = {("faire", "etat"): "report", ("point", "out"): "say"}

# "a-t-il ajouté", "ajoute-t-elle", "dit-il": a French verb with its subject pronoun after it.
WORD = re.compile(r"\w+(?:-t-(?:il|elle|ils|elles|on)|-(?:il|elle|ils|elles|on)(?!\w))?")
_INVERTED_PRONOUN = re.compile(r"^(?P<verb>\w+)-(?:t-)?(?P<pronoun>il|elle|ils|elles|on)$")
# Past participle and present participle endings, to find a lemma simplemma does not know
# («démenti» -> «démentir») and to tell a participle from a finite verb.
_FR_PARTICIPLE = re.compile(r"^(?P<stem>\w+?)(?:ée?s?|ie?s?|ue?s?)$")
# French past participles that are no finite form of the same verb (« il dit », « il
# explique » are finite, so -it and -ue are left out): « déclaré », « démentie », « promis ».
_PAST_PARTICIPLE = re.compile(r"^\w+(?:ée?s?|ise?s?|ues|us)$")


# Words between a subject and its verb: auxiliaries, negations and a few adverbs.
BETWEEN = frozenset(
    fold(w)
    for w in """a ai as avons avez ont avait avaient aura auront eu est sont était étaient été
    sera seront has have had was were is are been be being did does do will would also aussi
    déjà toutefois encore pourtant cependant alors not n ne pas jamais plus y lui leur se s
    already still then later repeatedly""".split()
)
# Words that may follow a reporting verb closing its sentence ("..., X said in a statement."):
CIRCUMSTANCE = frozenset(
    fold(w)
    for w in """on in at late earlier yesterday today during after before following lors dans
    hier ce cette devant après avant pendant à au aux lundi mardi mercredi jeudi vendredi
    samedi dimanche monday tuesday wednesday thursday friday saturday sunday matin
    soir""".split()
)
# The first finite verb of a clause: its subject is what comes before.
MAIN_VERB = re.compile(
    r"\s(?:a|ont|has|have|had|was|were|is|are)\s|\s\w+ed\s"
    # English irregular pasts, a closed class: "The police put the toll at 10 and said ..."
    r"|\s(?:put|set|cut|hit|held|kept|left|met|made|took|gave|sent|spent|led|ran|came|went"
    r"|saw|found|got|brought|began|fell|rose|broke|shot|lost|sold|stood|told|said|won|paid"
    r"|drew|threw|wrote|struck|fought|sought|caught|bought|became)\s"
)
PASSIVE = frozenset(fold(w) for w in "was were been is are été est sont étaient était".split())
AUXILIARY_REACH = 5  # « a de son côté rapporté »: the auxiliary comes this many words before
AUXILIARIES = PASSIVE | frozenset(fold(w) for w in "a ont avait avaient aura auront eu".split())


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
    past_participle: bool = False  # a French past participle form: « promis », « démentie »


@lru_cache(maxsize=20_000)
def lemma(word: str, language: str) -> str:
    """The folded lemma of a word, in the article's language first."""
    lowered = word.lower()
    known = _ENGLISH if language == "en" else ROLE_OF.keys()
    for lang in (language, "en" if language == "fr" else "fr"):
        found = fold(simplemma.lemmatize(lowered, lang=lang, greedy=True))
        if found in known:
            return found
        if lang == "fr":
            for guess in _french_infinitives(lowered):
                if guess in known:
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
        role = ROLE_OF.get(base) if language != "en" or base in _ENGLISH else None
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
        past = language == "fr" and bool(_PAST_PARTICIPLE.match(word.lower()))
        found.append(
            VerbToken(
                match.start(), end, word, base, role, pronoun, is_participle(word), length, past
            )
        )
    return found


def auxiliary_before(prefix: str) -> bool:
    """An auxiliary among the last words of the clause (« a de son côté rapporté »)."""
    clause = re.split(r"[,;:.!?«»\"“”]", prefix)[-1]
    return bool({fold(w) for w in WORD.findall(clause)[-AUXILIARY_REACH:]} & AUXILIARIES)


def french_adverb(words: list[re.Match[str]]) -> bool:
    """ "fermement" between an auxiliary and its participle (« a fermement rejeté »); a word
    in -ment right after the subject is a noun (« le gouvernement rejette »)."""
    if len(words) < 2 or not re.fullmatch(r"\w{3,}ment", words[-1].group()):
        return False
    return fold(words[-2].group()) in AUXILIARIES

"""The speaker's noun phrase around a reporting verb: the subject before it ("Cinia, the company
that runs it, said"), a list ("Les États-Unis, le Japon et la Corée du Sud accusent") or the
inverted subject after it ("Y, a déclaré X."). Split from `attribution.py`, which finds the
verbs and the order of the clause: this module only delimits noun phrases.
"""

from __future__ import annotations

import re

from bot.knowledge.terms import fold

MAX_SUBJECT_WORDS = 8
MAX_APPOSED_WORDS = 5  # "le colonel Abarchi Ousmane": a title and a name, not a clause
MAX_APPOSITION_WORDS = 14  # "Cinia, the company that runs the line, said"
MAX_RELATIVE_APPOSITION_WORDS = 24  # "X, who spoke on condition of anonymity because ..., said"
_RELATIVE_START = frozenset("who which qui dont".split())

# Where a clause starts: the subject of a reporting verb is what follows the last of these.
CLAUSE_START = re.compile(
    r"(?:,|;|:|[»”]|(?<=[,.!?])\"|\b(?:alors|tandis|lorsqu|puisqu|parce)\s+qu(?:e\s+|')|\blorsqu'|\bpuisqu'"
    r"|\b(?:mais|car|et que|while|whereas|but|as|when|since|because|that)\s+|\bqu(?:e\s+|'))",
    re.IGNORECASE,
)
_APPOSITION_START = frozenset(
    fold(w)
    for w in """a an the un une le la l les who which qui que dont whose speaking cité citée
    cités âgé âgée chercheur chercheuse spécialiste expert analyste""".split()
)
DETERMINERS = frozenset(
    "le la les l un une des du de d ce cet cette ces son sa ses leur leurs the a an this"
    " these its their his her".split()
)
_LINKS = DETERMINERS | frozenset("of et and in at".split())
# A noun phrase holds no finite verb of its own: "Gazprom a cessé ses livraisons, ..., a
# confirmé X" puts the subject after the verb. Auxiliaries followed by a word, in either
# language; the French « a » only before a participle in -é (the English "a" is an article).
_AUXILIARY = re.compile(
    r"(?<!['’\w])(?:(?:ont|avait|avaient|est|sont|était|étaient|has|have|had|was|were"
    r"|could|would|should|might|may|will|can|must)\s+\w"  # "Insurers could face claims"
    r"|a\s+\w+ée?s?\b)"
)
_DAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi"
    "|vendredi|samedi|dimanche"
)
# A time between the subject and its verb belongs to the verb, not to the speaker's name.
_TRAILING_TIME = re.compile(
    rf"\s+(?:(?:on|last|this|ce|cette)\s+(?:{_DAYS})|{_DAYS}|yesterday|today|hier|"
    rf"aujourd'hui|earlier|later)\s*$",
    re.IGNORECASE,
)
# « Tanjug a de son côté rapporté »: an auxiliary and an aside belong to the verb.
_TRAILING_ASIDE = re.compile(
    r"\s+(?:a|ont|avait|avaient)\s+(?:de\s+(?:son|leur)\s+côté|pour\s+(?:sa|leur)\s+part"
    r"|quant\s+à\s+(?:lui|elle|eux|elles)|(?:lui|elle|eux)\s+aussi|également|aussi|ensuite"
    r"|enfin|pourtant|toutefois|cependant)\s*$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:qui|que|qu'|dont|lequel|laquelle|who|whom|which|that)\b", re.I)


def too_long(who: str) -> bool:
    """More than MAX_SUBJECT_WORDS words besides determiners and links ("of", « et »)."""
    words = [w for w in fold(who).replace("'", " ").split() if w.strip(",") not in _LINKS]
    return len(words) > MAX_SUBJECT_WORDS


def subject_before(prefix: str) -> tuple[str, int] | None:
    """The noun phrase just before a verb, and where it starts; appositions ("Cinia, the
    company that runs it, said") and lists ("A, B et C accusent") are kept together."""
    core = prefix.rstrip()
    if core.endswith(","):
        body = core[:-1]
        cut = body.rfind(",")
        apposition = body[cut + 1 :].strip()
        if cut < 0 or not _is_apposition(apposition):
            return None
        head = subject_before(body[:cut])
        if head is None:
            return None
        who, offset = head
        return (f"{who} {apposition}" if _is_name(apposition) else who), offset
    starts = list(CLAUSE_START.finditer(core))
    offset = starts[-1].end() if starts else 0
    who = core[offset:].strip(" ,")
    if starts and starts[-1].group() == "," and re.search(r"\b(?:et|and)\b", who):
        earlier = list(CLAUSE_START.finditer(core[: starts[-1].start()]))
        start = earlier[-1].end() if earlier else 0
        item = core[start : starts[-1].start()].strip()
        if 0 < len(item.split()) <= 4 and any(w[:1].isupper() for w in item.split()):
            who, offset = core[start:].strip(" ,"), start  # "Les États-Unis, le Japon et ..."
    who = _TRAILING_TIME.sub("", _TRAILING_ASIDE.sub("", who))  # "X on Monday accused"
    if not who or too_long(who) or any(q in who for q in '«»"“”') or _has_verb(who):
        return None
    return who, offset + (len(core[offset:]) - len(core[offset:].lstrip(" ,")))


def apposition(prefix: str) -> str:
    """ "UKMTO, a maritime security agency run by the British navy, said": the description
    between commas after the speaker's name, which says what kind of speaker it is ("" when
    there is none, or when it is a name, which `subject_before` keeps in the speaker)."""
    body = prefix.rstrip()
    if not body.endswith(","):
        return ""
    cut = body[:-1].rfind(",")
    text = body[cut + 1 : -1].strip()
    return text if cut >= 0 and _is_apposition(text) and not _is_name(text) else ""


def _has_verb(who: str) -> bool:
    """ "Le géant russe Gazprom a cessé ses livraisons": a clause, not a speaker; a relative
    clause ("officials who have seen the report") may hold one."""
    head = _RELATIVE.split(who, maxsplit=1)[0]
    return bool(_AUXILIARY.search(head))


def _is_apposition(text: str) -> bool:
    """ "the company that runs it", "who spoke on condition of anonymity because ...": a noun
    phrase or a relative clause; « a été interrompu » has a verb of its own, so it is the
    end of a clause and the speaker comes after the reporting verb."""
    if not text or any(q in text for q in '«»"“”') or _AUXILIARY.match(text):
        return False
    first = fold(text).replace("'", " ").split()[0]
    limit = MAX_RELATIVE_APPOSITION_WORDS if first in _RELATIVE_START else MAX_APPOSITION_WORDS
    if len(text.split()) > limit:
        return False
    return first in _APPOSITION_START or first.endswith("ing") or _is_name(text)


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


_INVERTED_SUBJECT = re.compile(
    r"^\s*(?:(?:(?:on|in|at|ce|cette)\s+\w+|yesterday|today|hier|lundi|mardi|mercredi|jeudi"
    r"|vendredi|samedi|dimanche)\s+)?"
    r"(?P<who>[^,.;:!?«»\"“”]+?)(?:\s+(?:on|in|at|lors|dans)\b[^,.;:!?]*)?\s*"
    r"(?:,\s*(?P<name>[^,.;:!?«»\"“”]+?)\s*(?=[,.!?…]|$))?(?:,[^.!?]*)?[.!?…]*\s*$",
    re.IGNORECASE,
)


# « a déclaré à la télévision publique le ministre »: where it was said comes before the subject.
_LEADING_PLACE = re.compile(
    r"^(?:à|au|aux|devant|sur|to|before)\s+(?:(?:la|le|les|l'|the)\s*)?[^,]*?\s"
    r"(?=(?:le|la|les|l'|un|une|the|a|an)\b)",
    re.IGNORECASE,
)
_FULL_NAME = re.compile(r"(?:\s[A-ZÀ-Þ][\w'-]*){2,4}$")  # "le colonel Abarchi Ousmane"
# « a expliqué à l'AFP Jean Dupont »: the outlet told, one word, before the speaker's full name.
_LEADING_AUDIENCE = re.compile(
    r"^(?:à|au|aux|to)\s+(?:l'|la\s+|le\s+|the\s+)?[A-ZÀ-Þ][\w'-]*\s+"
    r"(?=[A-ZÀ-Þ][\w'-]*\s+[A-ZÀ-Þ])"
)


def inverted_subject(prefix: str, rest: str) -> str | None:
    """The subject of an inverted reporting verb closing the sentence ("Y, a déclaré X.")."""
    if not prefix.rstrip().rstrip('»”"').rstrip().endswith(",") or len(prefix.split()) < 3:
        return None
    match = _INVERTED_SUBJECT.match(re.split(r"(?<=[.!?…])\s", rest, maxsplit=1)[0])
    if match is None:
        return None
    who = _LEADING_AUDIENCE.sub("", _LEADING_PLACE.sub("", match.group("who").strip()))
    first = fold(who).replace("'", " ").split()[:1]
    if not first or first[0] in ("que", "qu", "that", "par", "by") or too_long(who):
        return None
    name = match.group("name") or ""
    if _is_name(name) and len(name.split()) > 1:
        return f"{who} {name}"  # "…, a déclaré le ministre, Piet Marov."
    titled = _FULL_NAME.search(f" {name}") if len(name.split()) <= MAX_APPOSED_WORDS else None
    return f"{who} {titled.group().strip()}" if titled else who  # "…, le colonel A. Ousmane"

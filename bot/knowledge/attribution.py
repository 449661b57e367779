"""Who says it: the reporting structure of one clause, in French and English.

Reporting verbs are found by lemma (`draft_lemmas.py`); this module finds their subject, in
every order articles use: "X said (that) Y", "Y, X said on Monday.", "« Y », a déclaré X.",
"Y, a-t-il ajouté.", "X, a researcher at Z, said Y", "Y was denied by X", "X was quoted as
saying Y"; source phrases ("according to X", « selon X ») are read by `draft_sources.py`.
Participles ("confirming", « assurant ») have no subject of their own and never become the
speaker. Where the speaker's noun phrase starts and ends is `draft_subjects.py`'s job. It knows
nothing about the knowledge files: `draft_speakers.py` maps `who` to a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.knowledge.draft_lemmas import (
    BETWEEN,
    CIRCUMSTANCE,
    MAIN_VERB,
    PASSIVE,
    WORD,
    Role,
    VerbToken,
    auxiliary_before,
    french_adverb,
    verb_tokens,
)
from bot.knowledge.draft_subjects import (
    CLAUSE_START,
    DETERMINERS,
    MAX_SUBJECT_WORDS,
    apposition,
    inverted_subject,
    subject_before,
)
from bot.knowledge.terms import fold

PRONOUNS = frozenset("il elle ils elles on he she they it".split())

_QUOTED_AS = re.compile(
    r"\s+(?:was|were|is|are|has been|have been|had been)\s+quoted\s+as\s+saying\s*(?:that\s+)?",
    re.IGNORECASE,
)
# "a déclaré que", "said on Monday that": the claim starts after que/that (a few words later).
_AFTER_VERB = re.compile(
    r"^\s*(?:,\s*)?(?:[^\s,.;:]+\s+){0,4}?(?:que\s+|qu'|that\s+)", re.IGNORECASE
)
# Determiners after which an English base form is a noun ("a claim", "their report").
_SINGULAR_DETERMINERS = frozenset("a an another each every his her its their my our your".split())
_AGENT_NOW = re.compile(r"^\s*(?:by|par)\s+(?P<who>[^,;:.!?«»\"“”]+)", re.IGNORECASE)
_AGENT_LATER = re.compile(
    r"^\s*(?:de|d'|du|des|of)\b[^,;:.!?«»\"“”]*?\s(?:by|par)\s+(?P<who>[^,;:.!?«»\"“”]+)",
    re.IGNORECASE,
)
_INNER_WORDS = 3  # "it has long expected": the inner verb comes this early
# The speaker again, as the subject of the reported clause ("said it expected").
_SELF = frozenset("it he she they we i il elle ils elles nous je j".split())
_HEARSAY = frozenset("say report claim rumour rumor".split())
_RELATIVES = frozenset("qui who which that lequel laquelle lesquels".split())
_NEGATIONS = frozenset("not n ne pas jamais never".split())
# An English verb that drops "that": "X said the line stopped working".
_DROPS_THAT = frozenset("say claim add believe think suspect estimate note warn insist".split())


@dataclass(frozen=True)
class Attribution:
    """The reporting phrase of a sentence: "selon KCNA" or "les États-Unis ... accusent"."""

    who: str  # the speaker as written: "l'agence officielle nord-coréenne KCNA"
    cue: str  # "selon", "d'après", "affirme", "said"...
    lemma: str  # "selon" for source phrases, the verb's lemma otherwise
    claim: str  # the sentence without the reporting phrase: what the speaker claims
    from_subject: str  # the sentence from the speaker on (accusations are worded this way)
    closing: bool = False  # the phrase ends the sentence: "Y, X said." or "Y, a déclaré X."
    role: Role | None = None  # what the verb does to the claim (None for "selon X")
    description: str = ""  # an apposition saying what the speaker is: "une radio locale"

    @property
    def is_pronoun(self) -> bool:
        return fold(self.who) in PRONOUNS


def reporting_verb(text: str, language: str = "fr") -> Attribution | None:
    """The first reporting verb whose subject is a short noun phrase: opening its clause
    ("X a déclaré que Y"), before a verb that closes the sentence ("Y, X said.") or, inverted,
    after it ("Y, a déclaré X.")."""
    return next(reporting_verbs(text, language), None)


def closing_report(text: str, language: str = "fr") -> Attribution | None:
    """The reporting phrase that ends the sentence, if any: in "X accused Y, KCNA reported."
    KCNA relays X's accusation."""
    last = None
    for last in reporting_verbs(text, language):  # noqa: B007 (the last one is wanted)
        pass
    return last if last is not None and last.closing else None


def reporting_verbs(text: str, language: str = "fr") -> Iterator[Attribution]:
    """Every reporting verb of `text` with a usable subject, in order."""
    quoted_as = _QUOTED_AS.search(text)
    if quoted_as:
        subject = subject_before(text[: quoted_as.start()])
        if subject is not None:
            who, offset = subject
            claim = text[quoted_as.end() :].strip()
            yield Attribution(who, "quoted as saying", "say", claim, text[offset:], role="say")
    for verb in verb_tokens(text, language):
        found = _attribution(text, verb)
        if found is not None:
            yield found


def agentless_passive(text: str, language: str = "fr") -> Role | None:
    """The role of a reporting verb in the passive with no one named ("is believed to",
    « est soupçonné de », "are said to"): the claim is the article's, relayed, never its own
    statement. None when the passive names its agent or there is none."""
    for verb in verb_tokens(text, language):
        _, _, passive = _auxiliaries(text, verb)
        rest = text[verb.end :]
        if not passive or _agent(rest) is not None:
            continue
        if verb.role in ("estimate", "accuse"):
            return verb.role  # "is believed", « est soupçonné », "is accused of"
        if verb.lemma in _HEARSAY and re.match(r"\s+to\b", rest):
            return "say"  # "are said to have", "is reported to be"; not "was announced"
    return None


def _agent(rest: str) -> re.Match[str] | None:
    """ "by Beijing" right after the verb, or after its complement (« accusé de fraude par X »)."""
    return _AGENT_NOW.match(rest) or _AGENT_LATER.match(rest)


def _auxiliaries(text: str, verb: VerbToken) -> tuple[int, str | None, bool]:
    """Where the verb phrase starts once its auxiliaries and adverbs are included, the
    inverted pronoun ("a-t-il"), and whether it is a passive ("was denied")."""
    words = list(WORD.finditer(text[: verb.start]))
    pronoun = verb.pronoun
    core_end = verb.start
    passive = False
    while (
        words
        and not text[words[-1].end() : core_end].strip()  # no punctuation in between
        and (
            fold(words[-1].group()) in BETWEEN | PASSIVE
            or re.fullmatch(r"[a-z]{3,}ly", words[-1].group())  # "reportedly", "also"
            or french_adverb(words)  # « a fermement rejeté »
            or re.fullmatch(r"\w+-t-(?:il|elle|ils|elles|on)", words[-1].group())
        )
    ):
        word = words.pop()
        inverted = re.fullmatch(r"\w+-t-(?P<p>il|elle|ils|elles|on)", word.group())
        if inverted:
            pronoun = inverted["p"]
        passive = passive or fold(word.group()) in PASSIVE
        core_end = word.start()
    return core_end, pronoun, passive


def _attribution(text: str, verb: VerbToken) -> Attribution | None:
    prefix, rest = text[: verb.start], text[verb.end :]
    core_end, pronoun, passive = _auxiliaries(text, verb)
    between = {fold(w) for w in WORD.findall(text[core_end : verb.start])}
    if between & _NEGATIONS:
        return None  # "Beijing has not announced": the article says so, not Beijing
    cue = text[core_end : verb.end].strip()
    if pronoun:  # "« Y », a-t-il ajouté." / "Y, ajoute-t-elle."
        claim = prefix[:core_end].strip(" ,")
        return Attribution(pronoun, cue, verb.lemma, claim, text, closing=True, role=verb.role)
    agent = _AGENT_NOW.match(rest) or (_AGENT_LATER.match(rest) if passive else None)
    if agent is not None:
        if not passive:  # ", cité par l'agence": a relay, not the speaker
            return None
        who = agent["who"].strip()  # "The claim was denied by Beijing"
        if len(who.split()) > MAX_SUBJECT_WORDS:
            return None
        return Attribution(who, cue, verb.lemma, text, text, role=verb.role)
    if verb.participle:
        return _participle_subject(text, verb)
    if re.search(r"\s(?:and|et)\s*$", prefix[:core_end]):
        return _coordinated_subject(text, verb, rest)  # "X called it Y and said Z"
    if verb.past_participle and not auxiliary_before(prefix):
        return None  # « les 2 500 (policiers) promis »: an adjective, not a finite verb
    if passive or _bare_noun(prefix[:core_end], verb, rest):
        return None  # "are expected to", "state media": no speaker here
    subject = subject_before(prefix[:core_end])
    if subject is None:
        inverted_who = inverted_subject(prefix[:core_end], rest)
        if inverted_who is None:
            return None
        claim = prefix[:core_end].strip(" ,")
        return Attribution(inverted_who, cue, verb.lemma, claim, text, True, verb.role)
    who, offset = subject
    if fold(who) in _RELATIVES:
        return None  # "Orban, qui a félicité X, est attendu": not the sentence's claim
    from_subject, described = text[offset:].strip(), apposition(prefix[:core_end])
    starts = list(CLAUSE_START.finditer(prefix[:offset]))
    after_comma = (
        bool(starts)
        and starts[-1].group().strip() in (",", "»", "”", '"')
        and not prefix[starts[-1].end() : offset].strip()
    )
    if after_comma and _closes(rest, verb):
        claim = prefix[: starts[-1].start()].strip()  # "Y, X said.": Y is the claim
        return Attribution(who, cue, verb.lemma, claim, from_subject, True, verb.role, described)
    after = _AFTER_VERB.match(rest)
    skipped = set(fold(rest[: after.end()]).replace("'", " ").split()) if after else set()
    # "a déclaré vendredi que X": X is the claim; "a annoncé la visite que Y prépare": no.
    if after and not skipped & DETERMINERS:
        claim = rest[after.end() :]
    elif verb.lemma in _DROPS_THAT and _starts_clause(rest):
        claim = rest
    else:
        claim = text
    return Attribution(
        who, cue, verb.lemma, claim.strip(), from_subject, role=verb.role, description=described
    )


def _bare_noun(prefix: str, verb: VerbToken, rest: str) -> bool:
    """ "state media", "Chinese state media": an English base form is a verb only after a
    plural subject or a pronoun ("analysts say", "they claim"), else a noun or adjective."""
    if fold(verb.word) != verb.lemma or not re.fullmatch(r"[a-z]+", verb.word.lower()):
        return False
    before = fold(prefix).replace("'", " ").split()
    if not before or prefix.rstrip().endswith(","):
        return True
    if before[-1].endswith("s") or before[-1] in ("they", "we", "i", "you"):
        return False  # "analysts say", "their analysts say", "they claim"
    subject = subject_before(prefix)
    first = fold(subject[0]).split()[0] if subject else ""
    if first in _SINGULAR_DETERMINERS or re.search(r"'s?\s*$", prefix):
        return True  # "A Houthi claim that ...", "Iran's claim": a verb would take an -s
    return not re.match(r"\s*that\b", rest)  # "Police suspect that ..."


def _participle_subject(text: str, verb: VerbToken) -> Attribution | None:
    """ "X a salué l'accord, soulignant que Y", "X declined to comment, saying Y": a reporting
    participle after the main clause speaks for that clause's subject."""
    prefix = text[: verb.start].rstrip()
    if not prefix.endswith(",") or re.search(r"\b(?:as|en)\s*$", prefix):
        return None
    main = MAIN_VERB.search(prefix)
    if main is None:
        return None
    subject = subject_before(prefix[: main.start()])
    if subject is None:
        return None
    who, offset = subject
    return Attribution(who, verb.word, verb.lemma, text, text[offset:], role=verb.role)


def _coordinated_subject(text: str, verb: VerbToken, rest: str) -> Attribution | None:
    """ "X called the incident Y and said Z", « X a qualifié ... et a déclaré que Z »: a
    reporting verb coordinated with the main one shares its subject."""
    main = MAIN_VERB.search(text[: verb.start])
    subject = subject_before(text[: main.start()]) if main else None
    if subject is None:
        return None
    who, offset = subject
    after = _AFTER_VERB.match(rest)
    claim = rest[after.end() :] if after else rest
    return Attribution(who, verb.word, verb.lemma, claim.strip(), text[offset:], role=verb.role)


def inner_role(claim: str, language: str = "fr") -> Role | None:
    """ "said it expected Y", « a dit qu'il craignait Y »: the reported clause opens with the
    speaker's own opinion or accusation, which sets the claim's strength."""
    for verb in verb_tokens(claim, language):
        before = fold(claim[: verb.start]).replace("'", " ").split()
        if len(before) > _INNER_WORDS:
            return None
        subject = [w for w in before if w not in BETWEEN]
        is_self = len(subject) == 1 and subject[0] in _SELF
        if verb.role in ("estimate", "accuse") and not verb.participle and is_self:
            return verb.role  # "it expected", not "no one believes"
    return None


def _starts_clause(rest: str) -> bool:
    """ "said the line stopped working": a clause follows without "that"."""
    first = fold(rest).split()[:1]
    return bool(first) and first[0] not in CIRCUMSTANCE and first[0] not in ("to", "of", "for")


def _closes(rest: str, verb: VerbToken) -> bool:
    """What follows a closing reporting verb: nothing, a time or place, an audience ("told
    reporters"), then maybe a participle ("..., confirming that ...")."""
    body = re.split(r",\s*(?=\w+(?:ing|ant)\b)|[.!?…]", rest, maxsplit=1)[0]
    if re.search(r"\b(?:that|que|qu')", body, re.IGNORECASE):
        return False
    tokens = [t for t in (w.strip(".,!?…") for w in fold(body).replace("'", " ").split()) if t]
    if not tokens:
        return True
    return verb.lemma in ("tell", "dire") or tokens[0] in CIRCUMSTANCE

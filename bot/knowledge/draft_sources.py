"""Source phrases: « selon X », « d'après X », "according to X", « pour X, Y », and the agent
of "data cited by X" or « des résultats publiés par X », who is then the one speaking.
"""

from __future__ import annotations

import re

from bot.knowledge.attribution import Attribution
from bot.knowledge.draft_kinds import guess_kind
from bot.knowledge.draft_subjects import MAX_SUBJECT_WORDS

# "selon X", "d'après X", "according to X": X runs to the next comma or the end of the clause.
_SOURCE = re.compile(
    r"(?P<cue>\bselon|\bd'après|\bd'apres|\baccording to|\bas reported by)\s+"
    r"(?P<who>[^,;:.!?«»\"“”]+?)\s*(?=,|;|:|\.|!|\?|$|\s+(?:que|qu'|that)\b)",
    re.IGNORECASE,
)
# « a-t-on appris de source policière », « de sources concordantes »: the source is named after
# « de », with no article (the impersonal « on » who learnt it is no one).
_FROM_SOURCE = re.compile(
    r"\b(?P<cue>de)\s+(?P<who>sources?\s+[a-zà-ÿ][^,;:.!?«»\"“”]*?)\s*(?=,|;|:|\.|!|\?|$)"
)
# « Pour les analystes, ... », « Pour Joseph Dempsey, chercheur à ..., ... »: opening the sentence.
_FOR = re.compile(r"^\s*(?P<cue>Pour)\s+(?P<who>[^,;:.!?«»\"“”]{2,60}?)\s*,", re.IGNORECASE)
# "data cited by Yle", « des résultats publiés lundi par la commission »: the agent speaks.
_AGENT = re.compile(r"\s(?:by|par)\s+(?P<agent>.+)$", re.IGNORECASE)


# « Selon le maire de Lenz, Clara Voss, les pêcheurs ... »: the source's name after its title.
_APPOSED_NAME = re.compile(r"(?P<name>[A-ZÀ-Þ][\w'-]*(?:\s[A-ZÀ-Þ][\w'-]*){1,3}),\s*")


# « D'après Radio X, une radio locale, … », "according to Kpler, a ship-tracking firm, …": what
# the source is, between commas; « selon l'agence Tass, citée par Reuters, »: who relays it.
_DESCRIBED = re.compile(
    r"(?P<description>(?:un|une|le|la|les|l'|a|an|the)\s*[^,;:!?«»\"“”]+?)(?:,\s*|[.!?…]?\s*$)",
    re.IGNORECASE,
)
_RELAYED = re.compile(r"\w+(?:ée?s?|ed)\s+(?:par|by)\s+[^,;:.!?«»\"“”]+,\s*", re.IGNORECASE)
# "a Mozambican election-monitoring group that compiles reports from hospitals": a description.
MAX_DESCRIPTION_WORDS = 10
# « les indépendantistes », « les opposants », « les manifestants », « les agriculteurs »
_PEOPLE = re.compile(r"^(?:les|des|ces|leurs)\s+\w+(?:istes|ants|ents|eurs|euses|iens|iennes)$")
_LEARNT = re.compile(r",?\s*(?:\w+-t-on|\w+-on)(?:\s+\w+)?$")  # « a-t-on appris »


def _agent(who: str) -> str:
    """ "data cited by the broadcaster Yle" -> "the broadcaster Yle"; a source stays itself."""
    match = _AGENT.search(who)
    if match is None:
        return who
    agent = match.group("agent").strip()
    head = re.sub(r"\s+\w+(?:ée?s?|ed)$", "", who[: match.start()])  # "... citée par": drop "citée"
    if not re.match(r"(?:the|a|an|le|la|les|l'|un|une|des|[A-ZÀ-Þ])", agent):
        return head.strip()  # "des habitants joints par téléphone": not an agent
    if guess_kind(head) is not None or any(w[:1].isupper() for w in head.split()[1:]):
        return head.strip()  # "une source militaire citée par Yonhap" is the source's claim
    return agent


def source_phrase(text: str) -> Attribution | None:
    """ "selon X", "according to X", « pour X, »: the source, however long its description."""
    match = _SOURCE.search(text) or _FOR.search(text) or _FROM_SOURCE.search(text)
    if match is None:
        return None
    who = _agent(match.group("who").strip())
    if match.re is _FOR and not _is_source_for(who):
        return None
    if len(who.split()) > MAX_SUBJECT_WORDS:
        return None
    before, after = text[: match.start()].rstrip(" ,"), text[match.end() :].lstrip(" ,")
    named = _APPOSED_NAME.match(after) if text[match.end() :].lstrip().startswith(",") else None
    if named and len(f"{who} {named['name']}".split()) <= MAX_SUBJECT_WORDS:
        who, after = f"{who} {named['name']}", after[named.end() :]  # « selon le maire, X, »
    description = ""
    if match.re is _FROM_SOURCE:  # « …, a-t-on appris de source policière »
        before = _LEARNT.sub("", before)
    if text[match.end() :].lstrip().startswith(","):
        described = _DESCRIBED.match(after)
        if described and not before and not described.group().rstrip().endswith(","):
            described = None  # « Selon X, les autorités ont fermé le port. »: the claim
        words = described["description"].split() if described else []
        if described and len(words) <= MAX_DESCRIPTION_WORDS and guess_kind(" ".join(words)):
            description, after = described["description"], after[described.end() :]
        relayed = _RELAYED.match(after)
        after = after[relayed.end() :] if relayed else after
    joined = f"{before}{after}" if after[:1] in ".!?…" else f"{before} {after}"
    claim = joined.strip() if before and after else (before or after)
    return Attribution(who, match.group("cue"), "selon", claim, text, description=description)


def _is_source_for(who: str) -> bool:
    """ "Pour les analystes" names a source; "Pour la première fois" does not. A plural noun
    with an ending French gives nouns of people (« les indépendantistes », « les habitants »)
    names a group; « pour les besoins de » names none."""
    if guess_kind(who) is not None or any(w[:1].isupper() for w in who.split()):
        return True
    return bool(_PEOPLE.match(who.strip()))

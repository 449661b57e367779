"""Ids and names in a draft: slugs made unique against the knowledge, the content stems and
capitalised words by which drafting compares how an article names a speaker or an entity, and
the author a document stands for (« un rapport de l'ONU » is the UN speaking)."""

from __future__ import annotations

import re

from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import stem, words


def slug(text: str, max_words: int = 6, max_length: int = 48) -> str:
    """An id from the content words of a text: "kim-jong-un-belooussov-rencontres"."""
    value = ""
    for word in [w for w in words(text) if w not in STOPWORDS and len(w) > 1][:max_words]:
        if value and len(value) + 1 + len(word) > max_length:
            break
        value = f"{value}-{word}" if value else word[:max_length]
    return value or "fact"


def unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def content_stems(text: str) -> frozenset[str]:
    return frozenset(
        stem(w, lang) for w in words(text) if w not in STOPWORDS for lang in ("fr", "en")
    )


def capitalised(text: str) -> list[str]:
    """The words of `text` written with a capital (names), after its first word."""
    tokens = re.findall(r"[\w-]+", text)
    return [t for i, t in enumerate(tokens) if t[:1].isupper() and (i or len(tokens) == 1)]


_DOCUMENTS = (
    r"(?:rapport|report|étude|study|communiqué|statement|enquête|survey|bilan|analyse|analysis"
    r"|document|note|déclaration|figure|chiffre|data|données)s?"
)
_DOCUMENT_OF = re.compile(
    rf"^(?:(?:un|une|le|la|les|l'|des|a|an|the)\s*)?(?:(?:new|latest|nouvel|nouveau|dernier"
    rf"|preliminary|provisional|official|premiers?|provisoires?|officiels?)\s+)?"
    rf"{_DOCUMENTS}\s+(?P<link>de\s+|d'|du\s+|des\s+|of\s+|from\s+|by\s+)(?P<author>.+)$",
    re.IGNORECASE,
)
_DOCUMENT_AFTER = re.compile(
    rf"^(?:(?:[Aa]n?\s+|(?=[Tt]he\s))(?P<author>(?:[Tt]he\s+)?[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)*)"
    rf"|(?P<owner>.+?)'s)\s+(?:\w+\s+)?{_DOCUMENTS}\b",
)
_PUBLISHED = re.compile(r"\s+(?:publié|publiée|publiés|published|released|issued)\b.*$", re.I)


def document_author(written: str) -> str:
    """ "un rapport de l'ONU publié lundi", "a UN report", "the ministry's statement": a
    document speaks for its author, who is the speaker."""
    found = _DOCUMENT_OF.match(written)
    if found is not None:  # « un rapport du ministère »: « le ministère »
        article = {"du": "le ", "des": "les "}.get(found["link"].strip().lower(), "")
        return article + _PUBLISHED.sub("", found["author"]).strip(" ,")
    found = _DOCUMENT_AFTER.match(written)
    if found is None or (found["author"] or "").lower() == "the":  # "The data provider X"
        return written
    return (found["author"] or found["owner"]).strip()

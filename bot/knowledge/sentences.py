"""Cut an article's plain text into the sentences a fact can be drafted from.

Articles pasted as text keep their layout: headings (short lines without final punctuation),
rhetorical questions, list introductions ending with a colon, and list items. Headings and
questions state no fact and are skipped; a list item becomes one sentence prefixed with its
introduction, so that "Plusieurs éléments sont à prendre en compte : l'impact ..." reads as a
complete claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Origin = Literal["paragraph", "list_item"]

_BULLET = re.compile(r"^\s*(?:[-–—•*▪◦]|\d{1,2}[.)])\s+")
_END = re.compile(r"[.!?…][»”\"')\]]*$")
# A sentence ends at . ! ? … (possibly followed by closing quotes) before a capital or a quote.
_BOUNDARY = re.compile(r"(?<=[.!?…])((?:\s*[»”\"')\]])*)\s+(?=[«“\"'(A-ZÀ-ÖØ-Þ0-9])")
_ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle dr pr st ste me gal gén col cdt lt sgt av apr j.-c etc cf p ex "
    "mr mrs ms prof gen sen rep gov jr sr vs no fig u.s u.k e.g i.e".split()
)
HEADING_MAX_WORDS = 14


@dataclass(frozen=True)
class Sentence:
    text: str
    index: int  # position in the article, from 1
    origin: Origin = "paragraph"
    context: str = ""  # the paragraph's previous sentence (for pronouns and "selon X" carried on)


def normalise(text: str) -> str:
    """Typographic apostrophes to straight ones, non-breaking spaces to spaces."""
    return (
        text.replace("’", "'")
        .replace("‘", "'")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
        .replace("\u2028", " ")
    )


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph; abbreviations ("M.", "U.S.") and initials do not end one."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start() + len(match.group(1))
        before = paragraph[start:end].rstrip(".»”\"')] ")
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        pieces.append(paragraph[start:end].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


def is_heading(line: str) -> bool:
    """A short line with no final punctuation: a title, a subtitle or a picture credit."""
    return (
        not _END.search(line) and not line.endswith(":") and len(line.split()) <= HEADING_MAX_WORDS
    )


def is_question(sentence: str) -> bool:
    return sentence.rstrip("»”\"') ").endswith("?")


def article_sentences(text: str) -> list[Sentence]:
    """Every sentence that may state a fact, in article order."""
    sentences: list[Sentence] = []
    intro = ""  # the last "... :" line, which introduces the list items that follow
    for raw_line in normalise(text).splitlines():
        line = " ".join(raw_line.split())
        if not line:
            continue
        bullet = _BULLET.match(line)
        if bullet:
            item = line[bullet.end() :].rstrip(" ;,.")
            if item and not is_question(item):
                lead = intro.rstrip(" :")
                joined = f"{lead} : {item[0].lower()}{item[1:]}" if lead else item
                sentences.append(Sentence(joined + ".", len(sentences) + 1, "list_item", intro))
            continue
        intro = ""
        if is_heading(line):
            continue
        previous = ""
        for sentence in split_sentences(line):
            if sentence.endswith(":"):
                intro = sentence
                continue
            if not is_question(sentence):
                sentences.append(Sentence(sentence, len(sentences) + 1, "paragraph", previous))
            previous = sentence
    return sentences

"""Cut an article's plain text into the sentences a fact can be drafted from.

Articles pasted as text keep their layout: headings (short lines without final punctuation),
bylines, wire credits and datelines, rhetorical questions, list introductions ending with a
colon, and list items. Headings, credits and questions state no fact and are skipped, a
dateline ("SEOUL, Dec 3 (Reuters) - ") is cut from its paragraph; a list item becomes one
sentence prefixed with its introduction, so that "Plusieurs éléments sont à prendre en
compte : l'impact ..." reads as a complete claim. A quotation running over several sentences
stays one sentence, so that it becomes one fact given to its speaker.
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
# "since Oct. 21", « le 3 janv. 2025 »: an abbreviated month before a number ends no sentence.
_MONTHS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec janv fevr févr avr juil déc".split()
)
HEADING_MAX_WORDS = 20  # wire headlines run to about 20 words; body lines end with a stop
# Hard-wrapped text: lines of a block at least this share of its longest line, which is at
# least this many characters, run on to the next line unless they end a sentence.
WRAP_SHARE = 0.6
WRAP_MIN_WIDTH = 60
CREDIT_MAX_WORDS = 20
# "By Jane Doe", « Par Claire Dubois, envoyée spéciale », "(Reporting by X; Editing by Y)",
# « (Avec AFP) », "© AFP 2024", "Additional reporting by X": lines that credit, never claim.
_CREDIT = re.compile(
    r"^\(?\s*(?:by|par|with|avec|reporting|additional reporting|writing|editing|edited|"
    r"compiled|r[ée]daction|©|\(c\)|copyright)\b",
    re.IGNORECASE,
)
# "SEOUL, Dec 3 (Reuters) - ", « TBILISSI (AFP) - », "(AFP) - ": a city in capitals, a date and
# an agency, then a dash, opening the first paragraph of a wire story.
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{1,40}(?:\s*,\s*[^()\-–—.]{1,30}?)?\s*(?:\([^)]{1,40}\))?"
    r"|\([^)]{1,40}\))\s*[-–—]+\s+"
)
_OPENING = "«“"
_CLOSING = "»”"


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
        if last_word in _MONTHS and paragraph[match.end() : match.end() + 1].isdigit():
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


def is_credit(line: str) -> bool:
    """A byline or wire credit: "By Jane Doe", « (Avec AFP) », "Editing by X"."""
    return bool(_CREDIT.match(line)) and len(line.split()) <= CREDIT_MAX_WORDS


def without_dateline(line: str) -> str:
    """The paragraph without its dateline; a line in capitals alone is a heading, kept whole."""
    match = _DATELINE.match(line)
    if match is None or not re.search(r"[A-ZÀ-ÖØ-Þ]{2}", match.group()):
        return line
    return line[match.end() :]


def _open_quotes(text: str) -> int:
    """How many quotations `text` opens without closing (straight quotes count in pairs)."""
    curly = sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)
    return max(curly, 0) + text.count('"') % 2


def _only_quote(text: str) -> bool:
    """ "\"But it is too early to name anyone.\"": a sentence that is all quotation."""
    stripped = text.strip()
    return (
        stripped[:1] in _OPENING + '"'
        and stripped.rstrip(".!?…")[-1:] in _CLOSING + '"'
        and _open_quotes(stripped) == 0
    )


def join_quotations(sentences: list[str]) -> list[str]:
    """Sentences of one quotation put back together: an open quotation runs on to the sentence
    that closes it, and a sentence that is all quotation continues the quote before it."""
    joined: list[str] = []
    for sentence in sentences:
        if joined and (_open_quotes(joined[-1]) or (_only_quote(sentence) and _quotes(joined[-1]))):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


def _quotes(text: str) -> bool:
    return any(c in text for c in _OPENING + _CLOSING + '"')


def is_question(sentence: str) -> bool:
    return sentence.rstrip("»”\"') ").endswith("?")


def unwrap(text: str) -> list[str]:
    """The article's paragraphs, one a line: lines hard-wrapped at a fixed width (a wire story
    pasted from a text file) are joined back. A line is wrapped when it is nearly as long as
    the longest line of its block and stops mid-sentence (or inside an open quotation), and
    the next line is neither a list item nor a credit."""
    lines = [" ".join(raw.split()) for raw in normalise(text).splitlines()]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        width = max((len(b) for b in block), default=0)
        for current in block:
            previous = paragraphs[-1] if paragraphs else ""
            if previous and _wrapped(previous, current, width):
                paragraphs[-1] = f"{previous} {current}"
            else:
                paragraphs.append(current)
        paragraphs.append("")  # a blank line ends the block: nothing joins across it
        block = []
    return [p for p in paragraphs if p]


def _wrapped(previous: str, line: str, width: int) -> bool:
    if width < WRAP_MIN_WIDTH or len(previous) < WRAP_SHARE * width:
        return False
    if _BULLET.match(line) or is_credit(line) or previous.endswith(":"):
        return False
    return not _END.search(previous) or _open_quotes(previous) > 0


def article_sentences(text: str) -> list[Sentence]:
    """Every sentence that may state a fact, in article order."""
    sentences: list[Sentence] = []
    intro = ""  # the last "... :" line, which introduces the list items that follow
    for line in unwrap(text):
        bullet = _BULLET.match(line)
        if bullet:
            item = line[bullet.end() :].rstrip(" ;,.")
            if item and not is_question(item):
                lead = intro.rstrip(" :")
                joined = f"{lead} : {item[0].lower()}{item[1:]}" if lead else item
                sentences.append(Sentence(joined + ".", len(sentences) + 1, "list_item", intro))
            continue
        intro = ""
        if is_heading(line) or is_credit(line):
            continue
        previous = ""
        for sentence in join_quotations(split_sentences(without_dateline(line))):
            if sentence.endswith(":"):
                intro = sentence
                continue
            if not is_question(sentence):
                sentences.append(Sentence(sentence, len(sentences) + 1, "paragraph", previous))
            previous = sentence
    return sentences

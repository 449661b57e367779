"""Multi-part questions: "Who did Kim meet and when?", "Qui a-t-il rencontré et de quoi ont-ils
parlé ?" are split where "and"/"et" starts a new question word, each part is answered on its
own, and the replies are joined part by part with one numbering of sources.

A part that is only a question word ("and when?") borrows the rest of the first part ("when
did Kim meet"). A part answered with facts already given by an earlier part adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer.reply import Citation, Paragraph, Reply
from bot.knowledge.store import KnowledgeStore
from bot.messages import t

_QUESTION_WORD = (
    r"who|whom|when|where|why|how|what|which|how many|how much|qui|quand|ou|où|pourquoi|"
    r"comment|combien|que|qu'|quoi|de quoi|quel|quelle|quels|quelles|avec qui|a qui|à qui"
)
_SPLIT = re.compile(rf"\s*,?\s+(?:and|et)\s+(?=(?:{_QUESTION_WORD})(?:\b|\s|$))", re.IGNORECASE)
_LEADING_WORD = re.compile(rf"^\s*(?:{_QUESTION_WORD})\b\s*", re.IGNORECASE)
_END = re.compile(r"[\s?!.]+$")


def split_parts(question: str) -> list[str]:
    """The question's parts, each a question of its own; one part when it is not multi-part.
    A bare question word ("and when?", "quand et où ...") borrows the body of the first part
    that has one."""
    pieces = [_END.sub("", p) for p in _SPLIT.split(question.strip())]
    if len(pieces) < 2 or not _LEADING_WORD.match(pieces[0]):
        return [question]
    bodies = [_LEADING_WORD.sub("", piece).strip() for piece in pieces]
    body = next((b for b in bodies if b), "")
    if not body:
        return [question]
    pairs = zip(pieces, bodies, strict=True)
    return [f"{piece} ?" if own else f"{piece} {body} ?" for piece, own in pairs]


def answer_parts(
    store: KnowledgeStore, question: str, parts: list[str], replies: list[Reply]
) -> Reply:
    """One reply made of the parts' replies, sources numbered once across them; a part the
    sources do not answer says which part it is."""
    paragraphs: list[Paragraph] = []
    citations: list[Citation] = []
    numbers: dict[tuple[str, str], int] = {}
    seen_texts: set[str] = set()
    for part, reply in zip(parts, replies, strict=True):
        renumber: dict[int, int] = {}
        for citation in reply.citations:
            fact = store.facts[citation.fact_id]
            key = (fact.speaker, fact.document)
            new = numbers.setdefault(key, len(numbers) + 1)
            renumber[citation.number] = new
            if citation.fact_id not in {c.fact_id for c in citations}:
                citations.append(replace(citation, number=new))
        for paragraph in reply.paragraphs:
            if paragraph.text in seen_texts:
                continue
            seen_texts.add(paragraph.text)
            cites = tuple(renumber.get(n, n) for n in paragraph.cites)
            text = paragraph.text
            if not reply.answered:
                shown = part.rstrip(" ?")
                text = t(reply.language, "multipart.unanswered", part=shown, text=text)
            paragraphs.append(replace(paragraph, text=text, cites=cites))
    answered = [r for r in replies if r.answered]
    main = answered[0] if answered else replies[0]
    hint = None if answered else main.hint
    return Reply(
        question,
        main.language,
        bool(answered),
        main.kind,
        tuple(paragraphs),
        tuple(citations),
        hint,
    )

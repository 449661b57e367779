"""Turn facts into a reply: attributed sentences, quotes and numbered citations.

The sentences themselves come from `bot.wording`, shared with the briefing, so answers and
briefs word a fact the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.answer.reply import Paragraph, Reply, ReplyKind
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.wording.attribution import attributed_sentence, quote_block
from bot.wording.citations import citation_for, format_date


def facts_reply(
    store: KnowledgeStore,
    question: str,
    language: str,
    facts: Sequence[Fact],
    kind: ReplyKind = "answer",
    lead: Iterable[str] = (),
) -> Reply:
    """A reply stating `facts` in order, one numbered citation per fact."""
    paragraphs = [Paragraph(text) for text in lead]
    citations = []
    numbers: dict[tuple[str, str], int] = {}
    for fact in facts:
        number = numbers.setdefault((fact.speaker, fact.document), len(numbers) + 1)
        paragraphs.append(
            Paragraph(
                attributed_sentence(store, fact, language), quote_block(fact, language), (number,)
            )
        )
        citations.append(citation_for(store, fact, number, language))
    return Reply(question, language, True, kind, tuple(paragraphs), tuple(citations))


def refusal(
    store: KnowledgeStore, question: str, language: str, message: str, kind: ReplyKind = "refusal"
) -> Reply:
    return Reply(question, language, False, kind, (Paragraph(message),), hint=hint(store, language))


def hint(store: KnowledgeStore, language: str) -> str:
    """What the bot can answer about: the most cited entities and one example question."""
    counts: dict[str, int] = {}
    for fact in store.facts.values():
        for entity in fact.entities:
            counts[entity] = counts.get(entity, 0) + fact.importance
    top = sorted(counts, key=lambda e: -counts[e])[:5]
    names = ", ".join(store.entities[e].name.get(language) for e in top if e in store.entities)
    ranked = store.by_importance()
    examples = ranked[0].questions.get(language) if ranked else []
    example = examples[0] if examples else "?"
    return t(language, "refusal.hint", topics=names or "?", example=example)


def sources_reply(store: KnowledgeStore, question: str, language: str) -> Reply:
    """The documents the bot knows and who is cited in them: for "what are your sources?"."""
    paragraphs = [Paragraph(t(language, "answer.sources_intro"))]
    for document in sorted(store.documents.values(), key=lambda d: d.published, reverse=True):
        paragraphs.append(
            Paragraph(
                t(
                    language,
                    "answer.document",
                    title=document.title,
                    publisher=document.publisher,
                    date=format_date(language, document.published),
                )
            )
        )
    cited = sorted({store.speakers[f.speaker].name.get(language) for f in store.facts.values()})
    paragraphs.append(Paragraph(t(language, "answer.cited", names=", ".join(cited))))
    return Reply(question, language, True, "sources", tuple(paragraphs))

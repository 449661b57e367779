"""What the answer buttons and /sources show: the sources behind an answer, related facts
("more"), and every source the bot answers from.

Both work from fact ids remembered with the answer, so they stay correct even if the question
would be answered differently now; facts removed since (knowledge reload) are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answer import compose
from bot.answer.reply import Reply, format_date
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.telegram.rendering import Html, bold, html_t, link, reply_blocks

RELATED_LIMIT = 3
_MIN_RELATEDNESS = 2


def related_facts(
    store: KnowledgeStore, fact_ids: Sequence[str], limit: int = RELATED_LIMIT
) -> list[Fact]:
    """Facts sharing topics or entities with the cited ones, most related and important first.

    A shared topic counts double: topics are specific ("troops"), while an entity such as a
    country appears in almost every fact and alone makes a weak link.
    """
    cited = [store.facts[f] for f in fact_ids if f in store.facts]
    entities = {e for fact in cited for e in fact.entities}
    topics = {topic for fact in cited for topic in fact.topics}
    scored = []
    for fact in store.facts.values():
        if fact.id in fact_ids:
            continue
        score = 2 * len(topics & set(fact.topics)) + len(entities & set(fact.entities))
        if score >= _MIN_RELATEDNESS:
            scored.append((-score, -fact.importance, fact.id, fact))
    return [fact for *_, fact in sorted(scored, key=lambda s: s[:3])[:limit]]


def more_reply(store: KnowledgeStore, question: str, language: str, facts: Sequence[Fact]) -> Reply:
    """Related facts worded like an answer (attribution, quotes, numbered citations)."""
    return compose.facts_reply(
        store, question, language, facts, lead=[t(language, "tg.more.title")]
    )


def answer_sources(
    store: KnowledgeStore, language: str, cited: Sequence[tuple[int, str]]
) -> list[Html]:
    """One block per citation number of an answer (`cited`: (number, fact id) pairs): who
    said it and who they are, in which article, when."""
    blocks = [bold(t(language, "tg.sources.answer_title"))]
    shown: set[int] = set()
    for number, fact_id in cited:
        fact = store.facts.get(fact_id)
        if fact is None or number in shown:
            continue
        shown.add(number)
        speaker = store.speakers[fact.speaker]
        document = store.documents[fact.document]
        about = f", {speaker.description.get(language)}" if speaker.description else ""
        blocks.append(
            html_t(
                language,
                "tg.sources.fact",
                number=number,
                speaker=bold(speaker.name.get(language)),
                about=about,
                document=link(document.title, document.url),
                publisher=document.publisher,
                date=format_date(language, document.published),
            )
        )
    return blocks


def all_sources(store: KnowledgeStore, language: str) -> list[Html]:
    """The /sources view: the core's sources reply (the same as "what are your sources?"),
    under a title."""
    reply = compose.sources_reply(store, "/sources", language)
    return [bold(t(language, "tg.sources.title")), *reply_blocks(reply)]

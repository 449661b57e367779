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
                document=link(document.title.get(language), document.url),
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

"""Inline mode: `@botname question` in any chat offers up to three cited answer cards to send.

The first card is the answer itself (or a "no information" card when the bot cannot answer),
the others are related facts, each worded and cited like an answer, in the question's
language. Clients send a query on almost every keystroke, so partial questions are not logged
as questions, results are cached for a minute (here and by Telegram), and each user gets a
budget of queries per minute. Enabled with @BotFather's /setinline (see README).
"""

from __future__ import annotations

import logging

from telegram import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.answer import compose
from bot.answer.related import related_facts
from bot.answer.reply import Reply
from bot.messages import t
from bot.telegram.context import INLINE_CACHE_SECONDS, Context, telegram_language
from bot.telegram.conversation import MAX_QUESTION_CHARS
from bot.telegram.flood import Verdict
from bot.telegram.rendering import MAX_MESSAGE, Html, esc, join_blocks, reply_blocks
from bot.telegram.sending import NO_PREVIEW
from bot.textsize import shorten, text_length

log = logging.getLogger(__name__)

MAX_CARDS = 3  # the answer and up to two related facts
TITLE_CHARS = 64
DESCRIPTION_CHARS = 120
START_PARAMETER = "inline"  # the private chat the results' button opens (/start inline)

Cards = list[InlineQueryResultArticle]


def one_message(question: str, reply: Reply) -> str:
    """The card's message: the question, then the reply, within one Telegram message. A long
    reply loses paragraphs from its end, never its sources (the last block)."""
    header = Html(f"<b>{esc(t(reply.language, 'tg.inline.question', question=question))}</b>")
    blocks = reply_blocks(reply)
    sources = [blocks.pop()] if reply.citations and blocks else []
    while blocks and text_length("\n\n".join([header, *blocks, *sources])) > MAX_MESSAGE:
        blocks.pop()
    return join_blocks([header, *blocks, *sources])[0]


def _card(card_id: str, title: str, description: str, question: str, reply: Reply) -> Cards:
    content = InputTextMessageContent(
        one_message(question, reply), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
    )
    return [
        InlineQueryResultArticle(
            card_id,
            shorten(title, TITLE_CHARS),
            content,
            description=shorten(description, DESCRIPTION_CHARS),
        )
    ]


def _sources(reply: Reply) -> str:
    return ", ".join(dict.fromkeys(c.source for c in reply.unique_citations))


def cards(context: Context, question: str, hint: str | None) -> Cards:
    """The cards for one question (not logged: inline queries are mostly unfinished)."""
    runtime = context.runtime
    store = runtime.store
    reply = runtime.ask(question, previous_language=hint, log_it=False)
    language = reply.language
    first_text = reply.paragraphs[0].text if reply.paragraphs else ""
    if not reply.answered:
        title = t(language, "tg.inline.no_info")
        return _card("refused", title, first_text, question, reply)
    if reply.citations:
        sources = t(language, "tg.inline.answer_description", sources=_sources(reply))
        first_text = f"{first_text} — {sources}"
    results = _card("answer", question, first_text, question, reply)
    for index, fact in enumerate(related_facts(store, reply.fact_ids, MAX_CARDS - 1)):
        related = compose.facts_reply(store, question, language, [fact])
        # The title is the fact itself; who says it is in the description and the message.
        text = fact.text.get(language)
        about = t(language, "tg.inline.related_description", sources=_sources(related))
        results += _card(f"related-{index}", text[:1].upper() + text[1:], about, question, related)
    return results


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    hint = telegram_language(query.from_user.language_code)
    language = hint or context.runtime.settings.DEFAULT_LANGUAGE
    verdict = context.bot_data.inline_flood.hit(query.from_user.id)
    if verdict is Verdict.DROP:
        return  # already told to slow down in this window
    if verdict is Verdict.WARN:
        await _answer_with_button(query, t(language, "tg.inline.slow_down"))
        return
    question = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    if not question:
        await _answer_with_button(query, t(language, "tg.inline.type_question"))
        return
    key = (context.runtime.store.version, question.casefold(), hint)
    cache = context.bot_data.inline_cache
    results = cache.get(key)
    if results is None:
        results = cache[key] = cards(context, question, hint)
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)


async def _answer_with_button(query: InlineQuery, text: str) -> None:
    """No cards, a button above the (empty) results that opens the private chat instead."""
    button = InlineQueryResultsButton(text=text, start_parameter=START_PARAMETER)
    await query.answer([], cache_time=0, is_personal=True, button=button)

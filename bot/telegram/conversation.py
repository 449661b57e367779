"""Questions and their answers: private texts, /ask, group mentions, and the answer buttons.

`runtime.ask` is called directly on the event loop, not in a thread: it is CPU-bound and takes
2-3 ms with the question log write (measured on the bundled knowledge), and the state database
connection belongs to the loop's thread (sqlite3 `check_same_thread`), so a thread would need
its own connection for no measurable gain. Updates are processed one at a time (the default,
which the admin module's conversations also need), so answers keep the order of questions.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.error import BadRequest

from bot.answer import compose
from bot.answer.engine import MAX_QUESTION_CHARS  # the core's cap, for every adapter
from bot.answer.related import related_facts
from bot.answer.reply import Reply
from bot.messages import t
from bot.telegram import details
from bot.telegram.context import ChatData, Context, chat_language, is_private, ui_language
from bot.telegram.flood import Verdict
from bot.telegram.guards import with_message, with_query
from bot.telegram.keyboards import answer_keyboard, without_button
from bot.telegram.rendering import html_t, join_blocks, render_reply
from bot.telegram.sending import reply_html, send_html

log = logging.getLogger(__name__)

ANSWERS_KEPT = 100  # per chat: buttons under older answers say "expired"


@dataclass(frozen=True)
class AnswerRef:
    """What the buttons under an answer need, kept in `chat_data.answers` under a short random key.

    Random keys (not a counter) so a button from before a restart can never point at a
    different answer: it just finds nothing and says the button expired.
    """

    question: str
    language: str
    fact_ids: tuple[str, ...]
    numbers: tuple[int, ...]  # each fact's citation number in the answer (shared per source)


def remember(chat_data: ChatData, reply: Reply) -> str:
    answers = chat_data.answers
    key = secrets.token_urlsafe(6)
    answers[key] = AnswerRef(
        reply.question,
        reply.language,
        tuple(reply.fact_ids),
        tuple(c.number for c in reply.citations),
    )
    while len(answers) > ANSWERS_KEPT:
        del answers[next(iter(answers))]
    return key


def recall(chat_data: ChatData | None, key: str) -> AnswerRef | None:
    return chat_data.answers.get(key) if chat_data is not None else None


async def answer(
    update: Update, context: Context, message: Message, chat: Chat, question: str
) -> None:
    """Answer one question in the chat it came from, with the checks every question goes through."""
    runtime = context.runtime
    previous = chat_language(runtime, chat.id)
    language = previous or ui_language(context, update)  # the same stored language comes first
    if not await within_flood_limit(update, context, language):
        return
    question = question.strip()
    if not question:
        await reply_html(message, [html_t(language, "refusal.empty")])
        return
    if len(question) > MAX_QUESTION_CHARS:
        text = html_t(language, "tg.too_long", length=len(question), limit=MAX_QUESTION_CHARS)
        await reply_html(message, [text])
        return
    chat_data = context.chat_data
    conversation = chat_data.conversation if chat_data is not None else None
    reply = runtime.ask(
        question, chat_id=chat.id, previous_language=previous, conversation=conversation
    )
    runtime.note_language(chat.id, reply.language)
    await reply_html(message, render_reply(reply), _keyboard(context, reply))


async def within_flood_limit(update: Update, context: Context, language: str) -> bool:
    """Count one message from the sender; over the limit, warn once per window and say False.

    Every message the bot would reply to counts, not only questions: stickers get a reply too.
    """
    message = update.effective_message
    chat = update.effective_chat
    flood = context.bot_data.flood
    sender = update.effective_user.id if update.effective_user else chat.id if chat else 0
    verdict = flood.hit(sender)
    if verdict is Verdict.WARN and message is not None:
        await reply_html(message, [html_t(language, "tg.flood")])
    return verdict is Verdict.ALLOW


def _keyboard(context: Context, reply: Reply) -> InlineKeyboardMarkup | None:
    """Sources and related facts under cited answers; the brief under refusals that carry a
    hint (the hint suggests /brief) and subscribing under summaries (the same overview, every
    morning)."""
    store = context.runtime.store
    chat_data = context.chat_data
    key = remember(chat_data, reply) if reply.citations and chat_data is not None else None
    more = bool(reply.citations) and bool(related_facts(store, reply.fact_ids))
    return answer_keyboard(
        reply.language,
        key,
        more=more,
        brief=not reply.answered and reply.hint is not None,
        subscribe=reply.kind == "summary",
    )


@with_message
async def on_private_text(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """In a private chat any text is a question."""
    await answer(update, context, message, chat, message.text or "")


@with_message
async def on_group_text(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """In a group, only messages that mention the bot or reply to it are questions."""
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is not None:
        await answer(update, context, message, chat, question)


@with_message
async def on_ask(update: Update, context: Context, message: Message, chat: Chat) -> None:
    """/ask QUESTION (the question keeps its line breaks, unlike `context.args`)."""
    parts = (message.text or "").split(maxsplit=1)
    question = parts[1] if len(parts) > 1 else ""
    if not question.strip():
        language = ui_language(context, update)
        example = compose.example_for_help(context.runtime.store, language)
        await reply_html(message, [html_t(language, "tg.ask_usage", example=example)])
        return
    await answer(update, context, message, chat, question)


def addressed_question(message: Message, bot_id: int, username: str | None) -> str | None:
    """The question in a group message addressed to the bot, without the @mention; else None."""
    text = message.text or ""
    replied = message.reply_to_message
    addressed = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    mention = f"@{username}".lower() if username else None
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, value in entities.items():
        named = entity.type == MessageEntity.MENTION and value.lower() == mention
        linked = entity.user is not None and entity.user.id == bot_id  # text_mention
        addressed = addressed or named or linked
    if not addressed:
        return None
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip()


# --- answer buttons --------------------------------------------------------------------------


@with_query
async def on_sources_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """src:<key>: the sources of an answer, with who the speakers are and links."""
    await _answer_button(update, context, query, chat, more=False)


@with_query
async def on_more_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat
) -> None:
    """more:<key>: related facts, worded and cited like an answer."""
    await _answer_button(update, context, query, chat, more=True)


async def _answer_button(
    update: Update, context: Context, query: CallbackQuery, chat: Chat, more: bool
) -> None:
    ref = recall(context.chat_data, (query.data or "").split(":", 1)[-1])
    if ref is None:
        await query.answer(t(ui_language(context, update), "tg.expired"))
        return
    await query.answer()
    store = context.runtime.store
    if more:
        facts = related_facts(store, ref.fact_ids)
        if facts:
            parts = render_reply(details.more_reply(store, ref.question, ref.language, facts))
        else:
            parts = [html_t(ref.language, "tg.more.none")]
    else:
        cited = list(zip(ref.numbers, ref.fact_ids, strict=True))
        parts = join_blocks(details.answer_sources(store, ref.language, cited))
    source = query.message if isinstance(query.message, Message) else None
    reply_to = source.message_id if source is not None and not is_private(chat) else None
    await send_html(context.bot, chat.id, parts, reply_to=reply_to)
    if source is not None and source.reply_markup is not None:
        try:  # the button has done its job; the others stay
            await query.edit_message_reply_markup(
                without_button(source.reply_markup, query.data or "")
            )
        except BadRequest as exc:  # too old to edit, or pressed twice: the answer was sent
            log.debug("could not remove the used button: %s", exc)

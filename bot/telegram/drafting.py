"""Drafting in Telegram: an admin sends an article, the bot sends back its draft file.

`/draft [fr|en] [YYYY-MM-DD]` asks for the article: the admin's next text message (or a .txt
document, with or without /draft; /cancel gives up) is drafted like `briefbot knowledge draft`
does, saved in DRAFTS_DIR (outside the served folder) and sent back as `<id>.draft.yaml`. The
admin reviews it and sends the reviewed file through the ordinary upload (`admin.py`), which
refuses any file still holding a TODO. Handlers only match admins in private chats; everyone
else falls through to the usual replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from telegram import Chat, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.knowledge.draft_file import ArticleRejected, DraftFile, known_knowledge, write_draft
from bot.knowledge.model import LANGUAGES, Language
from bot.messages import t, tn
from bot.runtime import Runtime
from bot.telegram.context import BotApp, Context, ui_language
from bot.telegram.guards import with_message
from bot.telegram.sending import reply_html

MAX_ARTICLE_BYTES = 400_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DraftRequest:
    language: Language | None
    published: dt.date | None


@dataclass
class _Pending(filters.MessageFilter):
    """Matches a message from a chat whose admin has just sent /draft."""

    requests: dict[int, DraftRequest] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(name="pending_draft")

    def filter(self, message: Message) -> bool:
        return message.chat_id in self.requests


def parse_options(args: list[str]) -> DraftRequest | None:
    """ "/draft en 2024-12-03" -> English, 3 December 2024; None when an option is unknown."""
    language: Language | None = None
    published: dt.date | None = None
    for arg in args:
        if arg.lower() in LANGUAGES:
            language = arg.lower()  # type: ignore[assignment]
        elif _DATE.match(arg):
            try:
                published = dt.date.fromisoformat(arg)
            except ValueError:
                return None
        else:
            return None
    return DraftRequest(language, published)


def _summary(language: str, draft: DraftFile) -> str:
    return t(
        language,
        "admin.draft_ready",
        name=draft.path.name,
        facts=tn(language, "cli.draft_facts", draft.facts),
        speakers=tn(language, "cli.draft_speakers", draft.new_speakers),
        entities=tn(language, "admin.draft_entities", draft.new_entities),
        todos=tn(language, "cli.draft_todos", draft.todos),
    )


def register(application: BotApp, runtime: Runtime) -> None:
    """Add the /draft command and the article handlers, before the admin upload handler (which
    takes every other document) and the fallbacks."""
    pending = _Pending()
    admins = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
    admins = admins & filters.User(user_id=runtime.settings.ADMIN_IDS)

    @with_message
    async def on_draft(update: Update, context: Context, message: Message, chat: Chat) -> None:
        language = ui_language(context, update)
        request = parse_options(list(context.args or []))
        if request is None:
            await reply_html(message, [t(language, "admin.draft_usage")])
            return
        pending.requests[chat.id] = request
        await reply_html(message, [t(language, "admin.draft_prompt")])

    @with_message
    async def on_cancel(update: Update, context: Context, message: Message, chat: Chat) -> None:
        """/cancel after /draft: the next message is a question again, not an article."""
        pending.requests.pop(chat.id, None)
        await reply_html(message, [t(ui_language(context, update), "admin.draft_cancelled")])

    async def draft_and_reply(
        update: Update, context: Context, message: Message, text: str, name: str
    ) -> None:
        language = ui_language(context, update)
        request = pending.requests.pop(message.chat_id, DraftRequest(None, None))
        settings = context.runtime.settings
        zone = ZoneInfo(settings.DEFAULT_TIMEZONE)
        published = request.published or dt.datetime.now(zone).date()
        with contextlib.suppress(TelegramError):  # only a courtesy while drafting runs
            await message.chat.send_action(ChatAction.UPLOAD_DOCUMENT)
        try:
            kb = await asyncio.to_thread(known_knowledge, settings.KNOWLEDGE_DIR)
            draft = await asyncio.to_thread(
                write_draft,
                text,
                kb,
                settings.DRAFTS_DIR,
                published=published,
                language=request.language,
                source_name=name,
                dated=request.published is not None,
            )
        except ArticleRejected as exc:
            await reply_html(message, [t(language, exc.reason, **exc.values)])
            return
        await message.reply_document(
            draft.text.encode("utf-8"),
            filename=draft.path.name,
            caption=_summary(language, draft),
        )

    @with_message
    async def on_text(update: Update, context: Context, message: Message, chat: Chat) -> None:
        await draft_and_reply(update, context, message, message.text or "", "message")

    @with_message
    async def on_text_file(update: Update, context: Context, message: Message, chat: Chat) -> None:
        document = message.document
        if document is None:
            return
        language = ui_language(context, update)
        name = document.file_name or "article.txt"
        if (document.file_size or 0) > MAX_ARTICLE_BYTES:
            await reply_html(
                message, [t(language, "admin.draft_too_long", limit=MAX_ARTICLE_BYTES)]
            )
            return
        try:
            telegram_file = await document.get_file()
            content = bytes(await telegram_file.download_as_bytearray())
            text = content.decode("utf-8-sig")
        except TelegramError as exc:
            await reply_html(message, [t(language, "admin.upload_download_failed", error=str(exc))])
            return
        except UnicodeDecodeError:
            await reply_html(message, [t(language, "admin.draft_not_utf8", name=name)])
            return
        await draft_and_reply(update, context, message, text, name)

    application.add_handler(CommandHandler("draft", on_draft, filters=admins))
    application.add_handler(CommandHandler("cancel", on_cancel, filters=admins & pending))
    application.add_handler(
        MessageHandler(admins & pending & filters.TEXT & ~filters.COMMAND, on_text)
    )
    application.add_handler(
        MessageHandler(admins & filters.Document.FileExtension("txt"), on_text_file)
    )

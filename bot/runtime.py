"""The core assembled: settings, state database and the current knowledge store.

Adapters (terminal chat, CLI, Telegram) hold one `Runtime` and call it; it knows nothing about
them. Reloading builds and opens a complete new store before swapping the reference, so a
question never sees a half-built store and a broken edit keeps the last good one serving.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.answer.engine import answer_question
from bot.answer.followup import Conversation, converse
from bot.answer.reply import Reply
from bot.briefing.service import BriefingService
from bot.config import Settings
from bot.knowledge import kept
from bot.knowledge.build_progress import logged
from bot.knowledge.digest import fact_digests
from bot.knowledge.index import SCHEMA_VERSION, ensure_index, read_meta
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.store import KnowledgeStore
from bot.store import questions, users
from bot.store.database import open_state, utcnow
from bot.store.history import KnowledgeDiff, record_knowledge
from bot.store.writer import StateWriter

log = logging.getLogger(__name__)

RECENT_LANGUAGES = 10_000  # chats whose last question's language is kept in memory
FORGET_FLUSH_SECONDS = 1.0  # /forget waits this long at most for the queued writes


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    version: str
    diff: KnowledgeDiff = field(default_factory=KnowledgeDiff)
    problems: tuple[Problem, ...] = ()


def open_knowledge(settings: Settings, serve_stale: bool = False) -> KnowledgeStore:
    """Open the index, building it first when it is missing or older than the files.

    A knowledge error with an existing index logs the problems and serves the old index;
    with no index at all it is fatal (raised), since there is nothing to answer from. With
    `serve_stale` (the bot, whose start-up reload rebuilds in the background), an index of
    the current schema is served as it is, even if older than the files. A change held for an
    admin's confirmation when the bot stopped is still held: the index kept aside serves
    (`bot.knowledge.kept`), and the next reload asks the admins again.
    """
    index = settings.KNOWLEDGE_INDEX
    held = kept.held_index(index)
    if held is not None:
        log.warning("a change removing most facts waits for an admin: serving %s", held)
        return KnowledgeStore.open(held)
    if serve_stale and read_meta(index).get("schema") == SCHEMA_VERSION:
        return KnowledgeStore.open(index)
    try:
        ensure_index(settings.KNOWLEDGE_DIR, settings.KNOWLEDGE_INDEX, progress=logged())
    except KnowledgeError as exc:
        if not settings.KNOWLEDGE_INDEX.is_file():
            raise
        log.error("knowledge files do not validate, serving the previous index:\n%s", exc)
    return KnowledgeStore.open(settings.KNOWLEDGE_INDEX)


@dataclass(frozen=True)
class PreparedReload:
    """A reload built off the event loop, waiting to be swapped in."""

    store: KnowledgeStore | None  # None: nothing new to swap in (or it failed)
    problems: tuple[Problem, ...] = ()


@dataclass
class Runtime:
    settings: Settings
    state: Database
    store: KnowledgeStore
    # Writes no reply waits for (question log, last seen, last language): off the event loop.
    writer: StateWriter
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # The last question's language per chat while its write may still be queued, so the next
    # question never reads an older one from the database (bounded: oldest entries go first).
    _recent_languages: dict[int, str] = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, settings: Settings, serve_stale: bool = False) -> Runtime:
        """Open the knowledge and the state database, recording what changed in the files.

        A state database that cannot be written raises `StateUnavailable` (one clear line).
        `serve_stale`: see `open_knowledge`.
        """
        store = open_knowledge(settings, serve_stale)
        state = open_state(settings.BRIEFBOT_DB)
        record_knowledge(state, fact_digests(store.facts), store.version, actor="start-up")
        writer = StateWriter(settings.BRIEFBOT_DB, inline=state).start()
        return cls(settings, state, store, writer)

    def seen(self, chat_id: int, language_hint: str | None = None) -> None:
        """Record that a chat was seen, without waiting for the disk."""
        at = utcnow()
        self.writer.submit(lambda db: users.touch(db, chat_id, language_hint, at))

    def note_language(self, chat_id: int, language: str) -> None:
        """Remember the language of the chat's last question, without waiting for the disk."""
        recent = self._recent_languages
        recent.pop(chat_id, None)
        recent[chat_id] = language
        while len(recent) > RECENT_LANGUAGES:
            del recent[next(iter(recent))]
        self.writer.submit(lambda db: users.set_last_language(db, chat_id, language))

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group upgraded to a supergroup: its subscription, settings and today's delivery
        record (so it is not briefed twice) follow its new id. Nobody waits for it, so it goes
        through the writer, which waits out a lock instead of failing, after the writes queued
        before it (the old id's last seen moves with the rest)."""

        def move(db: Database) -> None:
            if users.move_chat(db, old_chat_id, new_chat_id):
                log.info("group %s became supergroup %s: its state moved", old_chat_id, new_chat_id)

        self.writer.submit(move)

    def recent_language(self, chat_id: int) -> str | None:
        """The language of the chat's last question in this process, if any."""
        return self._recent_languages.get(chat_id)

    def forget(self, chat_id: int) -> None:
        """Delete everything about a chat (/forget): queued writes first, so none lands after."""
        if not self.writer.flush(FORGET_FLUSH_SECONDS):
            log.warning("forget: queued state writes not all done; forgetting anyway")
        self._recent_languages.pop(chat_id, None)
        users.forget(self.state, chat_id)

    @property
    def briefing(self) -> BriefingService:
        """The briefing use cases on this runtime's state and its current store."""
        return BriefingService(
            self.state,
            lambda: self.store,
            self.settings.BRIEF_DEFAULT_TIME,
            self.settings.DEFAULT_TIMEZONE,
        )

    def ask(
        self,
        question: str,
        chat_id: int | None = None,
        previous_language: str | None = None,
        log_it: bool = True,
        conversation: Conversation | None = None,
    ) -> Reply:
        """Without a `conversation` each question stands alone (`ask`, `--batch`); with one,
        follow-ups are resolved against its previous answer and it moves on."""
        if conversation is not None:
            default = self.settings.DEFAULT_LANGUAGE
            reply = converse(self.store, conversation, question, default, previous_language)
        else:
            reply = answer_question(
                self.store,
                question,
                previous_language=previous_language,
                default_language=self.settings.DEFAULT_LANGUAGE,
            )
        if log_it:
            asked_at, fact_ids = utcnow(), tuple(reply.fact_ids)
            self.writer.submit(
                lambda db: questions.log_question(
                    db,
                    chat_id,
                    question,
                    reply.language,
                    reply.answered,
                    reply.kind,
                    fact_ids,
                    asked_at,
                )
            )
        return reply

    def prepare_reload(self) -> PreparedReload:
        """Validate the files, rebuild the index and open it: the slow part, safe in any thread
        because it never touches the state database."""
        with self._lock:
            try:
                built = ensure_index(
                    self.settings.KNOWLEDGE_DIR, self.settings.KNOWLEDGE_INDEX, progress=logged()
                )
            except KnowledgeError as exc:
                return PreparedReload(None, tuple(exc.problems))
            if built.built or built.version != self.store.version:
                return PreparedReload(KnowledgeStore.open(self.settings.KNOWLEDGE_INDEX))
            return PreparedReload(None)

    def commit_reload(self, prepared: PreparedReload, actor: str) -> ReloadResult:
        """Swap in a prepared store and record what changed; run it on the state database's
        thread (its SQLite connection belongs to one thread)."""
        if prepared.problems:
            return ReloadResult(False, self.store.version, problems=prepared.problems)
        if prepared.store is not None:
            self.store = prepared.store
        facts = fact_digests(self.store.facts)
        diff = record_knowledge(self.state, facts, self.store.version, actor)
        return ReloadResult(True, self.store.version, diff)

    def reload(self, actor: str = "reload") -> ReloadResult:
        """Validate, rebuild and swap in the knowledge; on error keep the current store."""
        return self.commit_reload(self.prepare_reload(), actor)

    def close(self) -> None:
        self.writer.close()
        self.store.close()
        self.state.close()

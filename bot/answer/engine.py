"""Answer a question from the knowledge store (work in progress: being written now)."""

from __future__ import annotations

from bot.answer.reply import Paragraph, Reply
from bot.knowledge.store import KnowledgeStore
from bot.messages import t


def answer_question(
    store: KnowledgeStore, question: str, previous_language: str | None = None
) -> Reply:
    language = previous_language or "fr"
    return Reply(question, language, False, "refusal", (Paragraph(t(language, "refusal.unknown")),))

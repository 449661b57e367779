"""Draft an article's text into a review file in DRAFTS_DIR: the use case behind both
`briefbot knowledge draft` and the Telegram /draft flow.

Drafts live outside the served knowledge folder until a reviewer publishes them (by copying
the reviewed file there, or sending it to the bot), and keep "TODO" exactly where a human must
decide, so an untouched draft is refused by `knowledge check`, the watcher, /reload and uploads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException, detect_langs

from bot.knowledge.draft import draft_article
from bot.knowledge.draft_names import slug
from bot.knowledge.draft_yaml import render_draft
from bot.knowledge.loader import Knowledge, KnowledgeError, load_directory
from bot.knowledge.model import LANGUAGES, Language
from bot.knowledge.sentences import is_heading, normalise
from bot.knowledge.todos import find_todos

MIN_ARTICLE_WORDS = 40  # shorter texts are a message, not an article
MAX_ARTICLE_CHARS = 100_000
DRAFT_SUFFIX = ".draft.yaml"


class ArticleRejected(ValueError):
    """The text cannot be drafted; `reason` is a message key, `values` its fields."""

    def __init__(self, reason: str, **values: object):
        super().__init__(reason)
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class DraftFile:
    document_id: str
    language: Language
    path: Path
    text: str
    facts: int
    new_speakers: int
    new_entities: int
    todos: int


def guess_language(text: str) -> Language:
    """French or English, by langdetect (seeded, so the same text always gives the same)."""
    DetectorFactory.seed = 0
    try:
        for guess in detect_langs(text[:5000]):
            if guess.lang in LANGUAGES:
                return guess.lang
    except LangDetectException:
        pass
    raise ArticleRejected("admin.draft_language")


def title_of(text: str) -> str | None:
    """The article's first line when it is a heading (a title), else None."""
    for line in normalise(text).splitlines():
        line = " ".join(line.split())
        if line:
            return line if is_heading(line) else None
    return None


def known_knowledge(directory: Path) -> Knowledge:
    """The served knowledge, for its speakers and entities; empty when it does not validate
    (a draft is still useful, it just cannot reuse them)."""
    try:
        return load_directory(directory)
    except KnowledgeError:
        return Knowledge()


def check_article(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleRejected("admin.draft_too_long", limit=MAX_ARTICLE_CHARS)
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise ArticleRejected("admin.draft_too_short", words=MIN_ARTICLE_WORDS)
    return text


def write_draft(
    text: str,
    kb: Knowledge,
    drafts_dir: Path,
    *,
    published: dt.date,
    language: Language | None = None,
    source_name: str = "message",
    dated: bool = True,
) -> DraftFile:
    """Draft the article and save it as DRAFTS_DIR/<document-id>.draft.yaml (a new name when
    one exists, so no earlier draft is lost)."""
    text = check_article(text)
    language = language or guess_language(text)
    title = title_of(text)
    base = f"{slug(title or text, 5, 40)}-{published.isoformat()}"
    document_id = base
    number = 2
    while (drafts_dir / f"{document_id}{DRAFT_SUFFIX}").exists():
        document_id, number = f"{base}-{number}", number + 1
    draft = draft_article(text, language, document_id, published, kb)
    yaml_text = render_draft(draft, article_name=source_name, title=title, dated=dated)
    drafts_dir.mkdir(parents=True, exist_ok=True)
    path = drafts_dir / f"{document_id}{DRAFT_SUFFIX}"
    path.write_text(yaml_text, encoding="utf-8")
    return DraftFile(
        document_id,
        language,
        path,
        yaml_text,
        len(draft.facts),
        len(draft.new_speakers),
        len(draft.new_entities),
        len(find_todos(yaml_text, path.name)),
    )

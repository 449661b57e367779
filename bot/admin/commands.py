"""The admin sub-commands of `briefbot`: stats, unanswered, knowledge draft, knowledge history.

Kept out of `bot/cli.py` so the CLI only wires them in (`add_commands`); each works on the files
and databases named in the settings, without Telegram and without a running bot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from bot.config import Settings, load_settings
from bot.knowledge.model import ID_PATTERN


@contextmanager
def _state(settings: Settings) -> Iterator[Database]:
    from bot.store.database import open_state

    db = open_state(settings.BRIEFBOT_DB)
    try:
        yield db
    finally:
        db.close()


def _stats(args: argparse.Namespace) -> int:
    from bot.admin.report import stats_report
    from bot.admin.stats import collect_stats
    from bot.knowledge.store import KnowledgeStore

    settings = load_settings()
    store = None
    if settings.KNOWLEDGE_INDEX.is_file():
        store = KnowledgeStore.open(settings.KNOWLEDGE_INDEX)
    try:
        with _state(settings) as db:
            stats = collect_stats(db, store, zone=settings.DEFAULT_TIMEZONE)
    finally:
        if store is not None:
            store.close()
    print(stats_report(settings.DEFAULT_LANGUAGE, stats, settings.DEFAULT_TIMEZONE))
    return 0


def _unanswered(args: argparse.Namespace) -> int:
    from bot.admin.report import unanswered_report
    from bot.admin.unanswered import unanswered

    settings = load_settings()
    with _state(settings) as db:
        groups = unanswered(db, days=args.days, limit=args.limit)
    print(unanswered_report(settings.DEFAULT_LANGUAGE, groups, args.days))
    return 0


def _history(args: argparse.Namespace) -> int:
    from bot.admin.audit import recent_changes
    from bot.admin.report import changes_report

    settings = load_settings()
    with _state(settings) as db:
        entries = recent_changes(db, args.limit)
    print(changes_report(settings.DEFAULT_LANGUAGE, entries, settings.DEFAULT_TIMEZONE))
    return 0


def _draft(args: argparse.Namespace) -> int:
    from bot.knowledge.draft import draft_article
    from bot.knowledge.draft_yaml import render_draft
    from bot.knowledge.loader import Knowledge, KnowledgeError, load_directory
    from bot.knowledge.todos import find_todos

    if not re.fullmatch(ID_PATTERN, args.document_id):
        print(
            f"--document-id {args.document_id!r}: use lower-case letters, digits, '-' or '_'",
            file=sys.stderr,
        )
        return 2
    try:
        published = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"--date {args.date!r}: expected YYYY-MM-DD", file=sys.stderr)
        return 2
    article = Path(args.article)
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"Cannot read {article}: {exc}", file=sys.stderr)
        return 1
    output = Path(args.output or f"{args.document_id}.draft.yaml")
    if output.exists() and not args.force:
        print(f"{output} exists; choose another --output or add --force", file=sys.stderr)
        return 1

    settings = load_settings()
    directory = settings.KNOWLEDGE_DIR
    if output.resolve().is_relative_to(directory.resolve()):
        print(
            f"{output} is inside {directory}: the bot would serve the draft, TODOs included."
            " Write it elsewhere and copy it there once reviewed.",
            file=sys.stderr,
        )
        return 1
    try:
        kb = load_directory(directory)
    except KnowledgeError as exc:
        print(
            f"Warning: the knowledge files do not validate ({len(exc.problems)} error(s)); the"
            " draft cannot reuse their speakers and entities.",
            file=sys.stderr,
        )
        kb = Knowledge()
    try:
        source_file = article.resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        source_file = None
    draft = draft_article(text, args.lang, args.document_id, published, kb)
    yaml_text = render_draft(
        draft,
        article_name=article.name,
        title=args.title,
        url=args.url,
        source_file=source_file,
        dated=bool(args.date),
    )
    output.write_text(yaml_text, encoding="utf-8")
    todos = len(find_todos(yaml_text, output.name))
    print(
        f"Draft written to {output}: {len(draft.facts)} candidate facts,"
        f" {len(draft.new_speakers)} new speakers, {todos} TODO values to write.\n"
        f"Review it, then copy it into {directory} (or send it to the bot as a document)."
    )
    return 0


def add_commands(
    commands: argparse._SubParsersAction, knowledge_commands: argparse._SubParsersAction
) -> None:
    """Register the admin sub-commands on the `briefbot` and `briefbot knowledge` parsers."""
    stats = commands.add_parser("stats", help="usage figures and the latest knowledge changes")
    stats.set_defaults(handler=_stats)

    unanswered = commands.add_parser(
        "unanswered", help="the most frequent recent questions the bot could not answer"
    )
    unanswered.add_argument("--days", type=int, default=7, help="look back N days (default 7)")
    unanswered.add_argument("--limit", type=int, default=10, help="at most N groups (default 10)")
    unanswered.set_defaults(handler=_unanswered)

    history = knowledge_commands.add_parser(
        "history", help="who changed the knowledge, when, and which facts"
    )
    history.add_argument("--limit", type=int, default=20, help="the last N changes (default 20)")
    history.set_defaults(handler=_history)

    draft = knowledge_commands.add_parser(
        "draft", help="draft a knowledge file from an article's text, for review"
    )
    draft.add_argument("article", help="the article as plain text (UTF-8)")
    draft.add_argument("--lang", required=True, choices=("fr", "en"), help="article language")
    draft.add_argument("--document-id", required=True, help="id of the new document")
    draft.add_argument("--title", help="the article's title")
    draft.add_argument("--date", help="publication date, YYYY-MM-DD (default: today)")
    draft.add_argument("--url", help="the article's address")
    draft.add_argument("--output", help="draft file to write (default: DOCUMENT-ID.draft.yaml)")
    draft.add_argument("--force", action="store_true", help="overwrite the output file")
    draft.set_defaults(handler=_draft)

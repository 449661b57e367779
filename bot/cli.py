"""The `briefbot` command line: one sub-command per job, each in its own small function.

Commands that need Telegram import it lazily, so `briefbot ask` starts fast and works without
a token.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.config import SettingsError, load_settings

Command = Callable[[argparse.Namespace], int]


def _print_problems(problems: Sequence[object], footer: str) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(footer, file=sys.stderr)


def _knowledge_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.knowledge.loader import KnowledgeError, knowledge_files, load_directory
    from bot.knowledge.todos import directory_todos

    directory = Path(args.directory) if args.directory else load_settings().KNOWLEDGE_DIR
    try:
        kb = load_directory(directory)
    except KnowledgeError as exc:
        count = len(exc.problems)
        _print_problems(exc.problems, f"{count} error{'s' if count != 1 else ''} in {directory}")
        return 1
    print(f"OK: {kb.summary()} (version {kb.version})")
    for todo in directory_todos(directory, knowledge_files(directory)):
        print(f"warning: {todo}", file=sys.stderr)
    return 0


def _knowledge_build(args: argparse.Namespace) -> int:
    from bot.knowledge.index import ensure_index
    from bot.knowledge.loader import KnowledgeError

    settings = load_settings()
    try:
        result = ensure_index(
            settings.KNOWLEDGE_DIR, settings.KNOWLEDGE_INDEX, force=not args.if_stale
        )
    except KnowledgeError as exc:
        _print_problems(exc.problems, "Index not rebuilt; the previous index (if any) is in use.")
        return 1
    state = "built" if result.built else "already up to date"
    print(
        f"Index {state}: {result.summary} (version {result.version}) -> {settings.KNOWLEDGE_INDEX}"
    )
    return 0


def _ask(args: argparse.Namespace) -> int:
    import json

    from bot.answer.engine import answer_question
    from bot.knowledge.loader import KnowledgeError
    from bot.runtime import open_knowledge

    settings = load_settings()
    try:
        store = open_knowledge(settings)
    except KnowledgeError as exc:
        print(f"The knowledge files do not validate and no index exists:\n{exc}", file=sys.stderr)
        return 1
    if args.batch:
        try:
            source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")  # noqa: SIM115
            with source:
                questions = [line.rstrip("\r\n") for line in source]
        except (OSError, UnicodeDecodeError) as exc:
            print(f"--batch {args.batch}: cannot read it as UTF-8 text ({exc})", file=sys.stderr)
            return 2
    elif args.question:
        questions = [" ".join(args.question)]
    else:
        print(
            "Give a question, or --batch FILE (one question per line, - for stdin).",
            file=sys.stderr,
        )
        return 2
    lang = settings.DEFAULT_LANGUAGE
    for question in questions:
        reply = answer_question(store, question, default_language=lang)
        if args.json:
            print(json.dumps(reply.as_json(), ensure_ascii=False), flush=not args.batch)
        else:
            print(reply.plain_text(), end="\n\n" if len(questions) > 1 else "\n")
    return 0


def _chat(args: argparse.Namespace) -> int:
    from bot.console import main as chat

    return chat(load_settings())


def _brief(args: argparse.Namespace) -> int:
    from bot.briefing.compose import compose_brief
    from bot.briefing.schedule import ScheduleError, local_date, parse_since
    from bot.runtime import Runtime
    from bot.store.database import to_iso, utcnow
    from bot.store.history import changed_since

    settings = load_settings()
    try:
        since = None if args.since is None else parse_since(args.since, settings.DEFAULT_TIMEZONE)
    except ScheduleError as exc:
        print(f"--since: expected YYYY-MM-DD or an ISO date-time ({exc})", file=sys.stderr)
        return 2
    runtime = Runtime.start(settings)
    try:
        new = changed_since(runtime.state, to_iso(since)) if since else set()
        today = local_date(utcnow(), settings.DEFAULT_TIMEZONE)
        language = args.lang or settings.DEFAULT_LANGUAGE
        print(compose_brief(runtime.store, language, new, today=today).plain_text())
    finally:
        runtime.close()
    return 0


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.token:
        print(
            "TELEGRAM_BOT_TOKEN is not set: put the token from @BotFather in .env "
            "(see README), or use `briefbot chat` for the terminal chat.",
            file=sys.stderr,
        )
        return 2
    from bot.telegram.app import run

    return run(settings) or 0


def _start(args: argparse.Namespace) -> int:
    """`make run`: Telegram when a token is configured, the terminal chat otherwise."""
    return _run(args) if load_settings().token else _chat(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot", description="briefbot: a bilingual news briefing bot"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    knowledge = commands.add_parser("knowledge", help="validate and index the knowledge files")
    knowledge_commands = knowledge.add_subparsers(
        dest="knowledge_command", required=True, metavar="ACTION"
    )
    check = knowledge_commands.add_parser(
        "check", help="validate every knowledge file, list all errors"
    )
    check.add_argument("directory", nargs="?", help="knowledge directory (default: KNOWLEDGE_DIR)")
    check.set_defaults(handler=_knowledge_check)
    build = knowledge_commands.add_parser("build", help="rebuild the SQLite index from the files")
    build.add_argument("--if-stale", action="store_true", help="only when the files changed")
    build.set_defaults(handler=_knowledge_build)

    ask = commands.add_parser("ask", help="answer a question (or a batch) from the knowledge")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--batch", metavar="FILE", help="questions file, one per line (- for stdin)")
    ask.set_defaults(handler=_ask)

    chat = commands.add_parser("chat", help="chat with the bot in the terminal")
    chat.set_defaults(handler=_chat)

    brief = commands.add_parser("brief", help="print today's briefing")
    brief.add_argument("--lang", choices=("fr", "en"), help="default: DEFAULT_LANGUAGE")
    brief.add_argument("--since", metavar="DATE", help="mark facts added or changed since DATE")
    brief.set_defaults(handler=_brief)

    run = commands.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    run.set_defaults(handler=_run)
    start = commands.add_parser("start", help="Telegram bot if a token is set, else terminal chat")
    start.set_defaults(handler=_start)

    from bot.admin.commands import add_commands

    add_commands(commands, knowledge_commands)  # stats, unanswered, knowledge draft/history
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130

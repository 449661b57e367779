"""The `briefbot` command line (click): one sub-command per job, each in its own small function.

Commands that need Telegram import it lazily, so `briefbot ask` starts fast and works without
a token. New commands attach to `cli` (or to its `knowledge` group) with the usual click
decorators; bad options are refused by click with exit status 2, before the command runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import click

from bot.cli_common import knowledge_summary, output_language, print_problems, progress_bar
from bot.config import Settings, SettingsError, load_settings
from bot.knowledge.problems import KnowledgeError
from bot.messages import t, tn
from bot.store.database import StateUnavailable

LANGUAGE = click.Choice(["fr", "en"])


class BriefbotGroup(click.Group):
    """Turns the errors every command may meet into one line and an exit status.

    A bad setting (exit 2), Ctrl-C (130), and a reader that closed the pipe early
    (`briefbot brief | head -1`): stdout is flushed here so a closed pipe surfaces inside
    click's handler, which exits quietly instead of printing a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(2)
        except KnowledgeError as exc:  # no index to fall back on, and the files do not validate
            click.echo(t(_run_language(ctx), "cli.no_index", problems=exc), err=True)
            ctx.exit(1)
        except StateUnavailable as exc:  # read-only or full disk at start-up: one line
            click.echo(f"Setting BRIEFBOT_DB: cannot use the {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            ctx.exit(130)
        finally:
            sys.stdout.flush()


def _run_language(ctx: click.Context) -> str:
    """The run's --lang, else DEFAULT_LANGUAGE: the settings loaded, since a command ran."""
    try:
        return output_language(load_settings())
    except SettingsError:
        return str(ctx.params.get("lang") or Settings.model_fields["DEFAULT_LANGUAGE"].default)


@click.group(cls=BriefbotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang", type=LANGUAGE, help="Language of this run's output (default: DEFAULT_LANGUAGE)."
)
def cli(lang: str | None) -> None:
    """briefbot: a bilingual news briefing bot."""


@cli.group()
def knowledge() -> None:
    """Validate and index the knowledge files."""


@knowledge.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def knowledge_check(directory: Path | None) -> None:
    """Validate every knowledge file, list all errors."""
    from bot.knowledge.loader import KnowledgeError, load_directory

    settings = load_settings()
    lang = output_language(settings)
    directory = directory or settings.KNOWLEDGE_DIR
    try:
        kb = load_directory(directory)
    except KnowledgeError as exc:
        footer = tn(lang, "cli.check_errors", len(exc.problems), directory=directory)
        print_problems(exc.problems, footer)
        raise SystemExit(1) from None
    counts = {
        "documents": len(kb.documents),
        "speakers": len(kb.speakers),
        "entities": len(kb.entities),
        "facts": len(kb.facts),
    }
    click.echo(t(lang, "cli.check_ok", summary=knowledge_summary(lang, counts), version=kb.version))


@knowledge.command("build")
@click.option("--if-stale", is_flag=True, help="Only when the files changed.")
def knowledge_build(if_stale: bool) -> None:
    """Rebuild the SQLite index from the files."""
    from bot.knowledge.index import ensure_index
    from bot.knowledge.loader import KnowledgeError
    from bot.knowledge.store import KnowledgeStore

    settings = load_settings()
    lang = output_language(settings)
    try:
        with progress_bar(lang) as progress:
            result = ensure_index(
                settings.KNOWLEDGE_DIR, settings.KNOWLEDGE_INDEX, not if_stale, progress
            )
    except KnowledgeError as exc:
        print_problems(exc.problems, t(lang, "cli.index_not_rebuilt"))
        raise SystemExit(1) from None
    store = KnowledgeStore.open(settings.KNOWLEDGE_INDEX)
    try:
        counts = {
            "documents": len(store.documents),
            "speakers": len(store.speakers),
            "facts": len(store.facts),
        }
    finally:
        store.close()
    click.echo(
        t(
            lang,
            "cli.index_built" if result.built else "cli.index_fresh",
            summary=knowledge_summary(lang, counts),
            version=result.version,
            path=settings.KNOWLEDGE_INDEX,
        )
    )


def _read_questions(batch: IO[str]) -> list[str]:
    try:
        with batch:
            return [line.rstrip("\r\n") for line in batch]
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"cannot read it as UTF-8 text ({exc})", param_hint="--batch"
        ) from None


@cli.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Questions file, one per line (- for stdin).",
)
def ask(question: tuple[str, ...], as_json: bool, batch: IO[str] | None) -> None:
    """Answer a question (or a batch) from the knowledge."""
    from bot.answer.engine import answer_question
    from bot.knowledge.loader import KnowledgeError
    from bot.runtime import open_knowledge

    if batch is not None:
        questions = _read_questions(batch)
    elif question:
        questions = [" ".join(question)]
    else:
        raise click.UsageError(
            "Give a question, or --batch FILE (one question per line, - for stdin)."
        )
    settings = load_settings()
    try:
        store = open_knowledge(settings)
    except KnowledgeError as exc:
        click.echo(t(output_language(settings), "cli.no_index", problems=exc), err=True)
        raise SystemExit(1) from None
    lang = output_language(settings)  # a question that does not tell its language gets it
    for text in questions:
        reply = answer_question(store, text, default_language=lang)
        if as_json:
            # Flushed line by line for a caller reading answers as they come (not for a file).
            click.echo(json.dumps(reply.as_json(), ensure_ascii=False))
            if batch is None:
                sys.stdout.flush()
        else:
            click.echo(reply.plain_text() + ("\n" if len(questions) > 1 else ""))


@cli.command()
def chat() -> None:
    """Chat with the bot in the terminal."""
    from bot.console import main as chat_main

    settings = load_settings()
    # The run's --lang is the chat's language until a question tells its own.
    run = settings.model_copy(update={"DEFAULT_LANGUAGE": output_language(settings)})
    raise SystemExit(chat_main(run))


@cli.command()
@click.option("--lang", type=LANGUAGE, help="Default: briefbot --lang, else DEFAULT_LANGUAGE.")
@click.option("--since", metavar="DATE", help="Mark facts added or changed since DATE.")
def brief(lang: str | None, since: str | None) -> None:
    """Print today's briefing."""
    from bot.briefing.schedule import ScheduleError, parse_since
    from bot.runtime import Runtime

    settings = load_settings()
    try:
        start = None if since is None else parse_since(since, settings.DEFAULT_TIMEZONE)
    except ScheduleError as exc:
        raise click.BadParameter(
            f"expected YYYY-MM-DD or an ISO date-time ({exc})", param_hint="--since"
        ) from None
    runtime = Runtime.start(settings)
    try:
        language = output_language(settings, lang)
        # The same core call as Telegram's /brief, for no chat: the default time zone.
        click.echo(runtime.briefing.todays_brief(None, language, since=start).plain_text())
    finally:
        runtime.close()


@cli.command()
def run() -> None:
    """Run the Telegram bot (needs TELEGRAM_BOT_TOKEN)."""
    settings = load_settings()
    if not settings.token:
        click.echo(t(output_language(settings), "cli.no_token"), err=True)
        raise SystemExit(2)
    from bot.telegram.app import run as run_telegram

    raise SystemExit(run_telegram(settings) or 0)


@cli.command()
@click.pass_context
def start(ctx: click.Context) -> None:
    """Telegram bot if a token is set, else terminal chat."""
    ctx.invoke(run if load_settings().token else chat)


@cli.command()
def doctor() -> None:
    """Check the deployment: settings, token, webhook, database, knowledge, scheduler."""
    import asyncio

    from bot.admin.doctor import Check, core_checks, report
    from bot.telegram.doctor import telegram_checks

    try:
        settings = load_settings()
    except SettingsError as exc:
        default = Settings.model_fields["DEFAULT_LANGUAGE"].default
        lang = click.get_current_context().find_root().params.get("lang") or default
        click.echo(report(lang, [Check("settings", False, " / ".join(str(exc).splitlines()))]))
        raise SystemExit(1) from None
    lang = output_language(settings)
    core = core_checks(lang, settings)
    checks = [core[0], *asyncio.run(telegram_checks(lang, settings)), *core[1:]]
    click.echo(report(lang, checks))
    if not all(check.ok for check in checks):
        raise SystemExit(1)


def _register_admin_commands() -> None:
    from bot.admin.commands import register

    register(cli, knowledge)  # stats, unanswered, knowledge draft/history


_register_admin_commands()


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: runs one command and returns its exit status."""
    try:
        cli.main(args=None if argv is None else list(argv), prog_name="briefbot")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0

"""The admin sub-commands of `briefbot`: stats, unanswered, knowledge draft, knowledge history.

Kept out of `bot/cli.py` so the CLI only wires them in (`register`); each works on the files
and databases named in the settings, without Telegram and without a running bot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlite_utils import Database

from bot.cli_common import output_language
from bot.config import Settings, load_settings
from bot.knowledge.model import ID_PATTERN, Language
from bot.messages import t, tn


@contextmanager
def _state(settings: Settings) -> Iterator[Database]:
    from bot.store.database import open_state

    db = open_state(settings.BRIEFBOT_DB)
    try:
        yield db
    finally:
        db.close()


@click.command()
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.png",
    help="Also write the last 30 days as a PNG chart.",
)
def stats(chart: Path | None) -> None:
    """Usage figures and the latest knowledge changes."""
    from bot.admin.charts import daily_series, render_chart
    from bot.admin.report import stats_report
    from bot.admin.stats import collect_stats
    from bot.knowledge.store import KnowledgeStore

    settings = load_settings()
    store = None
    if settings.KNOWLEDGE_INDEX.is_file():
        store = KnowledgeStore.open(settings.KNOWLEDGE_INDEX)
    try:
        with _state(settings) as db:
            figures = collect_stats(db, store, zone=settings.DEFAULT_TIMEZONE)
            series = daily_series(db, settings.DEFAULT_TIMEZONE) if chart else None
    finally:
        if store is not None:
            store.close()
    language = output_language(settings)
    click.echo(stats_report(language, figures, settings.DEFAULT_TIMEZONE))
    if chart is not None and series is not None:
        try:
            chart.parent.mkdir(parents=True, exist_ok=True)
            chart.write_bytes(render_chart(language, series))
        except OSError as exc:
            message = t(language, "cli.chart_unwritable", path=chart, error=exc)
            raise click.ClickException(message) from None
        click.echo(t(language, "cli.chart_written", path=chart), err=True)


@click.command()
@click.option(
    "--days", type=click.IntRange(min=1), default=7, show_default=True, help="Look back N days."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most N groups."
)
def unanswered(days: int, limit: int) -> None:
    """The most frequent recent questions the bot could not answer."""
    from bot.admin.report import unanswered_report
    from bot.admin.unanswered import unanswered as unanswered_groups

    settings = load_settings()
    with _state(settings) as db:
        groups = unanswered_groups(db, days=days, limit=limit)
    click.echo(unanswered_report(output_language(settings), groups, days))


@click.command()
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="The last N changes."
)
def history(limit: int) -> None:
    """Who changed the knowledge, when, and which facts."""
    from bot.admin.audit import recent_changes
    from bot.admin.report import changes_report

    settings = load_settings()
    with _state(settings) as db:
        entries = recent_changes(db, limit)
    click.echo(changes_report(output_language(settings), entries, settings.DEFAULT_TIMEZONE))


class IsoDate(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r}: expected YYYY-MM-DD", param, ctx)


def _document_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(ID_PATTERN, value):
        raise click.BadParameter(f"{value!r}: use lower-case letters, digits, '-' or '_'")
    return value


@click.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--lang", required=True, type=click.Choice(["fr", "en"]), help="Article language.")
@click.option("--document-id", required=True, callback=_document_id, help="Id of the new document.")
@click.option("--title", help="The article's title.")
@click.option("--date", type=IsoDate(), help="Publication date, YYYY-MM-DD (default: today).")
@click.option("--url", help="The article's address.")
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    help="Draft file to write (default: DRAFTS_DIR/DOCUMENT-ID.draft.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file.")
def draft(
    article: Path,
    lang: Language,  # click.Choice above
    document_id: str,
    title: str | None,
    date: dt.date | None,
    url: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Draft a knowledge file from an article's text, for review."""
    from bot.knowledge.draft import draft_article
    from bot.knowledge.draft_yaml import render_draft
    from bot.knowledge.loader import Knowledge, KnowledgeError, load_directory
    from bot.knowledge.todos import find_todos

    settings = load_settings()
    language = output_language(settings)  # of the messages; --lang is the article's
    published = date or dt.date.today()
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = t(language, "cli.draft_unreadable", path=article, error=exc)
        raise click.ClickException(message) from None
    output = output or settings.DRAFTS_DIR / f"{document_id}.draft.yaml"
    if output.exists() and not force:
        raise click.ClickException(t(language, "cli.draft_exists", path=output))
    directory = settings.KNOWLEDGE_DIR
    if output.resolve().is_relative_to(directory.resolve()):
        message = t(language, "cli.draft_inside", path=output, directory=directory)
        raise click.ClickException(message)
    try:
        kb = load_directory(directory)
    except KnowledgeError as exc:
        click.echo(tn(language, "cli.draft_bad_knowledge", len(exc.problems)), err=True)
        kb = Knowledge()
    try:
        source_file = article.resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        source_file = None
    proposal = draft_article(text, lang, document_id, published, kb)
    yaml_text = render_draft(
        proposal,
        article_name=article.name,
        title=title,
        url=url,
        source_file=source_file,
        dated=date is not None,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(yaml_text, encoding="utf-8")
    todos = len(find_todos(yaml_text, output.name))
    click.echo(
        t(
            language,
            "cli.draft_written",
            path=output,
            facts=tn(language, "cli.draft_facts", len(proposal.facts)),
            speakers=tn(language, "cli.draft_speakers", len(proposal.new_speakers)),
            todos=tn(language, "cli.draft_todos", todos),
            directory=directory,
        )
    )


def register(cli: click.Group, knowledge: click.Group) -> None:
    """Attach the admin sub-commands to `briefbot` and `briefbot knowledge`."""
    cli.add_command(stats)
    cli.add_command(unanswered)
    knowledge.add_command(history)
    knowledge.add_command(draft)

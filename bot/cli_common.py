"""What every `briefbot` command shares: the output language, counted nouns, a progress bar.

One language per run: the group's `--lang` (or a command's own), else DEFAULT_LANGUAGE. Click's
own usage errors stay in English (click does not translate them).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from bot.config import Settings
from bot.messages import t, tn

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from bot.knowledge.build_progress import Progress


def output_language(settings: Settings, own: str | None = None) -> str:
    """`own` (a command's --lang), else the group's --lang, else the settings' default."""
    context = click.get_current_context(silent=True)
    chosen = context.find_root().params.get("lang") if context else None
    return own or chosen or settings.DEFAULT_LANGUAGE


def knowledge_summary(language: str, counts: dict[str, int]) -> str:
    """ "3 documents, 1 speaker, 21 facts": each count with its noun in the right plural."""
    return t(language, "cli.list_separator").join(
        tn(language, f"cli.count.{noun}", count) for noun, count in counts.items()
    )


def print_problems(problems: Sequence[object], footer: str) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(footer, err=True)


@contextmanager
def progress_bar(language: str) -> Iterator[Progress | None]:
    """A progress bar per phase of an index build (encoding the facts' meaning, the slow part,
    then indexing them) on stderr when it is a terminal; nothing at all when it is piped or
    redirected (a log, CI), where a redrawn bar would only be noise."""
    stream = sys.stderr
    if not stream.isatty():
        yield None
        return
    bars: dict[str, ProgressBar[int]] = {}

    def report(phase: str, done: int, total: int) -> None:
        if phase not in bars:
            for bar in bars.values():
                bar.__exit__(None, None, None)
            label = t(language, f"cli.progress.{phase}")
            bars[phase] = click.progressbar(length=total, label=label, file=stream).__enter__()
        bars[phase].update(done - bars[phase].pos)

    try:
        yield report
    finally:
        if bars:
            list(bars.values())[-1].__exit__(None, None, None)

"""The 30-day chart of /stats and `briefbot stats --chart`: its figures, and a valid PNG that
carries exactly the plotted series (read back from its metadata, not from pixels)."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from bot.admin.charts import DAYS, METADATA_KEY, DailySeries, daily_series, render_chart
from bot.cli import cli
from bot.config import Settings
from bot.runtime import Runtime
from bot.store import subscriptions
from bot.store.database import to_iso

ZONE = "Europe/Paris"
NOW = dt.datetime(2024, 12, 20, 11, 0, tzinfo=dt.UTC)  # noon in Paris


def log_question(runtime: Runtime, answered: bool, when: dt.datetime, kind: str = "") -> None:
    kind = kind or ("answer" if answered else "refusal")
    runtime.state.execute(
        "INSERT INTO question_log (chat_id, question, language, answered, kind, fact_ids,"
        " asked_at) VALUES (1, 'q', 'fr', ?, ?, '[]', ?)",
        [int(answered), kind, to_iso(when)],
    )


def delivery(runtime: Runtime, chat_id: int, status: str, when: dt.datetime) -> None:
    runtime.state.execute(
        "INSERT INTO deliveries (chat_id, local_date, status, attempts, created_at, sent_at)"
        " VALUES (?, ?, ?, 1, ?, ?)",
        [
            chat_id,
            when.date().isoformat(),
            status,
            to_iso(when),
            to_iso(when) if status == "sent" else None,
        ],
    )


@pytest.fixture
def history(runtime: Runtime) -> Runtime:
    """Two subscribers (one left three days ago), questions and briefs on a few days."""
    days_ago = lambda n: NOW - dt.timedelta(days=n)  # noqa: E731
    subscriptions.subscribe(runtime.state, 1, "fr", "08:00", ZONE, now=days_ago(10))
    subscriptions.subscribe(runtime.state, 2, "fr", "08:00", ZONE, now=days_ago(5))
    subscriptions.unsubscribe(runtime.state, 2)
    runtime.state.execute(
        "UPDATE subscriptions SET updated_at = ? WHERE chat_id = 2", [to_iso(days_ago(3))]
    )
    for answered in (True, True, False):
        log_question(runtime, answered, days_ago(0))
    log_question(runtime, False, days_ago(2))
    log_question(runtime, True, days_ago(2), kind="smalltalk")  # not a question about the news
    log_question(runtime, True, days_ago(40))  # before the window
    delivery(runtime, 1, "sent", days_ago(1))
    delivery(runtime, 2, "failed", days_ago(4))
    delivery(runtime, 1, "sent", days_ago(4))
    runtime.state.conn.commit()
    return runtime


def test_daily_series_of_the_last_30_days(history: Runtime) -> None:
    series = daily_series(history.state, ZONE, now=NOW)
    assert len(series.days) == DAYS and series.days[-1] == "2024-12-20"
    assert series.days[0] == "2024-11-21"
    assert (series.answered[-1], series.refused[-1]) == (2, 1)
    assert (series.answered[-3], series.refused[-3]) == (0, 1)  # small talk is not counted
    assert sum(series.answered) + sum(series.refused) == 4
    assert series.briefs_sent[-2] == 1 and series.briefs_sent[-5] == 1
    assert series.briefs_failed[-5] == 1 and sum(series.briefs_failed) == 1
    # subscriber 1 since 10 days ago; subscriber 2 from 5 days ago until noon 3 days ago
    # (counted at the end of each day)
    assert series.subscribers[-12] == 0 and series.subscribers[-11] == 1
    assert series.subscribers[-6] == 2 and series.subscribers[-5] == 2
    assert series.subscribers[-4] == 1 and series.subscribers[-1] == 1


def read_png(data: bytes) -> tuple[Image.Image, DailySeries]:
    image = Image.open(io.BytesIO(data))
    image.verify()  # a complete, uncorrupted PNG
    image = Image.open(io.BytesIO(data))
    return image, DailySeries(**json.loads(image.info[METADATA_KEY]))


def test_the_chart_is_a_png_carrying_its_series(history: Runtime) -> None:
    series = daily_series(history.state, ZONE, now=NOW)
    image, drawn = read_png(render_chart("en", series))
    assert image.format == "PNG" and image.size == (900, 800)
    assert drawn == series


def test_cli_stats_writes_the_chart(
    history: Runtime, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("KNOWLEDGE_DIR", "KNOWLEDGE_INDEX", "BRIEFBOT_DB"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    history.close()
    chart = tmp_path / "out" / "stats.png"
    result = CliRunner().invoke(cli, ["--lang", "en", "stats", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert "Users:" in result.output and f"Chart written to {chart}" in result.output
    _, drawn = read_png(chart.read_bytes())
    assert len(drawn.days) == DAYS and asdict(drawn)["subscribers"][-1] == 1

"""The last 30 days as a picture for admins: questions per day (answered and refused),
subscribers, briefs sent and failed. One PNG for `/stats` and `briefbot stats --chart`.

Drawn with matplotlib's object API on the Agg canvas (no display, no pyplot global state, safe
in a worker thread). The plotted series are also written into the PNG's metadata, so a test (or
an admin's script) reads exactly what was drawn.

Subscribers on a past day: the state database keeps no history of subscriptions, so a
subscription counts from its creation until it was ended (its last update, for an inactive
one); a subscription ended and renewed later counts from its first creation.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.admin.stats import QUESTION_KINDS
from bot.messages import t
from bot.store.database import from_iso, to_iso, utcnow

DAYS = 30
METADATA_KEY = "briefbot:series"  # PNG text chunk holding the plotted series as JSON
FIGURE_INCHES = (9.0, 8.0)
DPI = 100
ANSWERED_COLOUR, REFUSED_COLOUR = "#2e7d32", "#c62828"
SENT_COLOUR, FAILED_COLOUR, SUBSCRIBERS_COLOUR = "#1565c0", "#ef6c00", "#6a1b9a"
# Deliveries that did not reach the subscriber ("unknown": the bot stopped mid-request).
FAILED_STATUSES = ("failed", "unknown")


@dataclass(frozen=True)
class DailySeries:
    days: list[str]  # YYYY-MM-DD in the zone, oldest first
    answered: list[int]
    refused: list[int]
    subscribers: list[int]  # active at the end of each day
    briefs_sent: list[int]
    briefs_failed: list[int]


def _day_index(days: list[dt.date], zone: ZoneInfo) -> dict[dt.date, int]:
    return {day: i for i, day in enumerate(days)}


def daily_series(
    db: Database, zone: str, now: dt.datetime | None = None, days: int = DAYS
) -> DailySeries:
    """The figures of the last `days` calendar days in `zone`, today included."""
    tz = ZoneInfo(zone)
    today = (now or utcnow()).astimezone(tz).date()
    dates = [today - dt.timedelta(days=days - 1 - i) for i in range(days)]
    index = _day_index(dates, tz)
    start = dt.datetime.combine(dates[0], dt.time(), tz)
    since = to_iso(start)

    def local_day(stamp: str) -> int | None:
        return index.get(from_iso(stamp).astimezone(tz).date())

    answered, refused = [0] * days, [0] * days
    kinds = ", ".join("?" for _ in QUESTION_KINDS)
    for asked_at, was_answered in db.execute(
        f"SELECT asked_at, answered FROM question_log WHERE asked_at >= ? AND kind IN ({kinds})",
        [since, *QUESTION_KINDS],
    ):
        i = local_day(asked_at)
        if i is not None:
            (answered if was_answered else refused)[i] += 1

    sent, failed = [0] * days, [0] * days
    for status, stamp in db.execute(
        "SELECT status, coalesce(sent_at, created_at) FROM deliveries"
        " WHERE coalesce(sent_at, created_at) >= ?",
        [since],
    ):
        i = local_day(stamp)
        if i is not None and status == "sent":
            sent[i] += 1
        elif i is not None and status in FAILED_STATUSES:
            failed[i] += 1

    ends = [to_iso(dt.datetime.combine(d + dt.timedelta(days=1), dt.time(), tz)) for d in dates]
    subscribers = [
        db.execute(
            "SELECT count(*) FROM subscriptions WHERE created_at < ?"
            " AND (active = 1 OR updated_at >= ?)",
            [end, end],
        ).fetchone()[0]
        for end in ends
    ]
    return DailySeries([d.isoformat() for d in dates], answered, refused, subscribers, sent, failed)


Bars = tuple[list[int], str, str]  # counts, colour, catalogue key of the legend label


def _stacked_bars(axes: Any, x: list[int], below: Bars, above: Bars, language: str) -> None:
    """Two series stacked per day: the panels of questions and of briefs share this shape."""
    axes.bar(x, below[0], color=below[1], label=t(language, below[2]))
    axes.bar(x, above[0], bottom=below[0], color=above[1], label=t(language, above[2]))


def render_chart(language: str, series: DailySeries) -> bytes:
    """Three panels sharing the days axis, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    questions, audience, briefs = figure.subplots(3, 1, sharex=True)
    x = list(range(len(series.days)))
    _stacked_bars(
        questions,
        x,
        (series.answered, ANSWERED_COLOUR, "chart.answered"),
        (series.refused, REFUSED_COLOUR, "chart.refused"),
        language,
    )
    questions.set_title(t(language, "chart.questions"))
    audience.plot(x, series.subscribers, color=SUBSCRIBERS_COLOUR, marker=".")
    audience.set_title(t(language, "chart.subscribers"))
    _stacked_bars(
        briefs,
        x,
        (series.briefs_sent, SENT_COLOUR, "chart.sent"),
        (series.briefs_failed, FAILED_COLOUR, "chart.failed"),
        language,
    )
    briefs.set_title(t(language, "chart.briefs"))
    for axes in (questions, audience, briefs):
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", alpha=0.3)
    for axes in (questions, briefs):
        axes.legend(loc="upper left", fontsize="small")
    step = max(1, len(x) // 10)
    briefs.set_xticks(x[::step], [day[5:] for day in series.days[::step]])  # MM-DD
    figure.suptitle(t(language, "chart.title", days=len(series.days)))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={METADATA_KEY: json.dumps(asdict(series))})
    return buffer.getvalue()

"""Briefing fan-out benchmarks, through the real Application (scan job, `BriefScheduler`, the
paced rate limiter, HTTP) to the fake Bot API server enforcing a global messages/s limit.

- free: 2,000 subscribers due at once, the server enforcing Telegram's 30 messages/s;
  targets >= 27 messages/s, 0 429, 0 duplicates, all served;
- paid: 20,000 subscribers due at once with BRIEF_PAID_BROADCAST (allow_paid_broadcast), the
  server enforcing 1,000 messages/s; targets >= 900 messages/s, 0 429, 0 duplicates, all
  served, the bot's peak RSS <= 300 MB.

The fake server runs in another process (as Telegram runs elsewhere): at 1,000 messages/s it
needs a core of its own, and the times it records (and limits on) are not distorted by the
bot's event loop or the GIL. `python -m benchmarks.briefing_fanout [free|paid]`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.config import load_settings
from bot.runtime import Runtime
from bot.store.database import to_iso, utcnow
from bot.telegram.app import build_application
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300.0  # seconds before giving up waiting for a fan-out
Sent = tuple[int, int, int, float]  # chat id, hash of the text, HTTP status, server time


def _serve(limit: float, pipe: Connection) -> None:
    """The fake server's process: start, send its URLs, wait for "stop", send the calls."""

    # No garbage collection in this process: a full pass over the calls it records (tens of
    # ms at 20,000 calls) holds back the requests that arrive meanwhile, which it then counts
    # in one burst (up to 975 in one second measured, from a bot sending 910), so the server's
    # own pauses, not the bot, would be what its limit sees. It lives for one run.
    gc.disable()

    async def main() -> None:
        fake = await FakeBotApi(token=DEFAULT_TOKEN, messages_per_second=limit).start()
        pipe.send((fake.base_url, fake.base_file_url))
        loop = asyncio.get_running_loop()
        while True:
            request = await loop.run_in_executor(None, pipe.recv)
            if request == "delivered":
                pipe.send(len({c.params["chat_id"] for c in fake.calls_to("sendMessage") if c.ok}))
                continue
            calls: list[Sent] = [
                (c.params["chat_id"], hash(c.params["text"]), c.status, c.at)
                for c in fake.calls_to("sendMessage")
            ]
            await fake.stop()
            pipe.send((calls, time.process_time()))
            return

    asyncio.run(main())


@contextmanager
def server_process(limit: float) -> Iterator[tuple[Connection, str, str]]:
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(limit, theirs), daemon=True
    )
    process.start()
    base_url, file_url = ours.recv()
    try:
        yield ours, base_url, file_url
    finally:
        process.join(10)
        if process.is_alive():
            process.kill()


def _subscribe_all(runtime: Runtime, count: int) -> None:
    """`count` subscribers whose brief was due one second ago (all at once), half in French."""
    due = to_iso(utcnow() - dt.timedelta(seconds=1))
    stamp = to_iso(utcnow() - dt.timedelta(days=1))
    rows = [
        (chat, "fr" if chat % 2 else "en", "08:00", "Europe/Paris", due, due, stamp, stamp)
        for chat in range(1, count + 1)
    ]
    with runtime.state.atomic():
        runtime.state.conn.executemany(
            "INSERT INTO subscriptions (chat_id, language, time_local, timezone, only_new,"
            " paused, active, next_send_at, slot_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 0, 0, 1, ?, ?, ?, ?)",
            rows,
        )


def _max_per_second(times: list[float]) -> int:
    """The most deliveries in any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


async def fan_out(
    pipe: Connection, urls: tuple[str, str], count: int, paid: bool
) -> tuple[float, float]:
    """Run the fan-out; returns the seconds from start to the last subscriber served, and the
    CPU seconds the bot's process used meanwhile (start-up and index build left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            KNOWLEDGE_DIR=ROOT / "knowledge",
            KNOWLEDGE_INDEX=Path(tmp) / "index.db",
            BRIEFBOT_DB=Path(tmp) / "state.db",
            TELEGRAM_BOT_TOKEN=SecretStr(DEFAULT_TOKEN),
            TELEGRAM_BASE_URL=urls[0],
            TELEGRAM_BASE_FILE_URL=urls[1],
            BRIEF_PAID_BROADCAST=paid,
        )
        runtime = Runtime.start(settings)
        _subscribe_all(runtime, count)
        application = build_application(settings, runtime)
        await application.initialize()
        started, cpu = time.monotonic(), time.process_time()
        await application.start()  # the scan job's first tick (1 s) starts the fan-out
        loop = asyncio.get_running_loop()
        try:
            while time.monotonic() - started < TIMEOUT:
                await asyncio.sleep(1.0)
                pipe.send("delivered")
                if await loop.run_in_executor(None, pipe.recv) >= count:
                    break
            elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        finally:
            await application.stop()
            await application.shutdown()
            runtime.close()
    return elapsed, cpu


def run(count: int, limit: float, paid: bool) -> dict[str, Any]:
    with server_process(limit) as (pipe, base_url, file_url):
        elapsed, bot_cpu = asyncio.run(fan_out(pipe, (base_url, file_url), count, paid))
        pipe.send("stop")
        calls: list[Sent]
        calls, server_cpu = pipe.recv()
    ok = sorted(at for _, _, status, at in calls if status == 200)
    per_chat = Counter(chat for chat, _, status, _ in calls if status == 200)
    # The same text twice in a chat is a duplicate; the parts of a split brief are not.
    per_message = Counter((chat, text) for chat, text, status, _ in calls if status == 200)
    span = ok[-1] - ok[0] if len(ok) > 1 else 0.0
    return {
        "subscribers": count,
        "served": len(per_chat),
        "messages": len(ok),
        "duplicates": sum(n - 1 for n in per_message.values()),
        "429 answers": sum(1 for _, _, status, _ in calls if status == 429),
        "seconds (first to last delivery)": round(span, 1),
        "seconds (start to all served)": round(elapsed, 1),
        "messages/s": round((len(ok) - 1) / span, 1) if span else 0.0,
        "max in any 1 s": _max_per_second(ok),
        "bot peak RSS (MB)": round(_rss_mb(), 1),
        # CPU per message delivered, for the bot (during the fan-out) and the fake server (all its
        # life): on a shared machine the rate depends on the load, these much less.
        "bot CPU (ms per message)": round(bot_cpu * 1000 / max(len(ok), 1), 3),
        "server CPU (ms per message)": round(server_cpu * 1000 / max(len(ok), 1), 3),
        "load average (1 min, at the end)": round(os.getloadavg()[0], 2),
    }


SCENARIOS = {  # name: (subscribers, server limit, paid, minimum rate)
    "free": (2_000, 30.0, False, 27.0),
    "paid": (20_000, 1_000.0, True, 900.0),
}
RSS_LIMIT_MB = 300.0


def main(names: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    for name in names or list(SCENARIOS):
        count, limit, paid, rate = SCENARIOS[name]
        print(f"--- {name}: {count:,} subscribers, server limit {limit:g} messages/s")
        results = run(count, limit, paid)
        width = max(len(key) for key in results)
        for key, value in results.items():
            print(f"{key:<{width}}  {value}")
        ok = (
            results["messages/s"] >= rate
            and results["429 answers"] == 0
            and results["duplicates"] == 0
            and results["served"] == results["subscribers"]
            and (not paid or results["bot peak RSS (MB)"] <= RSS_LIMIT_MB)
        )
        rss = f", RSS <= {RSS_LIMIT_MB:g} MB" if paid else ""
        print(
            "PASS" if ok else "FAIL",
            f"(targets: >= {rate:g} messages/s, 0 429, 0 duplicates, all served{rss})",
        )


if __name__ == "__main__":
    main(sys.argv[1:] or None)

"""Briefing fan-out: 2,000 subscribers due at once, delivered by the real Application (scan job,
AIORateLimiter, HTTP) to the fake Bot API server enforcing Telegram's 30 messages/s overall.

The fake server runs on its own event loop in another thread, as Telegram runs elsewhere: the
times it records (and limits on) are not distorted by the bot's own event loop.

Targets (issue 5): achieved rate >= 27 messages/s, zero 429 answers, zero duplicates, all 2,000
subscribers served.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import SecretStr

from bot.config import load_settings
from bot.runtime import Runtime
from bot.store import subscriptions
from bot.store.database import to_iso, utcnow
from bot.telegram.app import build_application
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = 2000
LIMIT = 30  # messages per second, enforced by the fake server like Telegram
TIMEOUT = 300.0  # seconds before giving up waiting for the fan-out


def _subscribe_all(runtime: Runtime, count: int) -> None:
    """`count` subscribers whose brief was due one second ago (all at once)."""
    db = runtime.state
    for chat_id in range(1, count + 1):
        language = "fr" if chat_id % 2 else "en"
        subscriptions.subscribe(db, chat_id, language, "08:00", "Europe/Paris")
    due = to_iso(utcnow() - dt.timedelta(seconds=1))
    with db.atomic():
        db.execute("UPDATE subscriptions SET next_send_at = ?, slot_at = ?", [due, due])


@contextmanager
def server_thread(limit: float) -> Iterator[FakeBotApi]:
    """A started FakeBotApi on its own event loop in a daemon thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-bot-api", daemon=True)
    thread.start()

    async def start() -> FakeBotApi:
        return await FakeBotApi(token=DEFAULT_TOKEN, messages_per_second=limit).start()

    fake = asyncio.run_coroutine_threadsafe(start(), loop).result()
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def _max_per_second(times: list[float]) -> int:
    """The most deliveries in any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def fan_out(fake: FakeBotApi, count: int = SUBSCRIBERS) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            KNOWLEDGE_DIR=ROOT / "knowledge",
            KNOWLEDGE_INDEX=Path(tmp) / "index.db",
            BRIEFBOT_DB=Path(tmp) / "state.db",
            TELEGRAM_BOT_TOKEN=SecretStr(DEFAULT_TOKEN),
            TELEGRAM_BASE_URL=fake.base_url,
            TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        )
        runtime = Runtime.start(settings)
        _subscribe_all(runtime, count)
        application = build_application(settings, runtime)
        await application.initialize()
        started = time.monotonic()
        await application.start()  # the scan job's first tick (1 s) starts the fan-out
        try:
            while time.monotonic() - started < TIMEOUT:
                delivered = {c.params["chat_id"] for c in fake.calls_to("sendMessage") if c.ok}
                if len(delivered) >= count:
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        finally:
            await application.stop()
            await application.shutdown()
            runtime.close()
    sends = fake.calls_to("sendMessage")
    ok = sorted(c.at for c in sends if c.ok)
    per_chat = Counter(c.params["chat_id"] for c in sends if c.ok)
    # The same text twice in a chat is a duplicate; the parts of a split brief are not.
    per_message = Counter((c.params["chat_id"], c.params["text"]) for c in sends if c.ok)
    elapsed = ok[-1] - ok[0] if len(ok) > 1 else 0.0
    return {
        "subscribers": count,
        "served": len(per_chat),
        "messages": len(ok),
        "duplicates": sum(n - 1 for n in per_message.values()),
        "429 answers": sum(1 for c in sends if c.status == 429),
        "seconds": round(elapsed, 1),
        "messages/s": round((len(ok) - 1) / elapsed, 2) if elapsed else 0.0,
        "max in any 1 s": _max_per_second(ok),
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    with server_thread(LIMIT) as fake:
        results = asyncio.run(fan_out(fake))
    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value}")
    ok = (
        results["messages/s"] >= 27
        and results["429 answers"] == 0
        and results["duplicates"] == 0
        and results["served"] == results["subscribers"]
    )
    print("PASS" if ok else "FAIL", "(targets: >= 27 messages/s, 0 429, 0 duplicates, all served)")


if __name__ == "__main__":
    main()

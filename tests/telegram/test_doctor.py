"""`briefbot doctor` and its checks: a healthy setup and a broken one, against the fake Bot API."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.admin import doctor
from bot.admin.doctor import check_database, check_knowledge, check_scheduler, core_checks
from bot.config import Settings
from bot.runtime import Runtime
from bot.store import subscriptions
from bot.store.database import to_iso, utcnow
from bot.telegram.doctor import telegram_checks
from tests.conftest import briefbot
from tests.fake_bot_api import FakeBotApi
from tests.telegram.admin_helpers import (
    ADMIN,
    ALICE,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
)


def started(settings: Settings) -> Settings:
    """Create the databases and index as a first start would, then stop."""
    Runtime.start(settings).close()
    return settings


def test_core_checks_pass_on_a_started_setup(settings: Settings) -> None:
    checks = core_checks("en", started(settings))
    assert [(c.name, c.ok) for c in checks] == [
        ("settings", True),
        ("database", True),
        ("knowledge", True),
        ("scheduler", True),
    ]
    assert checks[0].detail == "long polling, 0 admins"
    assert "writable, schema up to date" in checks[1].detail
    assert checks[2].detail.startswith("valid, 21 facts") and "index up to date" in checks[2].detail
    assert checks[3].detail == "last brief: never; no subscription due"


def test_a_missing_database_is_reported_not_created(settings: Settings) -> None:
    check = check_database("en", settings)
    assert not check.ok and "does not exist" in check.detail
    assert not settings.BRIEFBOT_DB.exists()


def test_a_locked_database_fails(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holding the write lock: the check waits briefly, then says so."""
    monkeypatch.setattr(doctor, "LOCK_WAIT_SECONDS", 0.1)  # how long is not what is tested
    started(settings)
    holder = sqlite3.connect(settings.BRIEFBOT_DB, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        check = check_database("en", settings)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not check.ok and "cannot be written: database is locked" in check.detail
    assert check_database("en", settings).ok  # and it passes once the lock is gone


def test_invalid_knowledge_fails_with_its_first_error(settings: Settings) -> None:
    started(settings)
    (settings.KNOWLEDGE_DIR / "broken.yaml").write_text("facts:\n  - id: x\n    text: [oops\n")
    check = check_knowledge("fr", settings)
    assert not check.ok and check.detail.startswith("1 erreur dans les fichiers, la première : ")
    assert "broken.yaml:" in check.detail


def test_an_overdue_brief_means_the_scheduler_is_not_running(settings: Settings) -> None:
    runtime = Runtime.start(settings)
    now = utcnow()
    try:
        subscriptions.subscribe(runtime.state, 1001, "fr", "08:00", "Europe/Paris", now=now)
        runtime.state.execute(
            "UPDATE subscriptions SET next_send_at = ?", [to_iso(now - dt.timedelta(minutes=45))]
        )
        runtime.state.conn.commit()
    finally:
        runtime.close()
    late = check_scheduler("en", settings, now=now)
    assert not late.ok and "is 45 min late: is the bot running?" in late.detail
    assert "(Europe/Paris)" in late.detail  # times carry their zone
    fine = check_scheduler("en", settings, now=now - dt.timedelta(hours=1))
    assert fine.ok and "next due on " in fine.detail


async def test_token_and_webhook_are_checked_against_the_bot_api(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    token, webhook = await telegram_checks("en", bot_settings)
    assert token.ok and token.detail.startswith("valid, the bot is @briefbot_test_bot (id ")
    assert webhook.ok and webhook.detail == "none set, as long polling needs; 0 pending updates"
    assert [c.method for c in fake_api.calls if c.method != "getMe"] == ["getWebhookInfo"]
    _, french = await telegram_checks("fr", bot_settings)
    assert french.detail.endswith("; 0 mise à jour en attente")  # French: 0 is singular


async def test_a_failing_webhook_and_a_rejected_token_are_reported(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    recent = int((utcnow() - dt.timedelta(minutes=5)).timestamp())

    async def broken_webhook(params: dict[str, object]) -> dict[str, object]:
        return {
            "url": "https://bot.example.org/hook",
            "has_custom_certificate": False,
            "pending_update_count": 17,
            "last_error_date": recent,
            "last_error_message": "Connection timed out",
        }

    fake_api.add_method("getWebhookInfo", broken_webhook)
    webhook_mode = bot_settings.model_copy(update={"WEBHOOK_URL": "https://bot.example.org/hook"})
    _, webhook = await telegram_checks("en", webhook_mode)
    assert not webhook.ok
    assert "last delivery failed on " in webhook.detail and "Connection timed out" in webhook.detail
    assert "17 pending updates" in webhook.detail
    _, polling = await telegram_checks("en", bot_settings)
    assert not polling.ok and "WEBHOOK_URL is empty" in polling.detail
    wrong = bot_settings.model_copy(
        update={"TELEGRAM_BOT_TOKEN": SecretStr("999:WRONG-token-abcdefghijklmnopqrstuvwxyz")}
    )
    (rejected,) = await telegram_checks("en", wrong)
    assert not rejected.ok and rejected.detail.startswith("rejected by the Bot API at http://")


async def _doctor(settings: Settings, **extra: str) -> tuple[int, str, str]:
    """`briefbot --lang en doctor` in-process (a thread: it runs its own event loop while this
    one serves the fake Bot API), with the settings given in its environment."""
    env = {
        "TELEGRAM_BOT_TOKEN": settings.token or "",
        "TELEGRAM_BASE_URL": settings.TELEGRAM_BASE_URL,
        "TELEGRAM_BASE_FILE_URL": settings.TELEGRAM_BASE_FILE_URL,
        **extra,
    }
    result = await asyncio.to_thread(briefbot, settings, "--lang", "en", "doctor", **env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


async def test_briefbot_doctor_healthy_then_broken(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    started(bot_settings)
    code, out, err = await _doctor(bot_settings)
    lines = out.strip().splitlines()
    assert code == 0, out + err
    assert [line.split(":", 1)[0] for line in lines[:-1]] == [
        "✓ settings",
        "✓ token",
        "✓ webhook",
        "✓ database",
        "✓ knowledge",
        "✓ scheduler",
    ]
    assert lines[-1] == "Healthy: every check passed."

    (bot_settings.KNOWLEDGE_DIR / "broken.yaml").write_text("facts: [\n")
    code, out, err = await _doctor(
        bot_settings, TELEGRAM_BOT_TOKEN="999:WRONG-token-abcdefghijklmnopqrstuvwxyz"
    )
    assert code == 1
    assert "✗ token: rejected by the Bot API" in out and "✗ knowledge: 1 error" in out
    assert "✓ database:" in out and out.strip().endswith("2 checks failed.")
    assert "WRONG" not in out + err and "Traceback" not in err


async def test_doctor_with_a_bad_setting_fails_on_that_line(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    code, out, _ = await _doctor(bot_settings, WEBHOOK_URL="https://")
    assert code == 1
    assert out.startswith("✗ settings: Setting WEBHOOK_URL: has no host name")


async def test_health_for_an_admin_in_telegram(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    """/health: the doctor's lines from the running bot; others get the unknown-command reply."""
    fake_api.push_command(ADMIN, "health")
    call = await fake_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ADMIN)
    text = str(call.params["text"])
    assert "✓ jeton : valide, le bot est @briefbot_test_bot" in text
    assert "✓ webhook : aucun" in text and "✓ base de données : " in text
    assert text.strip().endswith("Tout va bien : chaque vérification est passée.")
    fake_api.push_command(ALICE, "health")
    refused = await fake_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ALICE)
    assert "Je ne connais pas cette commande" in str(refused.params["text"])

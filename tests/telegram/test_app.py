"""Building the application: features wired, command menu, settings errors, CLI wiring."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx
import pytest
from telegram.ext import CommandHandler

from bot import cli
from bot.config import Settings, SettingsError, load_settings
from bot.runtime import Runtime
from bot.telegram import conversation
from bot.telegram.app import build_application, run, webhook_options
from bot.telegram.menu import menu, served_commands
from tests.fake_bot_api import FakeBotApi
from tests.telegram_fixtures import started_bot, to, webhook_settings


def test_features_are_registered_and_in_the_menu(bot_settings: Settings, runtime: Runtime) -> None:
    application = build_application(bot_settings, runtime)
    assert {"brief", "subscribe", "reload"} <= served_commands(application)
    assert [c.command for c in menu(application, "en")][:3] == ["start", "ask", "brief"]
    assert application.bot_data.runtime is runtime
    assert application.bot_data.scheduler is not None and application.bot_data.admin is not None


def test_real_extensions_keep_the_catch_alls_last(bot_settings: Settings, runtime: Runtime) -> None:
    application = build_application(bot_settings, runtime)
    group = application.handlers[0]
    catch_all = [i for i, h in enumerate(group) if h.callback is conversation.on_private_text]
    commands = [i for i, h in enumerate(group) if isinstance(h, CommandHandler)]
    assert catch_all and commands and max(commands) < catch_all[0]


def test_missing_token_is_one_clear_line(settings: Settings, runtime: Runtime) -> None:
    with pytest.raises(SettingsError, match=r"TELEGRAM_BOT_TOKEN: missing.*@BotFather"):
        build_application(settings, runtime)


def test_cli_run_without_token(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run"]) == 2
    error = capsys.readouterr().err.strip()
    assert "TELEGRAM_BOT_TOKEN" in error and len(error.splitlines()) == 1


def test_cli_start_without_token_opens_the_terminal_chat(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []
    monkeypatch.setattr("bot.console.main", lambda s: opened.append(s) or 0)  # type: ignore[func-returns-value]
    assert cli.main(["start"]) == 0
    assert len(opened) == 1


def test_cli_start_with_token_runs_telegram(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = []
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:TEST-fake-token-abcdefghijklmnopqrstuvwxyz")
    monkeypatch.setattr("bot.telegram.app.run", lambda s: ran.append(s.token) or 0)  # type: ignore[func-returns-value]
    assert cli.main(["start"]) == 0
    assert ran == ["123456789:TEST-fake-token-abcdefghijklmnopqrstuvwxyz"]


@pytest.mark.parametrize("webhook", [None, "https://bot.example.org/telegram/hook"])
def test_run_polls_or_serves_a_webhook(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, webhook: str | None
) -> None:
    from pydantic import SecretStr
    from telegram.ext import Application

    calls: dict[str, dict] = {}
    monkeypatch.setattr("bot.telegram.app.configure_logging", lambda *a, **k: None)
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: calls.update(polling=kw))
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: calls.update(webhook=kw))
    settings = bot_settings.model_copy(
        update={"WEBHOOK_URL": webhook, "WEBHOOK_SECRET": SecretStr("s3cret") if webhook else None}
    )
    assert run(settings) == 0
    if webhook is None:
        assert calls["polling"]["drop_pending_updates"] is False
        assert calls["polling"]["bootstrap_retries"] > 0
    else:
        kw = calls["webhook"]
        assert kw["webhook_url"] == webhook and kw["url_path"] == "telegram/hook"
        assert kw["secret_token"] == "s3cret" and kw["port"] == settings.WEBHOOK_PORT


async def test_a_rejected_token_is_one_clear_line_without_the_token(
    bot_settings: Settings, tmp_path: Path
) -> None:
    """`python -m bot run` for real, against the fake Bot API, with a token it refuses.

    A subprocess, because `run_polling` owns (and closes) its event loop.
    """
    wrong = "999:WRONG-token-abcdefghijklmnopqrstuvwxyz"
    env = {
        **{k: v for k, v in os.environ.items() if k not in Settings.model_fields},
        "TELEGRAM_BOT_TOKEN": wrong,
        "TELEGRAM_BASE_URL": bot_settings.TELEGRAM_BASE_URL,
        "BRIEFBOT_DB": str(bot_settings.BRIEFBOT_DB),
        "KNOWLEDGE_DIR": str(bot_settings.KNOWLEDGE_DIR),
        "KNOWLEDGE_INDEX": str(bot_settings.KNOWLEDGE_INDEX),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert lines[-1].startswith("Setting TELEGRAM_BOT_TOKEN: rejected by the Bot API at http://")
    assert "Traceback" not in stderr.decode()
    assert "WRONG" not in stderr.decode()


def test_a_state_database_that_cannot_be_created_is_one_logged_line(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("bot.telegram.app.configure_logging", lambda *a, **k: None)
    blocker = bot_settings.BRIEFBOT_DB.parent / "file"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    settings = bot_settings.model_copy(update={"BRIEFBOT_DB": blocker / "state.db"})
    assert run(settings) == 1
    assert "cannot open the databases (BRIEFBOT_DB=" in caplog.text
    assert "Traceback" not in caplog.text


async def test_webhook_mode_registers_the_url_and_secret_and_answers_posted_updates(
    bot_settings: Settings, fake_api: FakeBotApi
) -> None:
    """The webhook server `run` starts, on 127.0.0.1, fed by hand as Telegram would feed it."""
    settings = webhook_settings(bot_settings)
    secret = "s3cret_Token-1"
    async with started_bot(settings, webhook=webhook_options(settings, secret)):
        registered = await fake_api.wait_for("setWebhook", since=0)
        assert registered.params["url"] == settings.WEBHOOK_URL
        assert registered.params["secret_token"] == secret
        assert fake_api.calls_to("deleteWebhook") == []  # only polling clears the webhook
        update = fake_api.push_text(1001, "Who did Kim Jong Un meet?", language_code="en")
        async with httpx.AsyncClient() as client:
            url = settings.WEBHOOK_URL
            assert url is not None
            header = "X-Telegram-Bot-Api-Secret-Token"
            refused = await client.post(url, json=update, headers={header: "wrong"})
            assert refused.status_code == 403
            accepted = await client.post(url, json=update, headers={header: secret})
            assert accepted.status_code == 200
        answer = await fake_api.wait_for("sendMessage", to(1001))
        assert "Belousov" in answer.params["text"]  # ANSWER-CONTENT
        assert len(fake_api.calls_to("sendMessage")) == 1  # the wrong secret was not handled


def test_settings_errors_name_the_variable_and_the_fix(settings: Settings) -> None:
    cases = {
        "TELEGRAM_BASE_URL=http://localhost:8081": "Setting TELEGRAM_BASE_URL: must end with /bot",
        "TELEGRAM_BASE_FILE_URL=http://localhost:8081/file": "e.g. http://localhost:8081/file/bot",
        "WEBHOOK_SECRET=has space": "Setting WEBHOOK_SECRET: must be 1-256 characters",
        "WEBHOOK_URL=http://bot.example.org/hook": "Setting WEBHOOK_URL: must be an https:// URL",
        "WEBHOOK_PORT=abc": "Setting WEBHOOK_PORT: ",
        "DEFAULT_LANGUAGE=de": "Setting DEFAULT_LANGUAGE: ",
        "WEBHOOK_URL=https://": "Setting WEBHOOK_URL: has no host name",
        "WEBHOOK_URL=https:///hook": "Setting WEBHOOK_URL: has no host name",
        "WEBHOOK_URL=https://bot.example.org:x/hook": "Setting WEBHOOK_URL: is not a valid URL",
        "TELEGRAM_BASE_URL=http:///bot": "Setting TELEGRAM_BASE_URL: has no host name",
        "TELEGRAM_BASE_URL=https://api.telegram.org/bot ": "Setting TELEGRAM_BASE_URL: has a space",
        "TELEGRAM_BOT_TOKEN= 123:abcdefghijklmnopqrstuvwxyz": "Setting TELEGRAM_BOT_TOKEN: has a",
        "BRIEFBOT_DB=data/briefbot.db\n": "Setting BRIEFBOT_DB: has a space or line break",
        "BRIEF_DEFAULT_TIME=08:00 ": "Setting BRIEF_DEFAULT_TIME: has a space",
    }
    for assignment, expected in cases.items():
        name, value = assignment.split("=", 1)
        with pytest.raises(SettingsError) as caught:
            load_settings(**{name: value})
        message = str(caught.value)
        assert message.startswith(expected) or expected in message, message
        assert len(message.splitlines()) == 1
        assert message.endswith("Fix it in the environment or in .env.")
    self_hosted = load_settings(
        TELEGRAM_BASE_URL="http://localhost:8081/bot", WEBHOOK_URL="http://bot.local/hook"
    )
    assert self_hosted.WEBHOOK_URL == "http://bot.local/hook"  # a local server may call HTTP
    assert load_settings(TELEGRAM_BASE_URL="https://api.telegram.org/bot{token}/test")
    assert load_settings(TELEGRAM_BOT_TOKEN="  ", WEBHOOK_URL="").token is None  # blank: unset


def test_settings_come_from_the_env_file(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "TELEGRAM_BOT_TOKEN=123:abcdefghijklmnopqrstuvwxyz\nDEFAULT_LANGUAGE=en\nWEBHOOK_PORT=88\n"
    )
    loaded = load_settings()  # the `settings` fixture made tmp_path the working directory
    assert loaded.token == "123:abcdefghijklmnopqrstuvwxyz"
    assert (loaded.DEFAULT_LANGUAGE, loaded.WEBHOOK_PORT) == ("en", 88)
    assert "abcdefghij" not in repr(loaded)  # secrets are masked wherever settings are shown

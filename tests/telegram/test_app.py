"""Building the application: extension hook, command menu, settings errors, CLI wiring."""

from __future__ import annotations

import pytest
from telegram.ext import CommandHandler

from bot import cli
from bot.config import Settings, SettingsError
from bot.runtime import Runtime
from bot.telegram import conversation
from bot.telegram.app import (
    build_application,
    menu,
    register_extensions,
    run,
    served_commands,
)
from tests.telegram import sample_extension


def test_extensions_are_registered_before_the_catch_alls(
    bot_settings: Settings, runtime: Runtime
) -> None:
    application = build_application(bot_settings, runtime)
    loaded = register_extensions(
        application, runtime, ["tests.telegram.sample_extension", "tests.telegram.not_there"]
    )
    assert loaded == ["sample_extension"]
    assert sample_extension.registered[-1] is runtime
    assert "brief" in served_commands(application)
    assert [c.command for c in menu(application, "en")][:3] == ["start", "ask", "brief"]
    assert application.bot_data["runtime"] is runtime


def test_real_extensions_keep_the_catch_alls_last(bot_settings: Settings, runtime: Runtime) -> None:
    application = build_application(bot_settings, runtime)
    group = application.handlers[0]
    catch_all = [i for i, h in enumerate(group) if h.callback is conversation.on_private_text]
    commands = [i for i, h in enumerate(group) if isinstance(h, CommandHandler)]
    assert catch_all and commands and max(commands) < catch_all[0]


def test_a_broken_extension_is_not_silently_skipped(
    bot_settings: Settings, runtime: Runtime, tmp_path, monkeypatch
) -> None:
    (tmp_path / "broken_extension.py").write_text("raise ImportError('bug in the module')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    application = build_application(bot_settings, runtime)
    with pytest.raises(ImportError, match="bug in the module"):
        register_extensions(application, runtime, ["broken_extension"])


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
    monkeypatch.setattr("bot.console.main", lambda s: opened.append(s) or 0)
    assert cli.main(["start"]) == 0
    assert len(opened) == 1


def test_cli_start_with_token_runs_telegram(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = []
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:TEST-fake-token-abcdefghijklmnopqrstuvwxyz")
    monkeypatch.setattr("bot.telegram.app.run", lambda s: ran.append(s.token) or 0)
    assert cli.main(["start"]) == 0
    assert ran == ["123456789:TEST-fake-token-abcdefghijklmnopqrstuvwxyz"]


@pytest.mark.parametrize("webhook", [None, "https://bot.example.org/telegram/hook"])
def test_run_polls_or_serves_a_webhook(
    bot_settings: Settings, monkeypatch: pytest.MonkeyPatch, webhook: str | None
) -> None:
    from pydantic import SecretStr
    from telegram.ext import Application

    calls: dict[str, dict] = {}
    monkeypatch.setattr("bot.telegram.app.configure_logging", lambda *a: None)
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

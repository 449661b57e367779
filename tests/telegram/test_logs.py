"""The token never reaches the logs: messages, arguments, tracebacks, URL-encoded forms."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.telegram.logs import REDACTED, RedactSecrets, configure_logging
from tests.telegram_fixtures import free_port

TOKEN = "123456789:TEST-secret-part-abcdefghijklmnopq"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)


def test_message_and_arguments_are_redacted(captured) -> None:
    logger, stream = captured
    logger.info("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
    logger.info(f"encoded https://x/bot{TOKEN.replace(':', '%3A')}/getMe")
    output = stream.getvalue()
    assert TOKEN not in output and "secret-part" not in output
    assert output.count(REDACTED) == 2


def test_tracebacks_are_redacted(captured) -> None:
    logger, stream = captured
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except RuntimeError:
        logger.exception("polling failed")
    assert TOKEN not in stream.getvalue()
    assert "RuntimeError: cannot reach" in stream.getvalue()


def test_configure_logging_quietens_httpx_and_filters_root_handlers() -> None:
    root = logging.getLogger()
    saved_level = root.level
    redactor = configure_logging("INFO", TOKEN, None)
    try:
        assert logging.getLogger("httpx").level == logging.WARNING
        assert root.handlers and all(redactor in h.filters for h in root.handlers)
    finally:
        for handler in root.handlers:
            handler.removeFilter(redactor)
        root.removeFilter(redactor)
        root.setLevel(saved_level)


def _retry_record(
    run: int, info: str = "", what: str = "Initialize Application"
) -> logging.LogRecord:
    """A record as python-telegram-bot 22's retry loop (networkloop.py) logs it."""
    prefix = f"Network Retry Loop (Bootstrap {what}):" + (f" {info}" if info else "")
    record = logging.LogRecord(
        "telegram.ext",
        logging.DEBUG,
        "networkloop.py",
        1,
        "%s Failed run number %s of %s. Retrying.",
        (prefix, run, 10),
        None,
    )
    record.module = "networkloop"
    return record


def test_startup_retries_are_reported_at_info_with_the_next_delay() -> None:
    from bot.telegram.logs import StartupRetries

    reporter = StartupRetries(logging.INFO)
    messages = []
    for run in range(4):
        record = _retry_record(run)
        assert reporter.filter(record) and record.levelno == logging.INFO
        messages.append(record.getMessage())
    assert messages[0] == (
        "the Bot API did not answer at start-up (initialize application, attempt 1 of 11):"
        " next attempt in 1.5 s"
    )
    assert [m.rsplit(" in ", 1)[1] for m in messages] == ["1.5 s", "2.25 s", "3.38 s", "5.06 s"]
    flood = _retry_record(4, "Flood control exceeded. Retry in 7 seconds. Adding 0.5 seconds")
    reporter.filter(flood)
    assert flood.getMessage().endswith("attempt 5 of 11): next attempt in 7.5 s")
    timeout = _retry_record(0, "Timed out: read timeout.", what="delete Webhook")
    reporter.filter(timeout)
    assert timeout.getMessage().endswith("next attempt now")


def test_other_debug_records_stay_hidden_at_info() -> None:
    from bot.telegram.logs import StartupRetries

    reporter = StartupRetries(logging.INFO)
    debug = logging.LogRecord("telegram.ext.ExtBot", logging.DEBUG, "x.py", 1, "call", None, None)
    assert not reporter.filter(debug)
    warning = logging.LogRecord("telegram.ext", logging.WARNING, "x.py", 1, "w", None, None)
    assert reporter.filter(warning)
    polling = _retry_record(0, what="x")
    polling.msg, polling.args = (
        "Network Retry Loop (Polling Updates): Failed run number 0 of -1.",
        (),
    )
    assert not reporter.filter(polling)


def test_an_unreachable_bot_api_is_retried_and_said_at_info(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The real `run` against a port nobody listens on: each retry is one INFO line.

    A synchronous test: `run_polling` owns (and closes) its event loop.
    """
    from pydantic import SecretStr

    from bot.telegram import app

    port = free_port()
    settings = settings.model_copy(
        update={
            "TELEGRAM_BOT_TOKEN": SecretStr(TOKEN),
            "TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}/bot",
            "LOG_LEVEL": "INFO",
        }
    )
    monkeypatch.setattr(app, "BOOTSTRAP_RETRIES", 2)
    caplog.set_level(logging.INFO)
    try:
        assert app.run(settings) == 1
    finally:
        root = logging.getLogger()
        root.filters[:] = [f for f in root.filters if not isinstance(f, RedactSecrets)]
        for handler in root.handlers:
            handler.filters[:] = [f for f in handler.filters if not isinstance(f, RedactSecrets)]
    retries = [
        r.getMessage() for r in caplog.records if "did not answer at start-up" in r.getMessage()
    ]
    assert retries == [
        "the Bot API did not answer at start-up (initialize application, attempt 1 of 3):"
        " next attempt in 1.5 s",
        "the Bot API did not answer at start-up (initialize application, attempt 2 of 3):"
        " next attempt in 2.25 s",
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records if "start-up (" in r.getMessage())
    assert not [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert "Traceback" not in caplog.text


def test_json_lines_keep_secrets_redacted() -> None:
    import json

    from bot.telegram.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger("test.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
        except RuntimeError:
            logger.exception("polling failed for %s", "Alice")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["level"], e["logger"]) for e in lines] == [("INFO", "test.json")] * 1 + [
        ("ERROR", "test.json")
    ]
    assert lines[0]["message"] == f"calling https://api.telegram.org/bot{REDACTED}/getMe"
    assert lines[1]["message"] == "polling failed for Alice"
    assert "RuntimeError: cannot reach" in lines[1]["exception"]
    assert lines[0]["time"].endswith("+00:00")
    assert TOKEN not in stream.getvalue() and "secret-part" not in stream.getvalue()


def test_log_format_json_switches_the_root_handlers() -> None:
    from bot.telegram.logs import JsonFormatter

    root = logging.getLogger()
    saved = [(h, h.formatter) for h in root.handlers]
    redactor = configure_logging("INFO", TOKEN, log_format="json")
    try:
        assert root.handlers and all(isinstance(h.formatter, JsonFormatter) for h in root.handlers)
    finally:
        for handler, formatter in saved:
            handler.setFormatter(formatter)
            handler.removeFilter(redactor)
        root.removeFilter(redactor)

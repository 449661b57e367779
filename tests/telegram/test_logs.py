"""The token never reaches the logs: messages, arguments, tracebacks, URL-encoded forms."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.telegram.logs import REDACTED, RedactSecrets, configure_logging

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

"""Logging set-up that never writes the bot token (or the webhook secret).

python-telegram-bot's HTTP client (httpx) logs every request URL at INFO, and those URLs contain
the token; tracebacks of network errors can too. So: httpx is turned down to WARNING, and a
filter on every root handler replaces the secrets in the message, its arguments and the
formatted traceback. python-telegram-bot's start-up retry loop logs its final failure with a
traceback; `app.run` reports that failure in one clear line, so the traceback is dropped. Its
retries themselves are logged at DEBUG only; `StartupRetries` reports each at INFO with the
delay before the next attempt, so an operator sees the bot waiting, not hanging.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[REDACTED]"
_traceback_formatter = logging.Formatter()


class RedactSecrets(logging.Filter):
    """Replaces each secret (raw and URL-encoded) with [REDACTED] in whatever is logged."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants = set()
        for secret in secrets:
            if secret:
                variants.update({secret, quote(secret, safe=""), quote(secret)})
        # Longest first, so a secret's URL-encoded form is replaced before a shorter variant.
        self._secrets = sorted(variants, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = _traceback_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(*secrets: str | None) -> RedactSecrets:
    """Attach a redacting filter to every root handler (call it once the handlers exist).

    Handler filters see the records of every logger that propagates to the root, which a
    filter on the root logger alone would not.
    """
    redactor = RedactSecrets(s for s in secrets if s)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(redactor)
    root.addFilter(redactor)
    return redactor


# python-telegram-bot 22's retry loop (telegram/ext/_utils/networkloop.py) logs each retry at
# DEBUG: "Network Retry Loop (Bootstrap ...): [info] Failed run number N of M. Retrying."
# It waits `interval` (1 s for the bootstrap loops), then 1.5 times longer after each network
# error, at most 30 s; no wait after a timeout; the server's delay + 0.5 s after a 429.
_RETRY = re.compile(
    r"Network Retry Loop \(Bootstrap (?P<what>[^)]*)\):(?P<info>.*) Failed run number"
    r" (?P<run>\d+) of (?P<max>-?\d+)\. Retrying\.",
    re.DOTALL,
)
_RETRY_AFTER = re.compile(r"Retry in (\d+(?:\.\d+)?) seconds")
BOOTSTRAP_INTERVAL = 1.0
BACKOFF_FACTOR = 1.5
MAX_INTERVAL = 30.0
RETRY_AFTER_SLACK = 0.5
RETRY_LOGGER = "telegram.ext.retries"


class StartupRetries(logging.Filter):
    """On the retry loop's own logger (set to DEBUG): reports the start-up retries at INFO with
    the next attempt's delay, keeps the loop's other records only at the configured level, and
    drops the traceback of its final failure, which `app.run` reports in one clear line."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level
        self._delays: dict[str, float] = {}

    def next_delay(self, what: str, info: str, run: int) -> float:
        previous = BOOTSTRAP_INTERVAL if run == 0 else self._delays.get(what, BOOTSTRAP_INTERVAL)
        if "Timed out:" in info:
            delay = 0.0
        elif retry_after := _RETRY_AFTER.search(info):
            delay = float(retry_after[1]) + RETRY_AFTER_SLACK
        else:
            delay = 1.0 if previous == 0 else min(MAX_INTERVAL, BACKOFF_FACTOR * previous)
        self._delays[what] = delay
        return delay

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        if record.levelno == logging.DEBUG:
            match = _RETRY.match(record.getMessage())
            if match:
                run, tries = int(match["run"]), int(match["max"]) + 1
                delay = self.next_delay(match["what"], match["info"], run)
                wait = f"next attempt in {delay:.3g} s" if delay else "next attempt now"
                record.levelno, record.levelname = logging.INFO, "INFO"
                record.msg = "the Bot API did not answer at start-up (%s, attempt %d of %d): %s"
                record.args = (match["what"].lower(), run + 1, tries, wait)
                return True
        return record.levelno >= self.level


def install_startup_retries(level: str) -> StartupRetries:
    """Give the retry loop a logger of its own, so seeing its DEBUG retries does not turn on
    python-telegram-bot's other DEBUG records (they quote users' messages)."""
    from telegram.ext._utils import networkloop

    reporter = StartupRetries(logging.getLevelName(level))
    logger = logging.getLogger(RETRY_LOGGER)
    logger.setLevel(logging.DEBUG)
    logger.filters[:] = [reporter]
    networkloop._LOGGER = logger  # module global, read at each call
    return reporter


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json), for log collectors: time, level, logger,
    message, and the traceback when there is one. It formats what the redacting filter left,
    so secrets are already replaced."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str, *secrets: str | None, log_format: str = "text") -> RedactSecrets:
    """Root handler(s) at `level`, as text lines or JSON lines, with every secret redacted."""
    logging.basicConfig(level=level, format=TEXT_FORMAT)
    if log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    install_startup_retries(level)
    return install_redaction(*secrets)

"""Logging set-up that never writes the bot token (or the webhook secret).

python-telegram-bot's HTTP client (httpx) logs every request URL at INFO, and those URLs contain
the token; tracebacks of network errors can too. So: httpx is turned down to WARNING, and a
filter on every root handler replaces the secrets in the message, its arguments and the
formatted traceback. python-telegram-bot's start-up retry loop logs its final failure with a
traceback; `app.run` reports that failure in one clear line, so the traceback is dropped.
"""

from __future__ import annotations

import logging
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


def without_retry_loop_traceback(record: logging.LogRecord) -> bool:
    """Keep the retry loop's one-line message, drop its traceback (reported by `app.run`)."""
    if record.module == "networkloop":
        record.exc_info = None
        record.exc_text = None
    return True


def configure_logging(level: str, *secrets: str | None) -> RedactSecrets:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("telegram.ext").addFilter(without_retry_loop_traceback)
    return install_redaction(*secrets)

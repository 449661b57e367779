"""What a delivery can end as: the errors a `Sender` raises and the report of a run.

The adapter (Telegram) maps its transport's errors to these exceptions, so the scheduler
decides what each outcome becomes (deactivate, retry later, never re-send) without knowing
the transport; tests raise them from a fake sender.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.briefing.compose import Brief

MAX_ATTEMPTS = 6  # refused deliveries (flood limit, network) before giving up on that day
BACKOFF_BASE = 5.0  # seconds: 5, 10, 20, 40, 80 between attempts
BACKOFF_MAX = 300.0


class DeliveryError(Exception):
    """Base of the errors a Sender raises; anything else counts as a bug, logged, not retried."""


class Blocked(DeliveryError):
    """The user blocked the bot or deleted the chat: deactivate the subscription."""


class Moved(DeliveryError):
    """The group became a supergroup (`chat_id`, its new id); nothing was delivered."""

    def __init__(self, chat_id: int):
        super().__init__(f"moved to chat {chat_id}")
        self.chat_id = chat_id


class RetryLater(DeliveryError):
    """Telegram asked to wait (flood limit); nothing was delivered."""

    def __init__(self, seconds: float):
        super().__init__(f"retry after {seconds:g} s")
        self.seconds = seconds


class TransientError(DeliveryError):
    """A network failure before the message reached Telegram; safe to try again."""


class MaybeSent(DeliveryError):
    """The outcome is unknown (timed out waiting for the answer, or only some parts went out):
    it is not retried, since a brief must never arrive twice."""


class Sender(Protocol):
    async def send(self, chat_id: int, brief: Brief) -> None: ...


@dataclass
class RunReport:
    """What one run did, by outcome (for logs, tests and the benchmark)."""

    sent: int = 0
    skipped: int = 0  # only_new with nothing new
    missed: int = 0  # later than the catch-up window
    retried: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0
    settled_elsewhere: int = 0  # already sent that day, or changed by the user meanwhile
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            self.sent
            + self.skipped
            + self.missed
            + self.retried
            + self.blocked
            + self.failed
            + self.unknown
        )


def backoff(attempt: int) -> float:
    return min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_MAX)

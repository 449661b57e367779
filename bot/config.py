"""Settings from the environment and `.env`, validated once at start-up.

A bad value stops start-up with one line naming the variable and how to fix it
(`SettingsError`), never with a traceback, and never echoing a secret.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Telegram's rule for setWebhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
OFFICIAL_API = "https://api.telegram.org/"
# Settings where a blank value means "not set" rather than a mistake.
OPTIONAL_WHEN_BLANK = ("TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET", "WEBHOOK_URL")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is safe to print."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    TELEGRAM_BOT_TOKEN: SecretStr | None = None
    TELEGRAM_BASE_URL: str = "https://api.telegram.org/bot"
    TELEGRAM_BASE_FILE_URL: str = "https://api.telegram.org/file/bot"
    BRIEFBOT_DB: Path = Path("data/briefbot.db")
    KNOWLEDGE_DIR: Path = Path("knowledge")
    KNOWLEDGE_INDEX: Path = Path("data/knowledge-index.db")
    # The running bot reloads an edited knowledge file once it kept its size and content this
    # long: a file still being copied is never served half-written.
    KNOWLEDGE_SETTLE_MS: int = Field(default=500, ge=0, le=10_000)
    DRAFTS_DIR: Path = Path("drafts")
    DEFAULT_LANGUAGE: Literal["fr", "en"] = "fr"
    DEFAULT_TIMEZONE: str = "Europe/Paris"
    BRIEF_DEFAULT_TIME: str = "08:00"
    BRIEF_CATCHUP_HOURS: float = Field(default=6.0, ge=0, le=24)
    # Opt-in paid broadcast: briefs up to 1,000 messages/s, 0.1 Telegram Star per message over
    # the free 30/s (from the bot's Stars balance).
    BRIEF_PAID_BROADCAST: bool = False
    ADMIN_IDS: Annotated[frozenset[int], NoDecode] = frozenset()
    WEBHOOK_URL: str | None = None
    WEBHOOK_LISTEN: str = "0.0.0.0"
    WEBHOOK_PORT: int = Field(default=8443, ge=1, le=65535)
    WEBHOOK_SECRET: SecretStr | None = None
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    LOG_FORMAT: Literal["text", "json"] = "text"

    @field_validator("*", mode="before")
    @classmethod
    def _no_stray_whitespace(cls, value: object, info: ValidationInfo) -> object:
        # A space pasted after a URL or a token is invisible in .env and breaks every request
        # much later, far from its cause: refuse it here, naming the setting.
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None if info.field_name in OPTIONAL_WHEN_BLANK else value
        if value != value.strip():
            raise ValueError("has a space or line break at the start or end: remove it")
        return value

    @field_validator("TELEGRAM_BOT_TOKEN")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"\d+:[\w-]{20,}", value.get_secret_value()):
            raise ValueError(
                "does not look like a bot token (expected 123456:ABC-DEF..., from @BotFather)"
            )
        return value

    @field_validator("TELEGRAM_BASE_URL", "TELEGRAM_BASE_FILE_URL", "WEBHOOK_URL")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        try:
            parsed = urlparse(value)
            host, _ = parsed.hostname, parsed.port  # .port checks the port is a number
        except ValueError as exc:  # e.g. a malformed IPv6 address or port
            raise ValueError(f"is not a valid URL ({exc})") from None
        if not host:
            raise ValueError("has no host name, e.g. https://bot.example.org/telegram")
        return value

    @field_validator("TELEGRAM_BASE_URL", "TELEGRAM_BASE_FILE_URL")
    @classmethod
    def _token_goes_last(cls, value: str, info: ValidationInfo) -> str:
        # python-telegram-bot appends the token (or fills a {token} placeholder): a base URL
        # without the /bot prefix would answer 404 to every call, reported as a bad token.
        if "{token}" not in value and not value.endswith("/bot"):
            path = "/file/bot" if info.field_name == "TELEGRAM_BASE_FILE_URL" else "/bot"
            raise ValueError(
                f"must end with /bot (the token is appended to it), e.g. http://localhost:8081{path}"
            )
        return value

    @field_validator("WEBHOOK_SECRET")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters among A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _drafts_outside_knowledge(self) -> Settings:
        # A draft in the served folder would be loaded (and refused for its TODOs) by the
        # watcher: drafts stay out of it until a reviewer publishes them.
        if self.DRAFTS_DIR.resolve().is_relative_to(self.KNOWLEDGE_DIR.resolve()):
            raise ValueError("DRAFTS_DIR: must be outside KNOWLEDGE_DIR (drafts are not served)")
        return self

    @model_validator(mode="after")
    def _webhook_over_https(self) -> Settings:
        # Telegram's own servers only call HTTPS webhooks; a self-hosted Bot API server may
        # call plain HTTP ones, so http:// is refused only with the official base URL.
        official = self.TELEGRAM_BASE_URL.startswith(OFFICIAL_API)
        if self.WEBHOOK_URL and official and not self.WEBHOOK_URL.startswith("https://"):
            raise ValueError("WEBHOOK_URL: must be an https:// URL (Telegram only calls those)")
        return self

    @field_validator("DEFAULT_TIMEZONE")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                "is not an IANA time zone (e.g. Europe/Paris, Asia/Seoul, UTC)"
            ) from exc
        return value

    @field_validator("BRIEF_DEFAULT_TIME")
    @classmethod
    def _time(cls, value: str) -> str:
        if not _TIME.match(value):
            raise ValueError("must be a 24-hour time HH:MM, e.g. 08:00")
        return value

    @field_validator("ADMIN_IDS", mode="before")
    @classmethod
    def _admins(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"-?\d+", p) for p in parts):
                raise ValueError(
                    "must be comma-separated numeric Telegram user ids, e.g. 12345,67890"
                )
            return frozenset(int(p) for p in parts)
        return value

    @property
    def token(self) -> str | None:
        return self.TELEGRAM_BOT_TOKEN.get_secret_value() if self.TELEGRAM_BOT_TOKEN else None


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            name = ".".join(str(part) for part in error["loc"])
            # A check across settings has no location: its message starts with the name.
            what = f"{name}: {message}" if name else message
            lines.append(f"Setting {what}. Fix it in the environment or in .env.")
        raise SettingsError("\n".join(lines)) from None

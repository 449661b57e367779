"""The Telegram half of `briefbot doctor` and `/health`: the token (getMe) and the webhook
(getWebhookInfo: its URL against WEBHOOK_URL, pending updates, Telegram's last delivery error).
"""

from __future__ import annotations

import datetime as dt

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.admin.doctor import Check
from bot.config import Settings
from bot.messages import t, tn
from bot.store.database import utcnow
from bot.wording.dates import format_moment

# Telegram keeps the last webhook error for a while; an older one is history, not a fault.
RECENT_ERROR = dt.timedelta(hours=1)
TIMEOUT_SECONDS = 10.0


def _bot(settings: Settings) -> Bot:
    assert settings.token is not None
    request = HTTPXRequest(connect_timeout=TIMEOUT_SECONDS, read_timeout=TIMEOUT_SECONDS)
    return Bot(
        settings.token,
        base_url=settings.TELEGRAM_BASE_URL,
        base_file_url=settings.TELEGRAM_BASE_FILE_URL,
        request=request,
        get_updates_request=request,
    )


async def check_webhook(language: str, settings: Settings, bot: Bot) -> Check:
    try:
        info = await bot.get_webhook_info()
    except TelegramError as exc:
        return Check("webhook", False, t(language, "doctor.api_error", error=exc))
    pending = tn(language, "doctor.pending", info.pending_update_count)
    wanted = settings.WEBHOOK_URL or ""
    if info.url != wanted:
        key = "doctor.webhook_unexpected" if not wanted else "doctor.webhook_mismatch"
        detail = t(language, key, url=info.url or "—", wanted=wanted, pending=pending)
        return Check("webhook", False, detail)
    if info.last_error_date and info.last_error_message:
        when = format_moment(language, info.last_error_date, settings.DEFAULT_TIMEZONE)
        values = {"when": when, "error": info.last_error_message, "pending": pending}
        recent = utcnow() - info.last_error_date < RECENT_ERROR
        if recent:
            return Check("webhook", False, t(language, "doctor.webhook_error", **values))
        pending = t(language, "doctor.webhook_old_error", **values)
    key = "doctor.webhook_ok" if wanted else "doctor.polling_ok"
    return Check("webhook", True, t(language, key, url=wanted, pending=pending))


async def telegram_checks(language: str, settings: Settings, bot: Bot | None = None) -> list[Check]:
    """getMe then getWebhookInfo, with `bot` (the running bot's, for /health) or a new one."""
    from bot.telegram.app import api_host  # app wires the admin handlers, /health among them

    if not settings.token:
        return [Check("token", False, t(language, "doctor.no_token"))]
    host = api_host(settings)
    own = bot is None
    client = bot or _bot(settings)
    try:
        try:
            if own:
                await client.initialize()
            me = await client.get_me()
        except InvalidToken:
            return [Check("token", False, t(language, "doctor.token_rejected", host=host))]
        except TelegramError as exc:
            return [Check("token", False, t(language, "doctor.unreachable", host=host, error=exc))]
        token = Check("token", True, t(language, "doctor.token_ok", username=me.username, id=me.id))
        return [token, await check_webhook(language, settings, client)]
    finally:
        if own:
            await client.shutdown()

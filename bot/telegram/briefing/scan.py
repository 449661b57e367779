"""The repeating JobQueue job that runs the transport-agnostic `BriefScheduler`."""

from __future__ import annotations

import contextlib
import datetime as dt

from apscheduler.jobstores.base import JobLookupError

from bot.briefing.pacing import PAID_BURST, PAID_RATE, Pacer
from bot.briefing.scheduler import BriefScheduler, concurrency
from bot.runtime import Runtime
from bot.telegram.briefing.sender import TelegramSender
from bot.telegram.context import BotApp, Context
from bot.telegram.ratelimit import PacedRateLimiter

JOB_NAME = "briefing-scan"
SCAN_INTERVAL = 30  # seconds: a brief goes out at most this long after its minute starts


def brief_pacer(application: BotApp, paid: bool) -> Pacer:
    """The pacer briefs take their slots from: the one the whole bot shares (answers first), or
    in paid-broadcast mode one of its own at PAID_RATE (answers keep the shared one)."""
    if paid:
        return Pacer(PAID_RATE, burst=PAID_BURST)
    limiter = application.bot.rate_limiter
    return limiter.pacer if isinstance(limiter, PacedRateLimiter) else Pacer()


def brief_scheduler(application: BotApp, runtime: Runtime) -> BriefScheduler:
    """The scheduler of this bot, sending through it at one paced rate."""
    paid = runtime.settings.BRIEF_PAID_BROADCAST
    pacer = brief_pacer(application, paid)
    return BriefScheduler(
        runtime.state,
        lambda: runtime.store,  # the current store: a reload swaps it
        TelegramSender(application.bot, pacer, paid=paid),
        catchup=dt.timedelta(hours=runtime.settings.BRIEF_CATCHUP_HOURS),
        keep_going=lambda: application.running,  # a shutdown ends the fan-out between batches
        pacer=pacer,
        concurrency=concurrency(paid),
    )


async def scan(context: Context) -> None:
    """Serve every due subscription. The job is paused while a long fan-out runs, so its ticks
    never pile up behind it (max_instances=1 would only skip them, with a warning each)."""
    scheduler = context.bot_data.scheduler
    if scheduler is None:
        return
    job = context.job
    if job is not None:
        job.enabled = False
    try:
        await scheduler.run_due()
    finally:
        if job is not None:
            with contextlib.suppress(JobLookupError):  # removed meanwhile (shutdown)
                job.enabled = True


def schedule_scan(application: BotApp) -> None:
    if application.job_queue is None:
        raise RuntimeError('the JobQueue is missing: install "python-telegram-bot[job-queue]"')
    application.job_queue.run_repeating(
        scan,
        interval=SCAN_INTERVAL,
        first=1,  # right after start-up: briefs missed while the bot was down go out first
        name=JOB_NAME,
        job_kwargs={
            # A late tick is always worth running: the scan is idempotent and how late a brief
            # may be is decided from the data (BRIEF_CATCHUP_HOURS), so no misfire cut-off
            # (APScheduler's default of 1 s would silently drop ticks after a busy moment).
            "misfire_grace_time": None,
            # Ticks missed during a stall (suspended machine, blocked loop) run once, not N times.
            "coalesce": True,
            # Never two scans at once (the scheduler also refuses to overlap runs).
            "max_instances": 1,
        },
    )

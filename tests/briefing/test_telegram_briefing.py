"""End to end through the real Application and the fake Bot API: commands, buttons, the job."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from telegram.ext import Application

from bot.briefing.compose import compose_brief, text_length
from bot.briefing.service import parse_subscribe_args
from bot.config import Settings
from bot.runtime import Runtime
from bot.store import deliveries, subscriptions
from bot.store.database import to_iso, utcnow
from bot.telegram.briefing.html import render_brief
from bot.telegram.briefing.scan import JOB_NAME, SCAN_INTERVAL
from tests.fake_bot_api import Call, FakeBotApi, parse_html
from tests.telegram_fixtures import buttons, started_bot, to

UTC = dt.UTC
ALICE = 1001  # French-speaking private chat
BOB = 1002  # English-speaking private chat


async def run_job(application: Application) -> None:
    """One tick of the repeating scan job, now (its schedule is every 30 s)."""
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
    await job.run(application)


def make_due(runtime: Runtime, chat_id: int, minutes_ago: float = 1) -> None:
    """Pretend the subscriber's time came `minutes_ago` (instead of waiting for it)."""
    slot = to_iso(utcnow() - dt.timedelta(minutes=minutes_ago))
    runtime.state.execute(
        "UPDATE subscriptions SET next_send_at = ?, slot_at = ? WHERE chat_id = ?",
        [slot, slot, chat_id],
    )


async def test_subscribe_then_the_job_delivers_one_brief_at_0800_paris(
    fake_api: FakeBotApi, bot_settings: Settings
) -> None:
    # The bot starts inside the test's clock: the knowledge is first seen before the brief's
    # day, so nothing counts as new, whatever today's real date is.
    with time_machine.travel(dt.datetime(2026, 11, 24, 6, 59, tzinfo=UTC), tick=True) as travel:
        async with started_bot(bot_settings) as running_bot:
            fake_api.push_command(ALICE, "subscribe", "8h Europe/Paris")
            confirm = await fake_api.wait_for("sendMessage", to(ALICE))
            assert "08:00 (Europe/Paris)" in confirm.params["text"]
            assert "aujourd'hui à 08:00" in confirm.params["text"]  # next delivery, local time
            assert {"sub:time", "sub:zone", "sub:new:1", "sub:pause"} <= set(buttons(confirm))

            mark = fake_api.mark()
            await run_job(running_bot)  # 07:59 in Paris: not yet
            assert fake_api.sent_texts(ALICE, since=mark) == []
            travel.shift(dt.timedelta(seconds=65))  # 08:00:05 in Paris
            await run_job(running_bot)
            await run_job(running_bot)  # the next tick finds nothing more to send
            (brief,) = fake_api.sent_texts(ALICE, since=mark)
            assert brief.startswith("<b>📰 Le point du 24 novembre 2026</b>")
            assert "<b>Ce qui s'est passé</b>" in brief and "<b>Sources :</b>" in brief
            assert "Kim Jong Un" in brief and "kim Jong Un" not in brief

            runtime = running_bot.bot_data.runtime
            assert deliveries.status(runtime.state, ALICE, dt.date(2026, 11, 24)) == "sent"
            sub = subscriptions.get(runtime.state, ALICE)
            assert sub is not None
            assert sub.next_send_at == dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


async def test_one_scan_job_never_dropped_for_lateness(running_bot: Application) -> None:
    """APScheduler's defaults would drop a tick more than 1 s late and could run missed ticks
    back to back; the scan job sets both deliberately."""
    (job,) = running_bot.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
    scheduled = job.job
    assert scheduled.misfire_grace_time is None  # a late tick always runs
    assert scheduled.coalesce and scheduled.max_instances == 1
    assert scheduled.trigger.interval == dt.timedelta(seconds=SCAN_INTERVAL)


async def test_blocked_user_is_deactivated_the_others_served(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = running_bot.bot_data.runtime
    for chat in (2001, 2002, 2003):
        subscriptions.subscribe(runtime.state, chat, "en", "08:00", "UTC")
        make_due(runtime, chat)
    fake_api.block_chat(2002)
    await run_job(running_bot)
    assert [len(fake_api.sent_texts(chat)) for chat in (2001, 2002, 2003)] == [1, 0, 1]
    assert fake_api.sent_texts(2001)[0].startswith("<b>📰 Briefing — ")
    assert not subscriptions.get(runtime.state, 2002).active  # type: ignore[union-attr]
    assert [c.status for c in fake_api.calls_to("sendMessage") if to(2002)(c)] == [403]


async def test_flood_limit_answer_is_retried_later_without_a_duplicate(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = running_bot.bot_data.runtime
    subscriptions.subscribe(runtime.state, 2001, "en", "08:00", "UTC")
    make_due(runtime, 2001)
    # A brief refused with 429 is not retried behind the scheduler's back by the rate
    # limiter: the scheduler reschedules it, and every sender waits the retry_after.
    fake_api.fail_next("sendMessage", count=1, status=429, retry_after=1)
    scheduler = running_bot.bot_data.scheduler
    assert scheduler is not None and scheduler.pacer is not None
    report = await scheduler.run_due()
    assert report.retried == 1 and fake_api.sent_texts(2001) == []
    assert len(fake_api.calls_to("sendMessage")) == 1
    assert scheduler.pacer.held_for > 0
    make_due(runtime, 2001, minutes_ago=0.5)  # the retry time has come
    await scheduler.run_due()
    await scheduler.run_due()
    assert len(fake_api.sent_texts(2001)) == 1


async def test_welcome_buttons_subscribe_and_show_todays_brief(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_command(BOB, "start", language_code="en")
    welcome = await fake_api.wait_for("sendMessage", to(BOB))
    message_id = welcome.result["message_id"]
    assert {"brief:now", "sub:start"} <= set(buttons(welcome))

    fake_api.push_callback(BOB, message_id, "sub:start", language_code="en")
    confirm = await fake_api.wait_for("sendMessage", to(BOB))
    assert "Subscribed: a briefing every day at 08:00 (Europe/Paris)" in confirm.params["text"]

    fake_api.push_callback(BOB, message_id, "brief:now", language_code="en")
    brief = await fake_api.wait_for("sendMessage", to(BOB))
    assert brief.params["text"].startswith("<b>📰 Briefing — ")
    await fake_api.wait_for("answerCallbackQuery", since=0)
    assert fake_api.unanswered_callbacks() == []


async def test_settings_change_time_zone_and_only_new(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = running_bot.bot_data.runtime
    fake_api.push_command(ALICE, "settings")
    view = await fake_api.wait_for("sendMessage", to(ALICE))
    assert "Point quotidien : pas d'abonnement" in view.params["text"]
    assert "sub:on" in buttons(view)
    message_id = view.result["message_id"]

    async def press(data: str) -> Call:
        fake_api.push_callback(ALICE, message_id, data)
        await fake_api.wait_for("answerCallbackQuery")
        return await fake_api.wait_for("editMessageText", to(ALICE))

    assert "chaque jour à 08:00 (Europe/Paris)" in (await press("sub:on")).params["text"]
    picker = await press("sub:time")
    assert "sub:t:0730" in buttons(picker) and "sub:back" in buttons(picker)
    assert "à 07:30 (Europe/Paris)" in (await press("sub:t:0730")).params["text"]
    assert "sub:z:Asia/Seoul" in buttons(await press("sub:zone"))
    assert "07:30 (Asia/Seoul)" in (await press("sub:z:Asia/Seoul")).params["text"]
    assert "s'il y a du nouveau" in (await press("sub:new:1")).params["text"]
    assert "suspendu" in (await press("sub:pause")).params["text"]
    assert "sub:pause" in buttons(await press("sub:resume"))
    sub = subscriptions.get(runtime.state, ALICE)
    assert sub is not None and sub.time_local == "07:30" and sub.timezone == "Asia/Seoul"
    assert sub.only_new and not sub.paused
    assert fake_api.unanswered_callbacks() == []


@pytest.mark.parametrize("data", ["sub:t:9999", "sub:t:07:30", "sub:z:Mars/Base", "sub:xyz", "sub"])
async def test_forged_settings_buttons_change_nothing(
    fake_api: FakeBotApi, running_bot: Application, data: str
) -> None:
    runtime = running_bot.bot_data.runtime
    fake_api.push_command(ALICE, "settings")
    view = await fake_api.wait_for("sendMessage", to(ALICE))
    mark = fake_api.mark()
    fake_api.push_callback(ALICE, view.result["message_id"], data)
    await fake_api.wait_for("answerCallbackQuery", since=mark)
    assert subscriptions.get(runtime.state, ALICE) is None  # not subscribed by it either
    assert fake_api.calls_to("editMessageText") == []
    assert fake_api.unanswered_callbacks() == []


async def test_commands_pause_resume_unsubscribe_and_bad_input(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    async def command(name: str, args: str = "") -> str:
        fake_api.push_command(BOB, name, args, language_code="en")
        return (await fake_api.wait_for("sendMessage", to(BOB))).params["text"]

    assert "not subscribed" in await command("pause")
    assert "Unknown time zone “Atlantis”" in await command("subscribe", "08:00 Atlantis")
    assert "didn't understand the time" in await command("subscribe", "25h")
    assert "at 07:15 (Asia/Seoul)" in await command("subscribe", "Séoul 7:15")
    assert "paused" in await command("pause")
    assert "resumed" in await command("resume")
    assert "unsubscribed" in await command("unsubscribe")
    runtime = running_bot.bot_data.runtime
    assert not subscriptions.get(runtime.state, BOB).active  # type: ignore[union-attr]
    assert "📰 Briefing" in await command("brief")


def test_the_command_menu_lists_every_briefing_command(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    for language, pause in (("fr", "Suspendre"), ("en", "Pause")):
        menu = {c["command"]: c["description"] for c in fake_api.commands[("default", language)]}
        assert {"brief", "subscribe", "unsubscribe", "pause", "resume"} <= set(menu)
        assert menu["pause"].startswith(pause)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (None, None)),
        (["7h30"], ("07:30", None)),
        (["Europe/Paris"], (None, "Europe/Paris")),
        (["8:00", "New", "York"], ("08:00", "America/New_York")),
        (["New", "York", "8:00"], ("08:00", "America/New_York")),
        (["UTC+2"], (None, "Etc/GMT-2")),
    ],
)
def test_subscribe_arguments(args: list[str], expected: tuple[str | None, str | None]) -> None:
    assert parse_subscribe_args(args) == expected


@pytest.mark.parametrize("limit", [500, 900, 4096])
def test_html_parts_are_valid_and_fit(runtime: Runtime, limit: int) -> None:
    new = {"stakes", "oil", "intervention", "consensus"}  # the quote: a bullet, not the headline
    brief = compose_brief(runtime.store, "fr", new, today=dt.date(2026, 11, 24))
    parts = render_brief(brief, limit)
    assert (len(parts) == 1) == (limit == 4096)
    for part in parts:
        assert text_length(part) <= limit
        parse_html(part)  # raises like Telegram on invalid markup
    assert "<blockquote>« intervention militaire directe dans le conflit »</blockquote>" in "".join(
        parts
    )


async def test_a_huge_subscribe_argument_is_not_echoed(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_command(BOB, "subscribe", "8h " + "Atlantis" * 625, language_code="en")
    call = await fake_api.wait_for("sendMessage", to(BOB))
    assert call.status == 200  # Telegram would refuse an over-long text (400)
    text = call.params["text"]
    assert "Unknown time zone “AtlantisAtlantis" in text and "…”" in text
    assert len(text) < 400


async def test_a_group_upgraded_unseen_gets_its_brief_in_the_supergroup(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    """The upgrade's service messages never reached the bot (it was down): Telegram answers the
    brief with 400 and migrate_to_chat_id; the subscription moves and the brief goes there."""
    runtime = running_bot.bot_data.runtime
    group, supergroup = -4001, -1004001
    subscriptions.subscribe(runtime.state, group, "en", "08:00", "UTC")
    make_due(runtime, group)
    fake_api.migrated[group] = supergroup
    scheduler = running_bot.bot_data.scheduler
    assert scheduler is not None
    report = await scheduler.run_due()
    assert (report.sent, report.blocked) == (1, 0)
    (brief,) = fake_api.sent_texts(supergroup)
    assert brief.startswith("<b>📰 Briefing — ") and fake_api.sent_texts(group) == []
    moved = subscriptions.get(runtime.state, supergroup)
    assert moved is not None and moved.active and subscriptions.get(runtime.state, group) is None
    assert deliveries.counts(runtime.state) == {"sent": 1}
    await scheduler.run_due()  # served for the day under its new id: nothing more
    assert len(fake_api.sent_texts(supergroup)) == 1

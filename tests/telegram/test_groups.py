"""End to end in groups: only administrators change the group's brief and settings or forget
it, every button checks again, and a group upgraded to a supergroup keeps its subscription."""

from __future__ import annotations

import datetime as dt

from telegram.ext import Application

from bot.runtime import Runtime
from bot.store import subscriptions, users
from bot.store.database import to_iso, utcnow
from tests.fake_bot_api import Call, FakeBotApi
from tests.telegram_fixtures import buttons, handled, to

GROUP = -5001
SUPERGROUP = -1005001
ADMIN = 2001
MEMBER = 2002
BOT = "briefbot_test_bot"


async def group_command(fake: FakeBotApi, user_id: int, name: str, args: str = "") -> Call:
    fake.push_command(GROUP, f"{name}@{BOT}", args, chat_type="group", user_id=user_id)
    return await fake.wait_for("sendMessage", to(GROUP))


async def press(fake: FakeBotApi, message: Call, data: str, user_id: int) -> Call:
    fake.push_callback(GROUP, message.result["message_id"], data, user_id=user_id)
    return await fake.wait_for("answerCallbackQuery")


def member_checks(fake: FakeBotApi, user_id: int) -> int:
    return len([c for c in fake.calls_to("getChatMember") if c.params["user_id"] == user_id])


def with_admin(
    fake: FakeBotApi, running_bot: Application, status: str = "administrator"
) -> Runtime:
    """The group has ADMIN as an administrator (`status`) and MEMBER as a plain member; the
    running bot's runtime."""
    fake.set_member(GROUP, ADMIN, status)
    runtime: Runtime = running_bot.bot_data.runtime
    return runtime


def make_due(running_bot: Application, chat_id: int) -> None:
    """The chat's brief is due now (its slot a minute ago)."""
    slot = to_iso(utcnow() - dt.timedelta(minutes=1))
    running_bot.bot_data.runtime.state.execute(
        "UPDATE subscriptions SET next_send_at = ?, slot_at = ? WHERE chat_id = ?",
        [slot, slot, chat_id],
    )


async def upgrade(fake: FakeBotApi, running_bot: Application) -> None:
    """GROUP becomes SUPERGROUP, as Telegram reports it; returns once its state has moved."""
    fake.migrate_group(GROUP, SUPERGROUP, user_id=ADMIN)
    await handled(fake, running_bot)
    assert running_bot.bot_data.runtime.writer.flush()  # the move goes through the writer


async def test_only_administrators_change_the_groups_brief(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = with_admin(fake_api, running_bot)
    refused = await group_command(fake_api, MEMBER, "subscribe", "7h")
    assert "Seuls les administrateurs du groupe" in refused.params["text"]
    assert subscriptions.get(runtime.state, GROUP) is None

    confirm = await group_command(fake_api, ADMIN, "subscribe", "7h")
    assert "07:00 (Europe/Paris)" in confirm.params["text"]
    for name in ("pause", "resume", "unsubscribe"):
        reply = await group_command(fake_api, MEMBER, name)
        assert "Seuls les administrateurs" in reply.params["text"], name
    sub = subscriptions.get(runtime.state, GROUP)
    assert sub is not None and sub.active and not sub.paused
    # Anyone may read today's brief.
    assert "📰" in (await group_command(fake_api, MEMBER, "brief")).params["text"]
    assert "Envois suspendus" in (await group_command(fake_api, ADMIN, "pause")).params["text"]
    assert subscriptions.get(runtime.state, GROUP).paused  # type: ignore[union-attr]
    # The admin was asked about once, then remembered; the member each time it mattered once.
    assert member_checks(fake_api, ADMIN) == 1 and member_checks(fake_api, MEMBER) == 1


async def test_every_button_checks_the_senders_rights_again(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = with_admin(fake_api, running_bot, "creator")
    await group_command(fake_api, ADMIN, "subscribe", "8h")
    view = await group_command(fake_api, ADMIN, "settings")
    assert "sub:pause" in buttons(view)
    for data in ("sub:pause", "sub:t:0730", "sub:stop", "set:lang:en", "sub:start", "sub:on"):
        mark = fake_api.mark()
        await press(fake_api, view, data, MEMBER)
        (answer,) = fake_api.calls_to("answerCallbackQuery", since=mark)
        assert "administrateurs" in answer.params["text"] and answer.params["show_alert"], data
    sub = subscriptions.get(runtime.state, GROUP)
    assert sub is not None and sub.active and sub.time_local == "08:00" and not sub.paused
    stored = users.get(runtime.state, GROUP)
    assert stored is not None and stored.language is None
    assert fake_api.calls_to("editMessageText") == []

    await press(fake_api, view, "sub:pause", ADMIN)  # the same button works for an admin
    assert subscriptions.get(runtime.state, GROUP).paused  # type: ignore[union-attr]
    assert fake_api.unanswered_callbacks() == []


async def test_a_forged_forget_button_in_a_group_is_refused(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = with_admin(fake_api, running_bot)
    await group_command(fake_api, ADMIN, "subscribe")
    refused = await group_command(fake_api, MEMBER, "forget")
    assert buttons(refused) == [] and "message privé" in refused.params["text"]

    await press(fake_api, refused, "forget:yes", MEMBER)  # forged on any bot message
    assert subscriptions.get(runtime.state, GROUP) is not None
    assert users.get(runtime.state, GROUP) is not None

    confirm = await group_command(fake_api, ADMIN, "forget")
    assert "ce groupe" in confirm.params["text"]
    assert buttons(confirm) == ["forget:yes", "forget:no"]
    await press(fake_api, confirm, "forget:yes", MEMBER)  # the right button, the wrong user
    assert subscriptions.get(runtime.state, GROUP) is not None
    await press(fake_api, confirm, "forget:yes", ADMIN)
    done = await fake_api.wait_for("editMessageText", to(GROUP))
    assert "données de ce groupe" in done.params["text"]
    assert subscriptions.get(runtime.state, GROUP) is None
    assert users.get(runtime.state, GROUP) is None


async def test_a_group_upgraded_to_a_supergroup_keeps_its_subscription(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = with_admin(fake_api, running_bot)
    await group_command(fake_api, ADMIN, "subscribe", "9h Asia/Seoul")
    mark = fake_api.mark()
    await upgrade(fake_api, running_bot)
    assert subscriptions.get(runtime.state, GROUP) is None
    moved = subscriptions.get(runtime.state, SUPERGROUP)
    assert moved is not None and (moved.time_local, moved.timezone) == ("09:00", "Asia/Seoul")
    stored = users.get(runtime.state, SUPERGROUP)
    assert stored is not None and stored.timezone == "Asia/Seoul"
    assert fake_api.sent_texts(since=mark) == []  # service messages get no reply

    # The next brief goes to the supergroup.
    make_due(running_bot, SUPERGROUP)
    await running_bot.bot_data.scheduler.run_due()
    assert len(fake_api.sent_texts(SUPERGROUP)) == 1
    assert fake_api.sent_texts(GROUP, since=mark) == []


async def test_a_group_briefed_today_is_not_briefed_again_after_its_upgrade(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = with_admin(fake_api, running_bot)
    await group_command(fake_api, ADMIN, "subscribe", "8h UTC")
    make_due(running_bot, GROUP)
    await running_bot.bot_data.scheduler.run_due()
    assert len(fake_api.sent_texts(GROUP)) == 2  # the confirmation, then the brief
    await upgrade(fake_api, running_bot)
    assert subscriptions.get(runtime.state, SUPERGROUP) is not None
    make_due(running_bot, SUPERGROUP)  # as if its time came again today
    await running_bot.bot_data.scheduler.run_due()
    assert fake_api.sent_texts(SUPERGROUP) == []

"""End to end: commands, the command menu, /settings and /forget."""

from __future__ import annotations

from telegram.ext import Application

from bot.store import users
from tests.fake_bot_api import Call, FakeBotApi
from tests.telegram_fixtures import buttons, to

ALICE = 1001
BOB = 1002
GROUP = -5001


async def command(fake: FakeBotApi, chat_id: int, name: str, args: str = "", **kw) -> Call:
    fake.push_command(chat_id, name, args, **kw)
    return await fake.wait_for("sendMessage", to(chat_id))


async def test_command_menu_is_set_in_french_english_and_default(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    await fake_api.wait_for("deleteWebhook", since=0)
    fr = fake_api.commands[("default", "fr")]
    en = fake_api.commands[("default", "en")]
    default = fake_api.commands[("default", "")]
    names = [c["command"] for c in fr]
    assert {"start", "help", "ask", "settings", "sources", "forget"} <= set(names)
    assert names == [c["command"] for c in en] == [c["command"] for c in default]
    assert dict((c["command"], c["description"]) for c in fr)["forget"] == "Effacer mes données"
    assert dict((c["command"], c["description"]) for c in en)["forget"] == "Delete my data"
    assert default == fr  # DEFAULT_LANGUAGE is French


async def test_start_in_french(fake_api: FakeBotApi, running_bot: Application) -> None:
    call = await command(fake_api, ALICE, "start", language_code="fr")
    assert call.params["text"].startswith("Bonjour Alice !")
    assert buttons(call) == ["brief:now", "sub:start"]
    assert "Résumé du jour" in str(call.params["reply_markup"])


async def test_start_in_english_from_language_code(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await command(fake_api, BOB, "start", language_code="en-GB")
    assert call.params["text"].startswith("Hello Alice!")
    assert "Today's brief" in str(call.params["reply_markup"])
    runtime = running_bot.bot_data.runtime
    runtime.writer.flush()  # written off the event loop
    assert (user := users.get(runtime.state, BOB)) is not None
    assert user.last_language == "en"


async def test_start_in_unsupported_language_uses_default(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await command(fake_api, 1003, "start", language_code="de")
    assert call.params["text"].startswith("Bonjour")


async def test_start_buttons_are_answered(fake_api: FakeBotApi, running_bot: Application) -> None:
    start = await command(fake_api, ALICE, "start")
    fake_api.push_callback(ALICE, start.result["message_id"], "sub:start")
    await fake_api.wait_for("answerCallbackQuery")
    assert fake_api.unanswered_callbacks() == []


async def test_help_and_sources(fake_api: FakeBotApi, running_bot: Application) -> None:
    help_call = await command(fake_api, BOB, "help", language_code="en")
    assert "/subscribe" in help_call.params["text"]
    assert "type @briefbot_test_bot followed by a question" in help_call.params["text"]  # inline
    sources = await command(fake_api, BOB, "sources", language_code="en")
    text = sources.params["text"]
    assert text.startswith("<b>The articles I answer from</b>")
    assert "KCNA" in text  # ANSWER-CONTENT


async def test_unknown_command_gets_a_helpful_reply(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await command(fake_api, ALICE, "meteo")
    assert "/help" in call.params["text"]


async def test_settings_change_the_language_in_place(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    settings = await command(fake_api, ALICE, "settings", language_code="fr")
    assert "Langue : Automatique" in settings.params["text"]
    # The first row is the language; extension modules (briefing) add rows below it.
    assert buttons(settings)[:3] == ["set:lang:fr", "set:lang:en", "set:lang:auto"]
    message_id = settings.result["message_id"]

    fake_api.push_callback(ALICE, message_id, "set:lang:en")
    answered = await fake_api.wait_for("answerCallbackQuery")
    assert answered.params["text"] == "Language: English"
    edited = await fake_api.wait_for("editMessageText", to(ALICE))
    assert edited.params["message_id"] == message_id
    assert "Language: English" in edited.params["text"]
    assert "✓ English" in str(edited.params["reply_markup"])
    runtime = running_bot.bot_data.runtime
    runtime.writer.flush()  # written off the event loop
    assert (user := users.get(runtime.state, ALICE)) is not None
    assert user.language == "en"

    help_call = await command(fake_api, ALICE, "help", language_code="fr")
    assert help_call.params["text"].startswith("Just type your question")

    # Pressing the ticked choice again changes nothing and must not fail ("not modified").
    fake_api.push_callback(ALICE, message_id, "set:lang:en")
    await fake_api.wait_for("answerCallbackQuery")
    fake_api.push_callback(ALICE, message_id, "set:lang:auto")
    await fake_api.wait_for("editMessageText", to(ALICE))
    runtime.writer.flush()  # written off the event loop
    assert (user := users.get(runtime.state, ALICE)) is not None
    assert user.language is None
    assert fake_api.unanswered_callbacks() == []


async def test_forget_after_confirmation(fake_api: FakeBotApi, running_bot: Application) -> None:
    runtime = running_bot.bot_data.runtime
    fake_api.push_text(ALICE, "Qui Kim Jong Un a-t-il rencontré ?")
    await fake_api.wait_for("sendMessage", to(ALICE))
    confirm = await command(fake_api, ALICE, "forget")
    assert buttons(confirm) == ["forget:yes", "forget:no"]
    runtime.writer.flush()  # first contact is recorded off the event loop
    assert users.get(runtime.state, ALICE) is not None

    fake_api.push_callback(ALICE, confirm.result["message_id"], "forget:yes")
    done = await fake_api.wait_for("editMessageText", to(ALICE))
    assert "effacé toutes vos données" in done.params["text"]
    assert "reply_markup" not in fake_api.messages[(ALICE, confirm.result["message_id"])]
    runtime.writer.flush()  # first contact is recorded off the event loop
    assert users.get(runtime.state, ALICE) is None
    runtime.writer.flush()  # the question log is written off the event loop
    count = runtime.state.execute("SELECT count(*) FROM question_log WHERE chat_id = ?", [ALICE])
    assert count.fetchone() == (0,)
    assert fake_api.unanswered_callbacks() == []


async def test_forget_cancelled_keeps_the_data(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    confirm = await command(fake_api, ALICE, "forget")
    fake_api.push_callback(ALICE, confirm.result["message_id"], "forget:no")
    done = await fake_api.wait_for("editMessageText", to(ALICE))
    assert "rien effacé" in done.params["text"]
    running_bot.bot_data.runtime.writer.flush()  # first contact is recorded off the event loop
    assert users.get(running_bot.bot_data.runtime.state, ALICE) is not None


async def test_forget_in_a_group_points_to_the_private_chat(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    call = await command(
        fake_api, GROUP, "forget@briefbot_test_bot", chat_type="group", user_id=2001
    )
    assert "message privé" in call.params["text"]
    running_bot.bot_data.runtime.writer.flush()  # first contact is recorded off the event loop
    assert users.get(running_bot.bot_data.runtime.state, GROUP) is not None


async def test_a_button_no_version_handles_says_so_in_the_users_language(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    start = await command(fake_api, ALICE, "start")
    fake_api.push_callback(ALICE, start.result["message_id"], "gone:v1:42")  # an older bot's
    answered = await fake_api.wait_for("answerCallbackQuery")
    assert answered.params["text"].startswith("Ce bouton ne fonctionne plus")
    assert "/help" in answered.params["text"]
    assert fake_api.unanswered_callbacks() == []

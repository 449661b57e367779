"""End to end through the fake Bot API: admin commands, uploads and live knowledge updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.ext import Application

from bot.admin.audit import recent_changes
from bot.admin.charts import DAYS
from bot.knowledge.upload import export_files
from tests.admin.test_charts import read_png
from tests.fake_bot_api import FakeBotApi
from tests.knowledge.helpers import (
    ARTICLE_FILE,
    BROKEN_YAML,
    NEW_FACT_ID,
    NEW_FACT_QUESTION,
    NEW_FACT_YAML,
    break_claim_type,
    snapshot,
)
from tests.telegram.admin_helpers import (
    ADMIN,
    ALICE,
    KIM_QUESTION,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
    ask,
    runtime_of,
    to,
)


@pytest.mark.parametrize("command", ["reload", "export", "stats", "unanswered", "draft"])
async def test_non_admins_get_the_unknown_command_reply(
    fake_api: FakeBotApi, running_bot: Application, command: str
) -> None:
    unknown = await ask(fake_api, ALICE, "/nosuchcommand")
    assert await ask(fake_api, ALICE, f"/{command}") == unknown
    assert fake_api.calls_to("sendDocument") == []


async def test_admin_commands_in_a_group_are_ignored_like_unknown_ones(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_group_text(-5001, "/stats", user_id=ADMIN)
    fake_api.push_text(ALICE, "Bonjour")  # processed after the group message
    await fake_api.wait_for("sendMessage", to(ALICE))
    assert fake_api.sent_texts(-5001) == []


async def test_stats_for_an_admin(fake_api: FakeBotApi, running_bot: Application) -> None:
    await ask(fake_api, ALICE, KIM_QUESTION)
    changes = await ask(fake_api, ADMIN, "/stats")
    chart = await fake_api.wait_for("sendPhoto", lambda c: c.params.get("chat_id") == ADMIN)
    text = str(chart.result["caption"])  # the figures are the chart's caption
    assert "Utilisateurs : 2" in text  # Alice and the admin
    assert "Questions aujourd'hui : 1, avec réponse : 1 (100 %)" in text
    assert f"version {runtime_of(running_bot).store.version}" in text
    assert " · au démarrage · ajoutés : " in changes  # the latest change, in the next message
    image, drawn = read_png(fake_api.files[chart.result["photo"][0]["file_id"]][1])
    assert image.size == (900, 800) and len(drawn.days) == DAYS
    assert drawn.answered[-1] == 1 and drawn.refused[-1] == 0


async def test_unanswered_after_a_few_refused_questions(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    for question in (
        "Quel est le prix du pétrole ?",
        "quel est le prix du petrole",
        "Quel est le PRIX du pétrole ?!",
        "Que pense la Chine de cette alliance ?",
        KIM_QUESTION,  # answered: not listed
    ):
        await ask(fake_api, ALICE, question)
    text = await ask(fake_api, ADMIN, "/unanswered")
    lines = text.splitlines()
    assert "7 derniers jours" in lines[0]
    assert lines[1] == "3× « Quel est le prix du pétrole ? » (3 formulations)"
    assert lines[2] == "1× « Que pense la Chine de cette alliance ? »"
    assert len(lines) == 3


async def test_reload_on_demand(fake_api: FakeBotApi, running_bot: Application) -> None:
    text = await ask(fake_api, ADMIN, "/reload")
    assert "aucun fait ajouté, modifié ou supprimé" in text
    line, fact = break_claim_type(runtime_of(running_bot).settings.KNOWLEDGE_DIR / ARTICLE_FILE)
    fake_api.push_command(ADMIN, "reload")
    call = await fake_api.wait_for("sendMessage", to(ADMIN, "Rechargement refusé"), timeout=10)
    assert f"{ARTICLE_FILE}:{line}: facts[{fact}].claim_type" in call.params["text"]


async def test_a_broken_edit_keeps_the_old_answers_and_notifies_admins(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = runtime_of(running_bot)
    version = runtime.store.version
    mark = fake_api.mark()
    line, fact = break_claim_type(runtime.settings.KNOWLEDGE_DIR / ARTICLE_FILE)
    notice = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    text = notice.params["text"]
    assert "erreur" in text and f"version {version}" in text
    assert f"{ARTICLE_FILE}:{line}: facts[{fact}].claim_type: unknown value" in text
    assert "Belooussov" in await ask(fake_api, ALICE, KIM_QUESTION)
    assert runtime.store.version == version


async def test_a_good_edit_is_answered_from_immediately(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = runtime_of(running_bot)
    refused = await ask(fake_api, ALICE, NEW_FACT_QUESTION)
    assert "yourtes" not in refused
    mark = fake_api.mark()
    (runtime.settings.KNOWLEDGE_DIR / "mongolie.yaml").write_text(NEW_FACT_YAML, encoding="utf-8")
    notice = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert f"ajoutés : {NEW_FACT_ID}" in notice.params["text"]
    assert "yourtes géantes" in await ask(fake_api, ALICE, NEW_FACT_QUESTION)
    latest = recent_changes(runtime.state, 1)[0]
    assert (latest.actor, latest.added) == ("file edit", (NEW_FACT_ID,))


async def test_upload_of_a_good_file(fake_api: FakeBotApi, running_bot: Application) -> None:
    runtime = runtime_of(running_bot)
    directory = runtime.settings.KNOWLEDGE_DIR
    fake_api.push_document(ADMIN, NEW_FACT_YAML.encode(), "mongolie.yaml", "application/x-yaml")
    call = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10)
    assert "mongolie.yaml installé" in call.params["text"]
    assert f"ajoutés : {NEW_FACT_ID}" in call.params["text"]
    assert (directory / "mongolie.yaml").read_text(encoding="utf-8") == NEW_FACT_YAML
    assert "yourtes géantes" in await ask(fake_api, ALICE, NEW_FACT_QUESTION)
    assert recent_changes(runtime.state, 1)[0].actor == str(ADMIN)
    assert f" · admin {ADMIN} · ajoutés : {NEW_FACT_ID}" in await ask(fake_api, ADMIN, "/stats")
    # Replacing it keeps the previous version as a backup.
    edited = NEW_FACT_YAML.replace("géantes", "immenses")
    fake_api.push_document(ADMIN, edited.encode(), "mongolie.yaml", "application/x-yaml")
    call = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10)
    assert f"modifiés : {NEW_FACT_ID}" in call.params["text"]
    assert "Version précédente gardée : .backups/mongolie." in call.params["text"]
    backups = list((directory / ".backups").glob("mongolie.*.yaml"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [NEW_FACT_YAML]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (BROKEN_YAML.encode(), "broken.yaml", "broken.yaml:5: yaml: syntax error"),
        (b"Bonjour", "notes.pdf", "notes.pdf:1: file: not a knowledge file"),  # .txt: drafted
        (b"x" * 1_000_001, "huge.yaml", "huge.yaml:1: file: too large"),
    ],
)
async def test_upload_of_a_bad_file_changes_nothing(
    fake_api: FakeBotApi, running_bot: Application, content: bytes, name: str, expected: str
) -> None:
    runtime = runtime_of(running_bot)
    directory: Path = runtime.settings.KNOWLEDGE_DIR
    before, version = snapshot(directory), runtime.store.version
    fake_api.push_document(ADMIN, content, name)
    call = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10)
    assert f"{name} refusé, rien n'a changé. 1 erreur :" in call.params["text"]
    assert expected in call.params["text"]
    assert snapshot(directory) == before
    assert runtime.store.version == version
    assert "Belooussov" in await ask(fake_api, ALICE, KIM_QUESTION)


async def test_export_sends_every_knowledge_file(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    directory = runtime_of(running_bot).settings.KNOWLEDGE_DIR
    names = {name for name, _ in export_files(directory)}
    assert {ARTICLE_FILE, "entities.yaml", "speakers.yaml", "synonyms.yaml"} <= names
    fake_api.push_command(ADMIN, "export")
    intro = await fake_api.wait_for("sendMessage", to(ADMIN))
    assert f"📦 {len(names)} fichiers de connaissances (version " in intro.params["text"]
    count = len(names)
    await fake_api.wait_for(
        "sendDocument", lambda _: len(fake_api.calls_to("sendDocument")) >= count
    )
    sent = {c.params["caption"]: c.params["document"] for c in fake_api.calls_to("sendDocument")}
    assert set(sent) == names
    assert sent["speakers.yaml"]["content"] == (directory / "speakers.yaml").read_bytes()


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


async def test_the_edited_file_errors_lead_and_admins_hear_when_they_are_fixed(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    runtime = runtime_of(running_bot)
    speakers = runtime.settings.KNOWLEDGE_DIR / "speakers.yaml"
    good = speakers.read_text(encoding="utf-8")
    mark = fake_api.mark()
    # A misspelt key breaks that speaker; the facts citing it are not reported again (issue 10:
    # one mistake is reported once), so the edited file's error is the whole message.
    speakers.write_text(good.replace("kind:", "kindd:", 1), encoding="utf-8")
    notice = await fake_api.wait_for("sendMessage", to(ADMIN, "erreur"), timeout=10, since=mark)
    lines = problem_lines(notice.params["text"])
    assert lines[0].startswith("• speakers.yaml:") and "kindd: unknown field" in "".join(lines[:2])
    assert not any(line.startswith(f"• {ARTICLE_FILE}:") for line in lines)
    mark = fake_api.mark()
    speakers.write_text(good, encoding="utf-8")
    fixed = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert f"rechargés (version {runtime.store.version})" in fixed.params["text"]


async def test_a_rejected_upload_lists_its_own_errors_first(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    speakers = runtime_of(running_bot).settings.KNOWLEDGE_DIR / "speakers.yaml"
    broken = speakers.read_text(encoding="utf-8").replace("kind:", "kindd:", 1)
    fake_api.push_document(ADMIN, broken.encode(), "speakers.yaml", "application/x-yaml")
    call = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10)
    lines = problem_lines(call.params["text"])
    assert "speakers.yaml refusé" in call.params["text"]
    assert [line.split(":")[0] for line in lines[:2]] == ["• speakers.yaml"] * 2


async def test_help_lists_the_admin_commands_to_admins_only(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    user_help = await ask(fake_api, ALICE, "/help")
    admin_help = await ask(fake_api, ADMIN, "/help")
    assert admin_help.startswith(user_help)  # the same help, then the admin part
    assert "/reload" not in user_help and "/draft" not in user_help
    for line in ("/reload — Recharger les fichiers de connaissances", "/draft — ", "/health — "):
        assert line in admin_help
    assert ".txt" in admin_help and ".yaml" in admin_help

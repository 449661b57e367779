"""End to end through the fake Bot API: an admin sends an article (after /draft, or as a .txt
file), gets its draft back as a file, saved outside the served folder; the untouched draft is
refused by the upload, the reviewed one is published and served."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from telegram.ext import Application

from benchmarks.drafting_gold import GOLD_DIR
from tests.fake_bot_api import Call, FakeBotApi
from tests.knowledge.test_draft import fill_todos
from tests.telegram.admin_helpers import (
    ADMIN,
    ALICE,
    admin_bot_settings,  # noqa: F401 (the fixture, for this module)
    runtime_of,
    to,
)

KURSK = GOLD_DIR / "articles" / "kursk-casualties-2024-12-03.en.txt"
MISSILE = GOLD_DIR / "articles" / "missile-hwasong-2024-10-31.fr.txt"


async def drafted(fake: FakeBotApi, since: int) -> tuple[str, str, str]:
    """(file name, YAML text, caption) of the next draft sent to the admin."""
    call: Call = await fake.wait_for("sendDocument", to(ADMIN), timeout=20, since=since)
    document = call.params["document"]
    return document["filename"], document["content"].decode("utf-8"), call.params["caption"]


async def test_an_article_after_draft_comes_back_as_a_draft_then_is_published(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    settings = runtime_of(running_bot).settings
    fake_api.push_command(ADMIN, "draft", "en 2024-12-03")
    await fake_api.wait_for("sendMessage", to(ADMIN, ".txt"), timeout=10)
    mark = fake_api.mark()
    fake_api.push_text(ADMIN, KURSK.read_text(encoding="utf-8"))
    name, text, caption = await drafted(fake_api, mark)

    assert name.endswith(".draft.yaml") and name.startswith("north-korean-troops")
    assert "17 faits candidats, " in caption  # the admin's language, counts as it writes them
    assert re.search(r", \d+ valeurs? TODO à écrire\. Relisez", caption)
    saved = settings.DRAFTS_DIR / name
    assert saved.read_text(encoding="utf-8") == text
    assert not list(settings.KNOWLEDGE_DIR.rglob("*.draft.yaml"))  # never served as it is
    data = yaml.safe_load(text)
    assert data["documents"][0]["published"].isoformat() == "2024-12-03"
    assert data["documents"][0]["language"] == "en"
    assert any(f["speaker"] == "experts" for f in data["facts"]), [
        f["speaker"] for f in data["facts"]
    ]

    mark = fake_api.mark()
    fake_api.push_document(ADMIN, text.encode(), name, "application/x-yaml")
    refused = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert "TODO" in refused.params["text"]
    assert not (settings.KNOWLEDGE_DIR / name).exists()

    mark = fake_api.mark()
    # The reviewed file comes back under the draft's own name: it is published without .draft.
    fake_api.push_document(ADMIN, fill_todos(text).encode(), name, "application/x-yaml")
    done = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=20, since=mark)
    published = name.replace(".draft.yaml", ".yaml")
    assert published in done.params["text"] and "❌" not in done.params["text"]
    assert (settings.KNOWLEDGE_DIR / published).is_file()
    assert not list(settings.KNOWLEDGE_DIR.rglob("*.draft.yaml"))
    store = runtime_of(running_bot).store
    assert data["documents"][0]["id"] in store.documents


async def test_a_text_file_is_drafted_in_its_own_language(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    mark = fake_api.mark()
    fake_api.push_document(ADMIN, MISSILE.read_bytes(), "missile.txt", "text/plain")
    _, text, caption = await drafted(fake_api, mark)
    assert "faits candidats" in caption
    assert yaml.safe_load(text)["documents"][0]["language"] == "fr"
    assert "missile.txt" in text  # the header names the article it comes from


async def test_bad_input_gets_a_clear_reply_and_others_never_see_draft(
    fake_api: FakeBotApi, running_bot: Application, tmp_path: Path
) -> None:
    fake_api.push_command(ADMIN, "draft", "de")
    usage = await fake_api.wait_for("sendMessage", to(ADMIN, "/draft"), timeout=10)
    assert "[fr|en]" in usage.params["text"]
    fake_api.push_command(ADMIN, "draft")
    await fake_api.wait_for("sendMessage", to(ADMIN, ".txt"), timeout=10)
    mark = fake_api.mark()
    fake_api.push_text(ADMIN, "Trop court.")
    short = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert "❌" in short.params["text"]
    mark = fake_api.mark()
    fake_api.push_command(ALICE, "nosuchcommand")
    unknown = await fake_api.wait_for("sendMessage", to(ALICE), timeout=10, since=mark)
    mark = fake_api.mark()
    fake_api.push_command(ALICE, "draft")
    reply = await fake_api.wait_for("sendMessage", to(ALICE), timeout=10, since=mark)
    assert reply.params["text"] == unknown.params["text"]  # invisible to users
    fake_api.push_document(ALICE, MISSILE.read_bytes(), "missile.txt", "text/plain")
    await fake_api.wait_for("sendMessage", to(ALICE), timeout=10, since=mark + 1)
    assert not fake_api.calls_to("sendDocument", since=mark)
    assert not list(tmp_path.rglob("*.draft.yaml"))


async def test_cancel_after_draft_makes_the_next_message_a_question_again(
    fake_api: FakeBotApi, running_bot: Application
) -> None:
    fake_api.push_command(ADMIN, "draft")
    prompt = await fake_api.wait_for("sendMessage", to(ADMIN, ".txt"), timeout=10)
    assert "/cancel" in prompt.params["text"]  # the prompt says how to give up
    mark = fake_api.mark()
    fake_api.push_command(ADMIN, "cancel")
    cancelled = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert cancelled.params["text"].startswith("D'accord, pas de brouillon")
    mark = fake_api.mark()
    fake_api.push_text(ADMIN, "Qui Kim Jong Un a-t-il rencontré ?")
    answer = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert "Belooussov" in answer.params["text"] and "❌" not in answer.params["text"]
    assert fake_api.calls_to("sendDocument", mark) == []
    mark = fake_api.mark()
    fake_api.push_command(ADMIN, "cancel")  # nothing to cancel: an unknown command, as before
    again = await fake_api.wait_for("sendMessage", to(ADMIN), timeout=10, since=mark)
    assert again.params["text"].startswith("Je ne connais pas cette commande")

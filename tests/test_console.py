"""The terminal chat: answers in the user's language, commands, and Ctrl-D to quit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer.followup import Conversation
from bot.config import Settings
from bot.console import respond
from bot.messages import t
from bot.runtime import Runtime
from tests.conftest import ROOT, fixed_knowledge_copy


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """Overrides the root fixture: the fixed test knowledge, not the shipped one."""
    return fixed_knowledge_copy(tmp_path)


def test_conversation_keeps_its_language(runtime: Runtime) -> None:
    text, language = respond(runtime, "Who did Kim Jong Un meet?", None)
    assert language == "en" and "Belousov" in text
    text, language = respond(runtime, "KCNA?", language)
    assert language == "en"


def test_sources_command_lists_documents(runtime: Runtime) -> None:
    text, _ = respond(runtime, "/sources", "fr")
    title = next(iter(runtime.store.documents.values())).title.get("fr")
    assert title in text and "KCNA" in text


def test_chat_process_quits_on_end_of_input(settings: Settings) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "KNOWLEDGE_DIR": str(settings.KNOWLEDGE_DIR),
        "KNOWLEDGE_INDEX": str(settings.KNOWLEDGE_INDEX),
        "BRIEFBOT_DB": str(settings.BRIEFBOT_DB),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="Pétrole ?\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "pétrole" in result.stdout and "des experts" in result.stdout


def test_unknown_commands_are_not_answered_as_questions(runtime: Runtime) -> None:
    text, _ = respond(runtime, "/foo bar", "en")
    assert text.startswith("I don't know the command /foo.") and "/brief" in text
    text, _ = respond(runtime, "/subscribe 08:00", "fr")
    assert text.startswith("/subscribe ne fonctionne que dans Telegram.")
    runtime.writer.flush()
    assert runtime.state.execute("SELECT count(*) FROM question_log").fetchone()[0] == 0


def test_terminal_questions_are_logged_and_counted(runtime: Runtime) -> None:
    from bot.admin.stats import collect_stats

    respond(runtime, "Who did Kim Jong Un meet?", None)
    text, _ = respond(runtime, "/ask What is the price of oil in Paris?", "en")
    assert "command" not in text  # /ask QUESTION asks it, as in Telegram
    runtime.writer.flush()  # the question log is written off the event loop
    rows = runtime.state.execute("SELECT chat_id, question, answered FROM question_log").fetchall()
    assert rows == [
        (None, "Who did Kim Jong Un meet?", 1),
        (None, "What is the price of oil in Paris?", 0),
    ]
    stats = collect_stats(runtime.state, runtime.store, zone="UTC")
    assert (stats.questions_today, stats.answered_today) == (2, 1)


def test_swapped_roles_are_corrected_in_the_terminal_chat(runtime: Runtime) -> None:
    conversation = Conversation()
    text, language = respond(
        runtime, "La Corée du Sud a-t-elle envoyé des soldats en Russie ?", None, conversation
    )
    assert text.startswith(t("fr", "answer.correction")) and "Corée du Nord" in text
    text, _ = respond(runtime, "et qui dit ça ?", language, conversation)
    assert "États-Unis" in text


def test_follow_up_refers_to_the_previous_answer(runtime: Runtime) -> None:
    conversation = Conversation()
    _, language = respond(runtime, "Qui Kim Jong Un a-t-il rencontré ?", None, conversation)
    text, _ = respond(runtime, "et qui dit ça ?", language, conversation)
    assert "KCNA" in text and "l'agence officielle" in text
    text, _ = respond(runtime, "plus de détails", language, conversation)
    assert t("fr", "followup.more_intro") in text


def test_forget_clears_the_context_and_a_bare_ask_explains_itself(runtime: Runtime) -> None:
    conversation = Conversation()
    _, language = respond(runtime, "Qui Kim Jong Un a-t-il rencontré ?", None, conversation)
    followed, _ = respond(runtime, "et qui dit ça ?", language, conversation)
    assert "KCNA" in followed
    text, _ = respond(runtime, "/forget", language, conversation)
    assert text == t("fr", "console.forgotten")
    assert conversation.previous is None
    after, _ = respond(runtime, "et qui dit ça ?", language, conversation)
    assert after == t("fr", "followup.no_previous")  # nothing to refer to any more
    text, _ = respond(runtime, "/ask", "en", conversation)
    assert text.startswith("Write your question after /ask, e.g. /ask ")
    assert "don't know the command" not in text

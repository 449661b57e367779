"""The terminal chat: the same core as Telegram, for trying the bot without a token.

Type a question; commands: /brief, /sources, /help, /ask QUESTION, /forget (this chat's
context: the next question stands alone), /quit. Ctrl-D or Ctrl-C quits. Other commands get
the same kind of reply as in Telegram (unknown, or Telegram only), never an attempt to answer
them as a question. Questions are logged like Telegram ones (with no chat id), so `briefbot
stats` and `briefbot unanswered` count them.
"""

from __future__ import annotations

import re
import sys

from bot.answer import compose
from bot.answer.compose import sources_reply
from bot.answer.followup import Conversation
from bot.config import Settings
from bot.knowledge.loader import KnowledgeError
from bot.messages import t
from bot.runtime import Runtime

PROMPT = "› "
_COMMAND = re.compile(r"/(\w+)(?:@\w+)?(?:\s+(.*))?", re.DOTALL)
# Commands that only make sense in Telegram: a subscription needs a chat to deliver to.
TELEGRAM_ONLY = frozenset(
    {"subscribe", "unsubscribe", "pause", "resume", "settings"}
    | {"reload", "export", "stats", "unanswered"}
)
MAX_ECHOED_COMMAND = 40


def _brief(runtime: Runtime, language: str) -> str:
    """Today's brief in the default time zone: the same core call as Telegram's /brief."""
    return runtime.briefing.todays_brief(None, language).plain_text()


def _sources(runtime: Runtime, language: str) -> str:
    return sources_reply(runtime.store, "/sources", language).plain_text()


def respond(
    runtime: Runtime, line: str, language: str | None, conversation: Conversation | None = None
) -> tuple[str, str | None]:
    """The text to print for one input line, and the conversation's language afterwards;
    follow-ups ("who says that?") refer to `conversation`'s previous answer."""
    current = language or runtime.settings.DEFAULT_LANGUAGE
    match = _COMMAND.fullmatch(line.strip())
    if match:
        command, argument = match[1].lower(), (match[2] or "").strip()
        if command == "brief":
            return _brief(runtime, current), language
        if command == "sources":
            return _sources(runtime, current), language
        if command in ("help", "start"):
            example = compose.example_for_help(runtime.store, current)
            return t(current, "console.help", example=example), language
        if command == "forget":  # only the context here: there is no chat to delete data of
            if conversation is not None:
                conversation.clear()
            return t(current, "console.forgotten"), language
        if command == "ask" and not argument:  # the same hint as Telegram's bare /ask
            example = compose.example_for_help(runtime.store, current)
            return t(current, "tg.ask_usage", example=example), language
        if command == "ask":
            line = argument
        else:
            key = "console.telegram_only" if command in TELEGRAM_ONLY else "console.unknown_command"
            return t(current, key, command=f"/{command[:MAX_ECHOED_COMMAND]}"), language
    reply = runtime.ask(line, chat_id=None, previous_language=language, conversation=conversation)
    return reply.plain_text(), reply.language


def main(settings: Settings) -> int:
    try:
        runtime = Runtime.start(settings)
    except KnowledgeError as exc:
        print(f"{exc}\n{t(settings.DEFAULT_LANGUAGE, 'console.broken_knowledge')}", file=sys.stderr)
        return 1
    language: str | None = None
    conversation = Conversation()
    print(t(settings.DEFAULT_LANGUAGE, "console.welcome"))
    try:
        while True:
            try:
                line = input(PROMPT)
            except EOFError:
                print()
                break
            if line.strip().lower() in ("/quit", "/exit", "quit", "exit"):
                break
            if not line.strip():
                continue
            text, language = respond(runtime, line, language, conversation)
            print(f"\n{text}\n")
    except KeyboardInterrupt:
        print()
    finally:
        runtime.close()
    return 0

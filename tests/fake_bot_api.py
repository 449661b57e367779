"""A fake Telegram Bot API server for end-to-end tests (aiohttp, 127.0.0.1, random port).

The real `Application` talks HTTP to it exactly as to api.telegram.org, so tests assert on the
requests the bot made instead of mocking python-telegram-bot. It validates requests the way
Telegram does where a bot can get it wrong (empty or too long texts, malformed HTML, callback
data over 64 bytes, editing a message into itself, answering a callback query twice).

Usage (the fixtures in `tests/telegram_fixtures.py` do this for you)::

    fake = FakeBotApi(token=TOKEN)
    await fake.start()                       # fake.base_url / fake.base_file_url for the settings
    fake.push_text(1001, "Bonjour")          # an update the bot receives on its next getUpdates
    call = await fake.wait_for("sendMessage", lambda c: c.params["chat_id"] == 1001)
    await fake.stop()

Public API, kept small on purpose:

* updates: `push_update`, `push_text`, `push_command`, `push_group_text`, `push_callback`,
  `push_document`, `push_media`, `push_edited_text`, `push_inline_query`; `register_file` for
  getFile downloads;
* groups: `set_member` (the status getChatMember reports), `migrate_group` (a group upgraded
  to a supergroup: both service messages, then 400 with `migrate_to_chat_id` for the old id);
* inline mode: answerInlineQuery validated (ids, article results, HTML), kept in
  `inline_answers`;
* inspection: `calls`, `calls_to`, `mark`, `wait_for`, `sent_texts`, `messages`, `commands`,
  `unanswered_callbacks`;
* faults: `fail_next` (any error, e.g. 429 with retry_after), `block_chat` (403),
  `messages_per_second` (a global limit answering 429, like Telegram's 30 messages/s);
* `add_method` to implement a Bot API method the fake lacks.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

JSON = dict[str, Any]
MethodHandler = Callable[[JSON], Awaitable[Any]]

DEFAULT_TOKEN = "123456789:TEST-fake-token-abcdefghijklmnopqrstuvwxyz"
MAX_TEXT = 4096
MAX_CAPTION = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200

# Parameters python-telegram-bot sends JSON-encoded in form bodies; every other value is a string.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "link_preview_options",
        "commands",
        "scope",
        "allowed_updates",
        "media",
        "results",
        "button",
    }
)
_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "from_chat_id",
        "cache_time",
        "user_id",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "drop_pending_updates",
        "protect_content",
        "is_personal",
    }
)
# Methods that deliver a message to a chat: subject to blocking and the global rate limit.
_SENDING = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"})


class ApiError(Exception):
    """An error answer: HTTP status, Telegram's description and optional `parameters`."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class Call:
    """One request the bot made: decoded parameters, and the HTTP status it got back."""

    method: str
    params: JSON
    status: int
    result: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class _Failure:
    status: int
    description: str
    parameters: JSON | None
    remaining: int


# --- HTML validation -------------------------------------------------------------------------

_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "tg-emoji",
        "span",
    }
)
_ENTITY_NAMES = frozenset({"lt", "gt", "amp", "quot"})


class _TelegramHtml(HTMLParser):
    """Parses text the way Telegram's HTML mode does, collecting the visible text.

    Stricter than browsers: unknown tags, unbalanced tags and a bare `<`, `>` or `&` are errors,
    so a bot that forgets to escape user text fails here as it would on Telegram.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.error: str | None = None

    def _fail(self, message: str) -> None:
        if self.error is None:
            self.error = message

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self._fail(f'Unsupported start tag "{tag}"')
            return
        names = {name for name, _ in attrs}
        if tag == "a" and "href" not in names:
            self._fail('Can\'t find "href" attribute of "a" tag')
        if tag == "span" and dict(attrs).get("class") != "tg-spoiler":
            self._fail('Tag "span" must have class "tg-spoiler"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._fail(f'Unmatched end tag "{tag}"')
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self._fail(f'Unescaped "{char}" in text: use &lt; &gt; &amp;')
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _ENTITY_NAMES:
            self._fail(f'Unsupported HTML entity "&{name};"')
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        self._fail('Unsupported start tag "!--"')

    def handle_decl(self, decl: str) -> None:
        self._fail(f'Unsupported start tag "!{decl}"')

    def handle_pi(self, data: str) -> None:
        self._fail(f'Unsupported start tag "?{data}"')

    def unknown_decl(self, data: str) -> None:
        self._fail(f'Unsupported start tag "{data}"')


def parse_html(text: str) -> str:
    """The visible text of a Telegram HTML message; `ApiError` 400 when Telegram would refuse it."""
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    # HTMLParser keeps an unterminated "<tag" in its buffer instead of reporting it.
    if parser.rawdata:
        parser._fail(f"Unclosed start tag at byte offset {len(text) - len(parser.rawdata)}")
    if parser.error is None and parser.stack:
        parser._fail(f'Can\'t find end tag corresponding to start tag "{parser.stack[-1]}"')
    if parser.error:
        raise ApiError(400, f"Bad Request: can't parse entities: {parser.error}")
    return "".join(parser.text)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


# --- the server ------------------------------------------------------------------------------


# How long `wait_for` waits by default: a guard against a hang, not a speed check (speed is
# measured by benchmarks). On the 2-core machine shared with other work and a second test
# worker, a reply that draws the first chart of a process can take several seconds.
WAIT_SECONDS = 15.0


class FakeBotApi:
    """The fake server. Start it with `await start()`; `base_url` goes to TELEGRAM_BASE_URL."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        username: str = "briefbot_test_bot",
        messages_per_second: float | None = None,
    ) -> None:
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Briefbot Test",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.messages_per_second = messages_per_second
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], JSON] = {}  # (chat_id, message_id) -> Message
        self.commands: dict[tuple[str, str], list[JSON]] = {}  # (scope type, language) -> list
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self.blocked: set[int] = set()
        # Group membership for getChatMember: (chat_id, user_id) -> status; anyone else in a
        # group is a plain "member", in a private chat its user is the "member" too.
        self.members: dict[tuple[int, int], str] = {}
        self.migrated: dict[int, int] = {}  # old group id -> its supergroup's id
        self.inline_answers: dict[str, JSON] = {}  # inline query id -> answerInlineQuery params
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._chats: dict[int, JSON] = {}
        self._callbacks: dict[str, bool] = {}  # callback query id -> answered
        self._callback_ids = itertools.count(1)
        self._failures: dict[str, deque[_Failure]] = {}
        self._sent_times: deque[float] = deque()
        self._methods: dict[str, MethodHandler] = {}
        self._changed = asyncio.Condition()
        self._new_update = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._last_push_mark = 0
        self.port = 0
        for name in (
            "getMe",
            "getUpdates",
            "sendMessage",
            "editMessageText",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "setMyCommands",
            "getMyCommands",
            "deleteWebhook",
            "setWebhook",
            "getWebhookInfo",
            "sendDocument",
            "sendPhoto",
            "getFile",
            "sendChatAction",
            "deleteMessage",
            "getChatMember",
            "answerInlineQuery",
        ):
            self._methods[name] = getattr(self, f"_m_{name}")

    # -- lifecycle --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """TELEGRAM_BASE_URL for the bot (python-telegram-bot appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """TELEGRAM_BASE_FILE_URL for the bot."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        """Release pending long polls, then close the server."""
        self._closing = True
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- configuring behaviour --------------------------------------------------------------

    def add_method(self, name: str, handler: MethodHandler) -> None:
        """Implement (or override) a Bot API method: `async handler(params) -> result`.

        Raise `ApiError` from the handler for an error answer.
        """
        self._methods[name] = handler

    def fail_next(
        self,
        method: str,
        count: int = 1,
        status: int = 429,
        description: str | None = None,
        retry_after: int | None = 1,
    ) -> None:
        """Answer the next `count` calls of `method` with an error (default: 429, retry 1 s)."""
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if status == 429
                else "Bad Request: injected failure"
            )
        parameters = {"retry_after": retry_after} if status == 429 and retry_after else None
        self._failures.setdefault(method, deque()).append(
            _Failure(status, description, parameters, count)
        )

    def block_chat(self, chat_id: int) -> None:
        """Sending to this chat answers 403, as when a user blocked the bot."""
        self.blocked.add(chat_id)

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Make `user_id` a "creator", "administrator", "member" or "left" of the group."""
        self.members[(chat_id, user_id)] = status

    def migrate_group(self, old_chat_id: int, new_chat_id: int, user_id: int = 2001) -> None:
        """The group becomes a supergroup, as Telegram reports it: a service message with
        `migrate_to_chat_id` in the old group, one with `migrate_from_chat_id` in the new one;
        from then on sending to the old id fails with 400 and `migrate_to_chat_id`."""
        self.migrated[old_chat_id] = new_chat_id
        for (chat, user), status in list(self.members.items()):
            if chat == old_chat_id:
                self.members[(new_chat_id, user)] = status
        self.push_message(
            old_chat_id, None, user_id=user_id, chat_type="group", migrate_to_chat_id=new_chat_id
        )
        self.push_message(
            new_chat_id,
            None,
            user_id=user_id,
            chat_type="supergroup",
            migrate_from_chat_id=old_chat_id,
        )

    def push_inline_query(
        self, user_id: int, query: str, *, language_code: str | None = "fr", offset: str = ""
    ) -> str:
        """`@botname query` typed by `user_id` in any chat; returns the inline query id."""
        query_id = f"iq-{next(self._callback_ids)}"
        self.push_update(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self.user(user_id, language_code=language_code),
                    "query": query,
                    "offset": offset,
                }
            }
        )
        return query_id

    def register_file(self, content: bytes, file_name: str = "file.bin") -> JSON:
        """Store bytes for getFile and download; returns the Telegram `File`-like identifiers."""
        number = len(self.files) + 1
        file_id = f"file-{number}"
        self.files[file_id] = (f"documents/{number}-{file_name}", content)
        return {"file_id": file_id, "file_unique_id": f"unique-{number}", "file_size": len(content)}

    # -- injecting updates ------------------------------------------------------------------

    def push_update(self, update: JSON) -> JSON:
        """Queue a raw update (an `update_id` is assigned when missing); returns it."""
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._last_push_mark = len(self.calls)
        self._new_update.set()
        return update

    def user(
        self, user_id: int, first_name: str = "Alice", language_code: str | None = "fr"
    ) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def chat(self, chat_id: int, chat_type: str | None = None, title: str = "Test group") -> JSON:
        if chat_id in self._chats and chat_type is None:
            return self._chats[chat_id]
        chat_type = chat_type or ("private" if chat_id > 0 else "group")
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Alice"
        else:
            chat["title"] = title
        self._chats[chat_id] = chat
        return chat

    def push_message(
        self,
        chat_id: int,
        text: str | None = None,
        *,
        user_id: int | None = None,
        language_code: str | None = "fr",
        first_name: str = "Alice",
        chat_type: str | None = None,
        reply_to_message_id: int | None = None,
        edited: bool = False,
        message_id: int | None = None,
        **fields: Any,
    ) -> JSON:
        """Queue a message update; `fields` become Message fields (sticker=..., document=...).

        Entities for a leading /command and for @mentions are computed like Telegram does.
        """
        chat = self.chat(chat_id, chat_type)
        sender = self.user(user_id or chat_id, first_name, language_code)
        message: JSON = {
            "message_id": message_id or self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            **fields,
        }
        if text is not None:
            message["text"] = text
            entities = _entities(text)
            if entities:
                message["entities"] = entities
        if reply_to_message_id is not None:
            message["reply_to_message"] = self.messages.get(
                (chat_id, reply_to_message_id),
                {"message_id": reply_to_message_id, "date": int(time.time()), "chat": chat},
            )
        if edited:
            message["edit_date"] = int(time.time())
            return self.push_update({"edited_message": message})
        return self.push_update({"message": message})

    def push_text(self, chat_id: int, text: str, **kwargs: Any) -> JSON:
        """A text message (private chat for a positive chat id)."""
        return self.push_message(chat_id, text, **kwargs)

    def push_command(self, chat_id: int, command: str, args: str = "", **kwargs: Any) -> JSON:
        """`/command args`; pass command="start@briefbot_test_bot" to address the bot."""
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        return self.push_message(chat_id, text, **kwargs)

    def push_group_text(
        self, chat_id: int, text: str, *, user_id: int = 2001, mention: bool = False, **kwargs: Any
    ) -> JSON:
        """A group message; `mention=True` prefixes it with @botusername."""
        if mention:
            text = f"@{self.bot_user['username']} {text}"
        kwargs.setdefault("chat_type", "group")
        return self.push_message(chat_id, text, user_id=user_id, **kwargs)

    def push_edited_text(self, chat_id: int, message_id: int, text: str, **kwargs: Any) -> JSON:
        return self.push_message(chat_id, text, edited=True, message_id=message_id, **kwargs)

    def push_media(self, chat_id: int, kind: str = "sticker", **kwargs: Any) -> JSON:
        """A sticker, photo, voice, video or animation message (minimal valid objects)."""
        base = {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-unique"}
        objects: dict[str, Any] = {
            "sticker": {
                **base,
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
                "emoji": "👍",
            },
            "photo": [{**base, "width": 90, "height": 90}],
            "voice": {**base, "duration": 2},
            "video": {**base, "width": 320, "height": 240, "duration": 2},
            "animation": {**base, "width": 320, "height": 240, "duration": 2},
            "audio": {**base, "duration": 2},
        }
        return self.push_message(chat_id, None, **{kind: objects[kind]}, **kwargs)

    def push_document(
        self,
        chat_id: int,
        content: bytes,
        file_name: str = "document.txt",
        mime_type: str = "text/plain",
        caption: str | None = None,
        **kwargs: Any,
    ) -> JSON:
        """A document message whose bytes the bot can fetch with getFile and download."""
        document = {**self.register_file(content, file_name), "file_name": file_name}
        document["mime_type"] = mime_type
        extra: JSON = {"document": document}
        if caption is not None:
            extra["caption"] = caption
        return self.push_message(chat_id, None, **extra, **kwargs)

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        language_code: str | None = "fr",
    ) -> JSON:
        """A button press on a message the bot sent (the message must exist)."""
        message = self.messages[(chat_id, message_id)]
        query_id = f"cbq-{next(self._callback_ids)}"
        self._callbacks[query_id] = False
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id or chat_id, language_code=language_code),
                    "chat_instance": f"instance-{chat_id}",
                    "message": message,
                    "data": data,
                }
            }
        )

    # -- inspecting -------------------------------------------------------------------------

    def mark(self) -> int:
        """A position in `calls`: pass it as `since=` to look only at later calls."""
        return len(self.calls)

    def calls_to(self, method: str, since: int = 0) -> list[Call]:
        return [c for c in self.calls[since:] if c.method == method]

    def sent_texts(self, chat_id: int | None = None, since: int = 0) -> list[str]:
        """Texts (as sent, HTML included) of the successful sendMessage calls."""
        return [
            c.params["text"]
            for c in self.calls_to("sendMessage", since)
            if c.ok and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def unconfirmed_updates(self) -> int:
        """Updates pushed that the bot has not confirmed yet (a getUpdates with a later offset
        confirms them, once python-telegram-bot has queued them for its handlers)."""
        return len(self._updates)

    def unanswered_callbacks(self) -> list[str]:
        return [query_id for query_id, answered in self._callbacks.items() if not answered]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = WAIT_SECONDS,
        since: int | None = None,
        ok: bool | None = True,
    ) -> Call:
        """The first call of `method` matching `predicate`, waiting for it up to `timeout`.

        By default only calls made after the last `push_*` count (`since=0` for all) and only
        successful ones (`ok=None` for any, `ok=False` for failed ones).
        """
        start = self._last_push_mark if since is None else since

        def find() -> Call | None:
            for call in self.calls[start:]:
                if call.method != method or (ok is not None and call.ok != ok):
                    continue
                if predicate is None or predicate(call):
                    return call
            return None

        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    while (found := find()) is None:
                        await self._changed.wait()
            except TimeoutError:
                seen = [f"{c.method}({c.status})" for c in self.calls[start:]]
                raise AssertionError(
                    f"no matching {method} call within {timeout}s; calls since: {seen}"
                ) from None
        return found

    # -- HTTP plumbing ----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        params = await _read_params(request)
        try:
            handler = self._methods.get(method)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            self._inject_failure(method)
            if method in _SENDING:
                self._check_delivery(params)
            result = await handler(params)
        except ApiError as exc:
            await self._record(Call(method, params, exc.status, exc.description))
            return _error(exc)
        await self._record(Call(method, params, 200, result))
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_path, content in self.files.values():
            if file_path == path:
                return web.Response(body=content)
        return web.Response(status=404)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _inject_failure(self, method: str) -> None:
        queue = self._failures.get(method)
        if not queue:
            return
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.popleft()
        raise ApiError(failure.status, failure.description, failure.parameters)

    def _check_delivery(self, params: JSON) -> None:
        if params.get("chat_id") in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if params.get("chat_id") in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[params["chat_id"]]},
            )
        if self.messages_per_second is None:
            return
        now = time.monotonic()
        while self._sent_times and now - self._sent_times[0] >= 1.0:
            self._sent_times.popleft()
        if len(self._sent_times) >= self.messages_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._sent_times.append(now)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _bot_message(self, chat_id: int, **fields: Any) -> JSON:
        message_id = self._next_message_id(chat_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": self.bot_user,
            **{k: v for k, v in fields.items() if v is not None},
        }
        self.messages[(chat_id, message_id)] = message
        return message

    # -- methods ----------------------------------------------------------------------------

    async def _m_getMe(self, params: JSON) -> JSON:
        return self.bot_user

    async def _m_getUpdates(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        if offset is not None:
            # Telegram forgets every update before the offset: they are confirmed.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = params.get("limit") or 100
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._new_update.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._new_update.wait()
            except TimeoutError:
                break
        return self._updates[:limit]

    async def _m_sendMessage(self, params: JSON) -> JSON:
        chat_id = _require(params, "chat_id")
        text = self._visible_text(params, "text", MAX_TEXT, "message is too long")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        _check_markup(params.get("reply_markup"))
        return self._bot_message(
            chat_id, text=text, reply_markup=params.get("reply_markup") or None
        )

    async def _m_editMessageText(self, params: JSON) -> JSON:
        message = self._message_to_edit(params)
        text = self._visible_text(params, "text", MAX_TEXT, "message is too long")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        markup = params.get("reply_markup") or None
        _check_markup(markup)
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply"
                " markup are exactly the same as a current content and reply markup of the"
                " message",
            )
        message["text"] = text
        message["edit_date"] = int(time.time())
        _set_markup(message, markup)
        return message

    async def _m_editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._message_to_edit(params)
        markup = params.get("reply_markup") or None
        _check_markup(markup)
        if message.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply"
                " markup are exactly the same as a current content and reply markup of the"
                " message",
            )
        _set_markup(message, markup)
        return message

    async def _m_deleteMessage(self, params: JSON) -> bool:
        key = (_require(params, "chat_id"), _require(params, "message_id"))
        if self.messages.pop(key, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _m_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = _require(params, "callback_query_id")
        if self._callbacks.get(query_id) is not False:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(params.get("text") or "") > MAX_CALLBACK_ANSWER:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callbacks[query_id] = True
        return True

    async def _m_setMyCommands(self, params: JSON) -> bool:
        commands = _require(params, "commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = (params.get("scope") or {"type": "default"})["type"]
        self.commands[(scope, params.get("language_code") or "")] = commands
        return True

    async def _m_getMyCommands(self, params: JSON) -> list[JSON]:
        scope = (params.get("scope") or {"type": "default"})["type"]
        return self.commands.get((scope, params.get("language_code") or ""), [])

    async def _m_deleteWebhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_setWebhook(self, params: JSON) -> bool:
        _require(params, "url")
        return True

    async def _m_getWebhookInfo(self, params: JSON) -> JSON:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    async def _m_sendDocument(self, params: JSON) -> JSON:
        chat_id = _require(params, "chat_id")
        document = _require(params, "document")
        caption = self._visible_text(params, "caption", MAX_CAPTION, "message caption is too long")
        _check_markup(params.get("reply_markup"))
        if isinstance(document, dict):  # an uploaded file
            content = document["content"]
            stored = self.register_file(content, document["filename"])
            described = {**stored, "file_name": document["filename"]}
            if document.get("content_type"):
                described["mime_type"] = document["content_type"]
        elif document in self.files:  # a file_id sent again
            described = {"file_id": document, "file_unique_id": f"unique-{document}"}
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return self._bot_message(
            chat_id,
            document=described,
            caption=caption or None,
            reply_markup=params.get("reply_markup") or None,
        )

    async def _m_sendPhoto(self, params: JSON) -> JSON:
        chat_id = _require(params, "chat_id")
        photo = _require(params, "photo")
        caption = self._visible_text(params, "caption", MAX_CAPTION, "message caption is too long")
        _check_markup(params.get("reply_markup"))
        if not isinstance(photo, dict):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        content = photo["content"]
        if content.startswith(PNG_SIGNATURE):  # IHDR: width and height, big-endian
            width, height = (int.from_bytes(content[i : i + 4], "big") for i in (16, 20))
        elif content.startswith(b"\xff\xd8"):
            width = height = 0  # a JPEG; its size is not needed by any test yet
        else:
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        stored = self.register_file(content, photo["filename"] or "photo")
        size = {**stored, "width": width, "height": height, "file_size": len(content)}
        return self._bot_message(
            chat_id,
            photo=[size],
            caption=caption or None,
            reply_markup=params.get("reply_markup") or None,
        )

    async def _m_getFile(self, params: JSON) -> JSON:
        file_id = _require(params, "file_id")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"unique-{file_id}",
            "file_size": len(content),
            "file_path": path,
        }

    async def _m_getChatMember(self, params: JSON) -> JSON:
        chat_id, user_id = _require(params, "chat_id"), _require(params, "user_id")
        if chat_id in self.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated[chat_id]},
            )
        status = self.members.get((chat_id, user_id), "member")
        member: JSON = {"status": status, "user": self.user(user_id)}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(
                    (
                        "can_be_edited",
                        "is_anonymous",
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_promote_members",
                        "can_change_info",
                        "can_invite_users",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                    ),
                    False,
                )
            )
            member["can_manage_chat"] = True
        elif status == "restricted":
            raise ApiError(400, "Bad Request: restricted members are not simulated")
        return member

    async def _m_answerInlineQuery(self, params: JSON) -> bool:
        query_id = _require(params, "inline_query_id")
        results = _require(params, "results")
        if query_id in self.inline_answers:
            raise ApiError(400, "Bad Request: query is too old or query ID is invalid")
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [r.get("id") for r in results]
        if len(set(ids)) != len(ids) or not all(
            isinstance(i, str) and 1 <= len(i) <= 64 for i in ids
        ):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            if result.get("type") != "article" or not result.get("title"):
                raise ApiError(400, "Bad Request: RESULT_TYPE_INVALID")
            content = result.get("input_message_content") or {}
            self._visible_text(content, "message_text", MAX_TEXT, "MESSAGE_TOO_LONG")
            _check_markup(result.get("reply_markup"))
        self.inline_answers[query_id] = params
        return True

    async def _m_sendChatAction(self, params: JSON) -> bool:
        _require(params, "chat_id")
        _require(params, "action")
        return True

    # -- helpers ----------------------------------------------------------------------------

    def _visible_text(self, params: JSON, key: str, limit: int, too_long: str) -> str:
        raw = params.get(key) or ""
        mode = (params.get("parse_mode") or "").upper()
        text = parse_html(raw) if mode == "HTML" else raw
        if utf16_len(text) > limit:
            raise ApiError(400, f"Bad Request: {too_long}")
        return text

    def _message_to_edit(self, params: JSON) -> JSON:
        key = (_require(params, "chat_id"), _require(params, "message_id"))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message


def _require(params: JSON, name: str) -> Any:
    if params.get(name) in (None, ""):
        raise ApiError(400, f"Bad Request: {name} is empty")
    return params[name]


def _check_markup(markup: Any) -> None:
    if not markup:
        return
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _set_markup(message: JSON, markup: JSON | None) -> None:
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _error(exc: ApiError) -> web.Response:
    body: JSON = {"ok": False, "error_code": exc.status, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.status)


def _decode(name: str, value: str) -> Any:
    if name in _JSON_PARAMS:
        return json.loads(value)
    if name in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if name in _BOOL_PARAMS:
        return value.lower() == "true"
    return value


async def _read_params(request: web.Request) -> JSON:
    """Parameters from the query string and a JSON, form or multipart body."""
    params: JSON = {k: _decode(k, v) for k, v in request.query.items()}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body or {})
        return params
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                params[name] = {
                    "filename": value.filename,
                    "content": value.file.read(),
                    "content_type": value.content_type,
                }
            else:
                params[name] = _decode(name, str(value))
    return params


_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@\w+)?")
_MENTION = re.compile(r"(?<!\w)@\w{5,32}")


def _entities(text: str) -> list[JSON]:
    """bot_command and mention entities with offsets in UTF-16 units, as Telegram sends them."""
    found: Iterable[tuple[str, re.Match[str]]] = [
        *(("bot_command", m) for m in _COMMAND.finditer(text)),
        *(("mention", m) for m in _MENTION.finditer(text)),
    ]
    entities = []
    for kind, match in found:
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return sorted(entities, key=lambda e: e["offset"])

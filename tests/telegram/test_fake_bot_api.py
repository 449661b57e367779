"""The fake Bot API itself: it must refuse what Telegram refuses, or the e2e tests prove little."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from tests.fake_bot_api import ApiError, FakeBotApi, parse_html


@pytest.fixture
async def client(fake_api: FakeBotApi):
    async with httpx.AsyncClient(base_url=f"{fake_api.base_url}{fake_api.token}/") as client:
        yield client


async def call(client: httpx.AsyncClient, method: str, **params) -> dict:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return (await client.post(method, data=form)).json()


@pytest.mark.parametrize(
    "text",
    ["<b>bold</b> &lt;x&gt; &amp; &quot;", '<a href="https://x.org/?a=1&amp;b=2">l</a>', "é 😀"],
)
def test_valid_html(text: str) -> None:
    parse_html(text)


@pytest.mark.parametrize(
    "text",
    ["a < b", "a & b", "<div>x</div>", "<b>x", "<b>x</i>", "x</b>", "<a>x</a>", "<b", "&nbsp;"],
)
def test_invalid_html(text: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities"):
        parse_html(text)


async def test_send_message_validation(fake_api: FakeBotApi, client: httpx.AsyncClient) -> None:
    assert (await call(client, "sendMessage", chat_id=1, text=""))["description"] == (
        "Bad Request: message text is empty"
    )
    too_long = await call(client, "sendMessage", chat_id=1, text="x" * 4097)
    assert too_long["description"] == "Bad Request: message is too long"
    ok = await call(
        client, "sendMessage", chat_id=1, text="<b>" + "x" * 4096 + "</b>", parse_mode="HTML"
    )
    assert ok["ok"] and ok["result"]["text"] == "x" * 4096
    bad = await call(client, "sendMessage", chat_id=1, text="1 < 2", parse_mode="HTML")
    assert bad["error_code"] == 400 and "can't parse entities" in bad["description"]
    markup = {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]}
    data = await call(client, "sendMessage", chat_id=1, text="t", reply_markup=markup)
    assert data["description"] == "Bad Request: BUTTON_DATA_INVALID"
    assert [c.status for c in fake_api.calls] == [400, 400, 200, 400, 400]


async def test_wrong_token_is_unauthorized(fake_api: FakeBotApi) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake_api.base_url}1:wrong/getMe")
    assert response.status_code == 401


async def test_get_updates_long_polls_and_confirms_with_offset(
    fake_api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    started = time.monotonic()
    assert (await call(client, "getUpdates", timeout=0))["result"] == []
    polling = asyncio.create_task(call(client, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)  # let the poll start waiting; the update below must wake it
    fake_api.push_text(7, "hello")
    updates = (await polling)["result"]
    assert time.monotonic() - started < 2
    assert [u["message"]["text"] for u in updates] == ["hello"]
    again = await call(client, "getUpdates", timeout=0)
    assert len(again["result"]) == 1  # not confirmed yet
    offset = updates[0]["update_id"] + 1
    assert (await call(client, "getUpdates", offset=offset, timeout=0))["result"] == []


async def test_injected_failures_blocking_and_rate_limit(
    fake_api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    fake_api.fail_next("sendMessage", count=2, retry_after=3)
    for _ in range(2):
        refused = await call(client, "sendMessage", chat_id=1, text="t")
        assert refused["error_code"] == 429 and refused["parameters"] == {"retry_after": 3}
    assert (await call(client, "sendMessage", chat_id=1, text="t"))["ok"]

    fake_api.block_chat(2)
    blocked = await call(client, "sendMessage", chat_id=2, text="t")
    assert blocked["description"] == "Forbidden: bot was blocked by the user"

    fake_api.messages_per_second = 3
    results = [(await call(client, "sendMessage", chat_id=1, text="t"))["ok"] for _ in range(4)]
    assert results == [True, True, True, False]


async def test_edit_and_callback_rules(fake_api: FakeBotApi, client: httpx.AsyncClient) -> None:
    markup = {"inline_keyboard": [[{"text": "b", "callback_data": "d"}]]}
    sent = await call(client, "sendMessage", chat_id=1, text="t", reply_markup=markup)
    message_id = sent["result"]["message_id"]
    same = await call(
        client, "editMessageText", chat_id=1, message_id=message_id, text="t", reply_markup=markup
    )
    assert "message is not modified" in same["description"]
    edited = await call(client, "editMessageText", chat_id=1, message_id=message_id, text="u")
    assert edited["ok"] and "reply_markup" not in fake_api.messages[(1, message_id)]
    missing = await call(client, "editMessageText", chat_id=1, message_id=999, text="u")
    assert missing["description"] == "Bad Request: message to edit not found"

    update = fake_api.push_callback(1, message_id, "d")
    query_id = update["callback_query"]["id"]
    assert fake_api.unanswered_callbacks() == [query_id]
    assert (await call(client, "answerCallbackQuery", callback_query_id=query_id))["ok"]
    twice = await call(client, "answerCallbackQuery", callback_query_id=query_id)
    assert twice["error_code"] == 400
    assert fake_api.unanswered_callbacks() == []


async def test_documents_upload_and_download(
    fake_api: FakeBotApi, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "sendDocument",
        data={"chat_id": "1", "caption": "report"},
        files={"document": ("report.csv", b"a,b\n1,2\n", "text/csv")},
    )
    sent = response.json()["result"]
    assert sent["document"]["file_name"] == "report.csv" and sent["caption"] == "report"
    uploaded = fake_api.calls_to("sendDocument")[0].params["document"]
    assert uploaded["content"] == b"a,b\n1,2\n"

    update = fake_api.push_document(5, b"facts: []\n", "facts.yaml")
    file_id = update["message"]["document"]["file_id"]
    info = (await call(client, "getFile", file_id=file_id))["result"]
    async with httpx.AsyncClient() as raw:
        download = await raw.get(f"{fake_api.base_file_url}{fake_api.token}/{info['file_path']}")
    assert download.content == b"facts: []\n"


async def test_wait_for_fails_with_a_useful_message(fake_api: FakeBotApi) -> None:
    with pytest.raises(AssertionError, match=r"no matching sendMessage call within 0\.1s"):
        await fake_api.wait_for("sendMessage", timeout=0.1)


def test_entities_are_computed_in_utf16_units(fake_api: FakeBotApi) -> None:
    update = fake_api.push_group_text(-1, "😀 hi", mention=True)
    message = update["message"]
    assert message["entities"] == [{"type": "mention", "offset": 0, "length": 18}]
    command = fake_api.push_command(1, "start@briefbot_test_bot", "x")["message"]
    assert command["entities"] == [{"type": "bot_command", "offset": 0, "length": 24}]
    later = fake_api.push_text(1, "😀 @briefbot_test_bot")["message"]
    assert later["entities"] == [{"type": "mention", "offset": 3, "length": 18}]

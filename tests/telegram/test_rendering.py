"""Rendering replies as Telegram HTML: escaping, quotes, citations, splitting, callback data."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answer.reply import Citation, Paragraph, Reply
from bot.telegram.keyboards import (
    MAX_CALLBACK_BYTES,
    answer_keyboard,
    callback_data,
    settings_keyboard,
    without_button,
)
from bot.telegram.rendering import html_t, render_reply, split_html
from bot.textsize import text_length
from tests.fake_bot_api import parse_html

DAY = dt.date(2024, 11, 30)


def citation(number: int, document: str = "Titre", url: str | None = None) -> Citation:
    return Citation(number, f"fact-{number}", "KCNA", document, url, DAY)


def reply(*paragraphs: Paragraph, citations: tuple[Citation, ...] = (), **kw) -> Reply:
    return Reply("question", kw.pop("language", "fr"), True, "answer", paragraphs, citations, **kw)


def visible(parts: list[str]) -> str:
    return "".join(parse_html(p) for p in parts)


def test_dynamic_text_is_escaped() -> None:
    parts = render_reply(
        reply(
            Paragraph("3 < 5 & <b>gras</b>", quote="« x > y »", cites=(1,)),
            citations=(citation(1, document="A & B <i>"),),
            hint="<script>",
        )
    )
    assert len(parts) == 1
    text = parts[0]
    assert "3 &lt; 5 &amp; &lt;b&gt;gras&lt;/b&gt; [1]" in text
    assert "<blockquote>« x &gt; y »</blockquote>" in text
    assert "<i>&lt;script&gt;</i>" in text
    assert "A &amp; B &lt;i&gt;" in text
    parse_html(text)  # valid for Telegram


def test_citations_are_a_numbered_list_with_links_and_shared_numbers_once() -> None:
    text = render_reply(
        reply(
            Paragraph("Un.", cites=(1,)),
            Paragraph("Deux.", cites=(1,)),
            Paragraph("Trois.", cites=(2,)),
            citations=(
                citation(1, url="https://example.org/a?x=1&y=2"),
                citation(1, url="https://example.org/a?x=1&y=2"),
                citation(2),
            ),
        )
    )[0]
    sources = text.split("<b>Sources :</b>\n", 1)[1].split("\n")
    assert sources == [
        '1. KCNA — « <a href="https://example.org/a?x=1&amp;y=2">Titre</a> », 30 novembre 2024',
        "2. KCNA — « Titre », 30 novembre 2024",
    ]
    parse_html(text)


def test_english_reply_uses_english_labels() -> None:
    text = render_reply(
        reply(Paragraph("One.", cites=(1,)), citations=(citation(1),), language="en")
    )
    assert "<b>Sources:</b>\n1. KCNA — “Titre”, 30 November 2024" in text[0]


def test_catalogue_text_is_escaped_but_html_values_kept() -> None:
    assert html_t("en", "tg.too_long", length="<1>", limit=5).startswith(
        "Your message is too long (&lt;1&gt; characters)"
    )


def test_split_on_paragraph_boundaries() -> None:
    paragraphs = [f"<b>P{n}</b> " + "mot " * 150 for n in range(20)]
    parts = split_html("\n\n".join(paragraphs), 4096)
    assert len(parts) >= 2
    for part in parts:
        assert text_length(part) <= 4096
        assert part.startswith("<b>P")  # each part starts with a whole paragraph
        parse_html(part)
    words = [word for part in parts for word in parse_html(part).split()]
    assert words == parse_html("\n\n".join(paragraphs)).split()


def test_reply_split_keeps_every_part_valid_and_within_limit() -> None:
    paragraphs = tuple(
        Paragraph(f"Phrase {n} < & > " * 30, quote="citation " * 20, cites=(1,)) for n in range(30)
    )
    parts = render_reply(reply(*paragraphs, citations=(citation(1),)))
    assert len(parts) > 2
    for part in parts:
        assert text_length(part) <= 4096
        parse_html(part)
    assert parts[-1].endswith("30 novembre 2024")


def test_huge_paragraph_is_hard_split_without_breaking_tags_or_entities() -> None:
    text = "<blockquote>" + "a&amp;b " * 2000 + "</blockquote>"
    parts = split_html(text, 1000)
    assert len(parts) > 10
    for part in parts:
        assert text_length(part) <= 1000
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
        assert not re.search(r"&[a-z]*$|&[a-z]*<", part)  # no cut entity
        parse_html(part)
    assert visible(parts).replace(" ", "") == ("a&b" * 2000)


def test_split_without_spaces_cuts_anywhere_safe() -> None:
    text = "<b>" + "x" * 5000 + "</b>"
    parts = split_html(text, 4096)
    assert [text_length(p) <= 4096 for p in parts] == [True, True]
    assert visible(parts) == "x" * 5000


def test_split_counts_utf16_units() -> None:
    text = "😀" * 3000  # 2 units each
    parts = split_html(text, 4096)
    assert len(parts) == 2
    assert all(text_length(p) <= 4096 for p in parts)
    assert "".join(parts) == text


def test_short_text_is_untouched() -> None:
    assert split_html("<i>court</i>") == ["<i>court</i>"]
    assert split_html("   ") == []


def test_callback_data_limit() -> None:
    assert callback_data("src", "abcdefgh") == "src:abcdefgh"
    assert len(callback_data("x", "é" * 31).encode()) == 64
    with pytest.raises(ValueError):
        callback_data("x", "é" * 32)  # 66 bytes although 33 characters


def test_every_keyboard_we_build_fits_telegram_limits() -> None:
    keyboards = [
        answer_keyboard("fr", "Ab3-_xYz", more=True, brief=True, subscribe=True),
        settings_keyboard("en", "fr"),
    ]
    for markup in keyboards:
        assert markup is not None
        for row in markup.inline_keyboard:
            for button in row:
                assert 1 <= len(str(button.callback_data).encode()) <= MAX_CALLBACK_BYTES
    assert answer_keyboard("fr", None, more=False) is None


def test_answer_buttons_then_feature_buttons_on_their_own_row() -> None:
    markup = answer_keyboard("en", "k", more=True, brief=True, subscribe=True)
    assert markup is not None
    rows = [[b.callback_data for b in row] for row in markup.inline_keyboard]
    assert rows == [["src:k", "more:k"], ["brief:now", "sub:start"]]
    refusal = answer_keyboard("en", None, more=False, brief=True)
    assert refusal is not None
    assert [[b.text for b in row] for row in refusal.inline_keyboard] == [["📰 Today's brief"]]


def test_settings_keyboard_ticks_the_current_choice_and_takes_extra_rows() -> None:
    extra = [[InlineKeyboardButton("08:00", callback_data="sub:time")]]
    markup = settings_keyboard("fr", None, extra)
    labels = [b.text for b in markup.inline_keyboard[0]]
    assert labels == ["Français", "English", "✓ Automatique"]
    assert markup.inline_keyboard[1][0].callback_data == "sub:time"


def test_without_button() -> None:
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("a", callback_data="a"),
                InlineKeyboardButton("b", callback_data="b"),
            ]
        ]
    )
    left = without_button(markup, "a")
    assert left is not None and [b.callback_data for b in left.inline_keyboard[0]] == ["b"]
    assert without_button(left, "b") is None


def test_escape_roundtrip_property() -> None:
    nasty = "<a href='x'>&amp; &lt; \" ' </a> & < >"
    text = render_reply(reply(Paragraph(nasty)))[0]
    assert parse_html(text) == nasty
    assert html.unescape(text) == nasty

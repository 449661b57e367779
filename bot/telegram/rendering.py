"""Telegram HTML for replies: escaping, quotes, numbered citations, and splitting at 4096.

Every dynamic text goes through `esc` (or `html_t` for catalogue texts), so a question or a fact
containing `<`, `>` or `&` can never break the markup. Long texts are split on paragraph
boundaries; a paragraph longer than a message is cut at a line, word or character boundary,
never inside a tag or an entity, closing the open tags and reopening them in the next part.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from bot.answer.reply import Citation, Reply, format_date
from bot.messages import t
from bot.textsize import MESSAGE_LIMIT, text_length

MAX_MESSAGE = MESSAGE_LIMIT  # Telegram's limit for a message text, in UTF-16 code units


class Html(str):
    """Text that is already valid Telegram HTML: `html_t` inserts it without escaping."""

    __slots__ = ()


def esc(text: object) -> str:
    """Escape a dynamic text for Telegram HTML (quotes are fine outside attributes)."""
    return html.escape(str(text), quote=False)


def html_t(language: str, key: str, /, **values: object) -> Html:
    """A catalogue text as HTML: the template and every value escaped, `Html` values kept."""
    escaped = {k: v if isinstance(v, Html) else esc(v) for k, v in values.items()}
    return Html(esc(t(language, key)).format(**escaped))


def link(text: str, url: str | None) -> Html:
    """`<a href>` when there is a usable URL, the escaped text otherwise."""
    if url and url.startswith(("http://", "https://")):
        return Html(f'<a href="{html.escape(url, quote=True)}">{esc(text)}</a>')
    return Html(esc(text))


def bold(text: str) -> Html:
    return Html(f"<b>{esc(text)}</b>")


def citation_line(language: str, citation: Citation) -> Html:
    """`1. KCNA — “Title”, 30 novembre 2024`, the title linked to the article when known."""
    return html_t(
        language,
        "answer.citation",
        number=citation.number,
        source=citation.source,
        document=link(citation.document, citation.url),
        date=format_date(language, citation.published),
    )


def reply_blocks(reply: Reply) -> list[Html]:
    """The reply as HTML blocks (paragraphs), in reading order."""
    blocks: list[Html] = []
    for paragraph in reply.paragraphs:
        marks = "".join(f"[{n}]" for n in paragraph.cites)
        block = esc(paragraph.text) + (f" {marks}" if marks else "")
        if paragraph.quote:
            block += f"\n<blockquote>{esc(paragraph.quote)}</blockquote>"
        blocks.append(Html(block))
    if reply.hint:
        blocks.append(Html(f"<i>{esc(reply.hint)}</i>"))
    if reply.citations:
        lines = [bold(t(reply.language, "answer.sources"))]
        lines += [citation_line(reply.language, c) for c in reply.unique_citations]
        blocks.append(Html("\n".join(lines)))
    return blocks


def render_reply(reply: Reply, limit: int = MAX_MESSAGE) -> list[str]:
    """The reply as one or more HTML messages, each within `limit`."""
    return join_blocks(reply_blocks(reply), limit)


def join_blocks(blocks: Iterable[str], limit: int = MAX_MESSAGE) -> list[str]:
    """HTML blocks separated by blank lines, split into messages within `limit`."""
    return split_html("\n\n".join(b for b in blocks if b.strip()), limit)


# --- splitting -------------------------------------------------------------------------------

_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)")
# Where to prefer cutting, best first: after a blank line, a line end, a space; else anywhere.
_SEPARATORS = ("\n\n", "\n", " ")


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` UTF-16 units.

    Prefers paragraph boundaries, then line ends, then spaces, and only then any character
    boundary; never cuts inside a tag or an entity; tags open at a cut are closed at the end
    of the part and reopened at the start of the next one. Parts without visible text are
    dropped (Telegram refuses empty messages).
    """
    if limit < 64:
        raise ValueError("limit too small to hold tags")
    parts: list[str] = []
    rest = text.strip()
    while rest:
        if text_length(rest) <= limit:
            parts.append(rest)
            break
        cut, open_tags = _cut(rest, limit)
        closers = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        head = rest[:cut].rstrip() + closers
        rest = "".join(tag for _, tag in open_tags) + rest[cut:].lstrip()
        if _visible(head).strip():
            parts.append(head)
    return parts


def _cut(text: str, limit: int) -> tuple[int, list[tuple[str, str]]]:
    """The best position to cut `text` before `limit`, and the tags open there."""
    stack: list[tuple[str, str]] = []
    best: dict[int, tuple[int, list[tuple[str, str]]]] = {}  # priority -> (position, stack)
    size = 0  # units of text[:position]
    seen_text = False
    position = 0

    def consider(at: int) -> None:
        closing = sum(len(name) + 3 for name, _ in stack)
        if not seen_text or size + closing > limit:
            return
        priority = len(_SEPARATORS)
        for rank, separator in enumerate(_SEPARATORS):
            if text.endswith(separator, 0, at):
                priority = rank
                break
        best[priority] = (at, list(stack))

    for match in _TOKEN.finditer(text):
        token = match.group()
        if size > limit:
            break
        if token.startswith("<") and len(token) > 1:
            tag = _TAG.match(token)
            if tag:
                name = tag.group(2).lower()
                if tag.group(1):
                    if stack and stack[-1][0] == name:
                        stack.pop()
                else:
                    stack.append((name, token))
            size += text_length(token)
            position = match.end()
            consider(position)
            continue
        if token.startswith("&") and len(token) > 1:
            size += text_length(token)
            position = match.end()
            seen_text = True
            consider(position)
            continue
        for char in token:
            size += text_length(char)
            position += 1
            seen_text = True
            if size > limit:
                break
            consider(position)
    if not best:
        raise ValueError("cannot split: the open tags alone exceed the limit")
    return best[min(best)]


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^<>]*>", "", fragment))

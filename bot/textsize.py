"""How long a message is for the chat it goes to: the one size rule the core and adapters share.

Telegram counts a message's length in UTF-16 code units (an emoji counts twice) and refuses more
than 4096; briefings are split to that size in the core, replies in the Telegram adapter.
"""

MESSAGE_LIMIT = 4096


def text_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


ECHO_LIMIT = 40  # characters of a user's input quoted back in a message ("unknown zone “…”")


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """`text` cut to `limit` characters with an ellipsis: input quoted back stays short, so a
    5,000-character argument never makes the reply too long for Telegram (400)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

"""How long a message is for the chat it goes to: the one size rule the core and adapters share.

Telegram counts a message's length in UTF-16 code units (an emoji counts twice) and refuses more
than 4096; briefings are split to that size in the core, replies in the Telegram adapter.
"""

MESSAGE_LIMIT = 4096


def text_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2

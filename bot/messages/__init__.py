"""Every user-facing text, one module per language (`fr.py`, `en.py`).

Code asks for a text by key (`t("en", "refusal.unknown")`) and never spells a sentence itself, so
a translation is reviewed in one place and a missing key fails the test that checks both
languages have the same keys.
"""

from __future__ import annotations

from bot.messages import en, fr

CATALOGUES: dict[str, dict[str, str]] = {"fr": fr.TEXTS, "en": en.TEXTS}
LANGUAGES = ("fr", "en")


def t(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (French when the language is unknown), filled with values."""
    catalogue = CATALOGUES.get(language, fr.TEXTS)
    return catalogue[key].format(**values) if values else catalogue[key]


def both(key: str, **values: object) -> str:
    """French then English, for users whose language is not known (e.g. a German question)."""
    return f"{t('fr', key, **values)}\n\n{t('en', key, **values)}"

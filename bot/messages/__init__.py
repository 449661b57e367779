"""Every user-facing text, one module per language (`fr.py`, `en.py`).

Code asks for a text by key (`t("en", "refusal.unknown")`) and never spells a sentence itself, so
a translation is reviewed in one place and a missing key fails the test that checks both
languages have the same keys.
"""

from __future__ import annotations

from babel import Locale

from bot.messages import en, fr

CATALOGUES: dict[str, dict[str, str]] = {"fr": fr.TEXTS, "en": en.TEXTS}
LANGUAGES = ("fr", "en")


def t(language: str, key: str, **values: object) -> str:
    """The text `key` in `language` (French when the language is unknown), filled with values."""
    catalogue = CATALOGUES.get(language, fr.TEXTS)
    return catalogue[key].format(**values) if values else catalogue[key]


def tn(language: str, key: str, count: int, **values: object) -> str:
    """The text `key.one` or `key.other` as CLDR's plural rule for `language` picks for `count`
    (French: 0 and 1 are singular, "0 erreur"; English: only 1 is), filled with count and values.
    """
    form = Locale.parse(language if language in CATALOGUES else "fr").plural_form(count)
    return t(language, f"{key}.{'one' if form == 'one' else 'other'}", count=count, **values)


def both(key: str, **values: object) -> str:
    """French then English, for users whose language is not known (e.g. a German question)."""
    return f"{t('fr', key, **values)}\n\n{t('en', key, **values)}"

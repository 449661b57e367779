"""The two catalogues stay in step, and every key the code asks for exists.

`bot/messages/__init__.py` promises that a missing key fails a test: a key misspelt in the code,
or present in one language only, would otherwise surface as a KeyError in front of a user.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from bot.messages import CATALOGUES, tn

BOT = Path(__file__).resolve().parents[1] / "bot"
# t(language, "key", ...), tn(...), html_t(...): the keys written out in the code.
_KEY_USE = re.compile(r"\b(t|tn|html_t)\(\s*\w+,\s*\"([a-z_]+(?:\.[a-z_0-9]+)+)\"")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_in_the_same_order() -> None:
    assert list(CATALOGUES["fr"]) == list(CATALOGUES["en"])


def test_a_text_has_the_same_placeholders_in_both_languages() -> None:
    english = CATALOGUES["en"]
    differ = {
        key: (_fields(text), _fields(english[key]))
        for key, text in CATALOGUES["fr"].items()
        if _fields(text) != _fields(english[key])
    }
    assert differ == {}


def test_every_key_the_code_names_exists() -> None:
    used = {
        (function, key)
        for path in BOT.rglob("*.py")
        for function, key in _KEY_USE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100  # the pattern still finds the calls
    catalogue = CATALOGUES["en"]
    missing = [
        key
        for function, key in used
        if (key not in catalogue if function != "tn" else f"{key}.one" not in catalogue)
    ]
    assert missing == []


def test_plurals_come_in_pairs_and_no_text_hedges_with_parentheses() -> None:
    for catalogue in CATALOGUES.values():
        stems = {key.rsplit(".", 1)[0] for key in catalogue if key.endswith((".one", ".other"))}
        assert all(f"{s}.one" in catalogue and f"{s}.other" in catalogue for s in stems)
        # "2 erreur(s)": a count is worded with tn (".one" / ".other"), as each language does.
        assert [k for k, text in catalogue.items() if "(s)" in text] == []


def test_counts_follow_each_languages_plural_rule() -> None:
    assert tn("fr", "admin.errors", 0) == "0 erreur"
    assert tn("fr", "admin.errors", 2) == "2 erreurs"
    assert tn("en", "admin.errors", 0) == "0 errors"
    assert tn("en", "admin.errors", 1) == "1 error"

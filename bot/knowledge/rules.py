"""The writing rules of knowledge/README.md that a program can check.

Each check returns `Finding`s (section, item id, path inside the item, message); the loader
turns them into `file:line` problems. They cover mistakes that validate as YAML and as a model
but make the bot answer wrongly: an alias given to two entities (a question about it finds
either), a phrase too long to ever be matched, a fact whose text repeats the attribution the
bot adds in front of it ("Selon KCNA, selon KCNA, ...").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from bot.knowledge.model import LANGUAGES, Entity, Fact, Speaker
from bot.knowledge.terms import MAX_PHRASE, fold, raw_words, words

# Openings the bot itself writes before a fact's text, by claim type (README, "Claim types").
_PREFIXED_TYPES = ("statement", "estimate", "unverified_report", "background", "analysis")
_ATTRIBUTION_OPENINGS = {
    "fr": ("selon ", "d'apres ", "l'article note", "l'article indique"),
    "en": ("according to ", "the article notes", "the article says"),
}
_NAME_ARTICLES = ("l'", "la ", "le ", "les ", "des ", "une ", "un ", "the ", "a ")
_NAME_WINDOW = 12  # characters after the opening where the speaker's name may start


class Finding(NamedTuple):
    section: str
    item_id: str
    path: tuple[Any, ...]
    message: str


def _alias_key(phrase: str) -> tuple[str, ...]:
    """How the index matches a phrase: short all-capital words by case, the rest folded."""
    raw = tuple(raw_words(phrase))
    if len(raw) == 1 and len(raw[0]) <= 3 and raw[0].isupper():
        return raw
    return tuple(words(phrase))


def alias_findings(entities: Mapping[str, Entity]) -> Iterator[Finding]:
    """An alias shared by two entities (as an alias or a name), and aliases over MAX_PHRASE
    words. Two entities with the same name are left to the admin: only aliases are rules."""
    owner: dict[tuple[str, ...], tuple[str, bool]] = {}  # phrase -> (entity, is an alias)
    for entity in entities.values():
        phrases = [(("name", lang), getattr(entity.name, lang)) for lang in LANGUAGES] + [
            (("aliases", i), alias) for i, alias in enumerate(entity.aliases)
        ]
        for path, phrase in phrases:
            key = _alias_key(phrase)
            if not key:
                continue
            if path[0] == "aliases" and len(key) > MAX_PHRASE:
                yield Finding(
                    "entities",
                    entity.id,
                    path,
                    f"alias {phrase!r} has {len(key)} words; at most {MAX_PHRASE} are matched",
                )
            is_alias = path[0] == "aliases"
            first, first_is_alias = owner.setdefault(key, (entity.id, is_alias))
            if first != entity.id and (is_alias or first_is_alias):
                yield Finding(
                    "entities",
                    entity.id,
                    path,
                    f"{phrase!r} is also a name or alias of entity {first!r};"
                    " give each alias to one entity",
                )


def _speaker_names(speaker: Speaker) -> list[str]:
    names = []
    for lang in LANGUAGES:
        name = fold(getattr(speaker.name, lang)).strip()
        for article in _NAME_ARTICLES:
            if name.startswith(article):
                name = name[len(article) :]
                break
        names.append(name)
    return [n for n in names if n]


def attribution_findings(
    facts: Mapping[str, Fact], speakers: Mapping[str, Speaker]
) -> Iterator[Finding]:
    """A text that starts with the attribution the bot adds from its speaker and claim type."""
    for fact in facts.values():
        speaker = speakers.get(fact.speaker)
        if speaker is None or fact.claim_type not in _PREFIXED_TYPES:
            continue
        names = _speaker_names(speaker)
        for lang in fact.text.languages:
            text = fold(fact.text.get(lang)).lstrip()
            for opening in _ATTRIBUTION_OPENINGS[lang]:
                if not text.startswith(opening):
                    continue
                after = text[len(opening) : len(opening) + _NAME_WINDOW + 40]
                if (
                    opening.startswith("l'article")
                    or opening.startswith("the article")
                    or any(0 <= after.find(name) <= _NAME_WINDOW for name in names)
                ):
                    yield Finding(
                        "facts",
                        fact.id,
                        ("text", lang),
                        "starts with its own attribution; the bot adds it from the speaker"
                        " and claim type: start with the claim itself (knowledge/README.md)",
                    )
                    break

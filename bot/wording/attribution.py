"""Sentences that keep who says what.

The wording depends on the claim type: a statement is "According to KCNA, …", an accusation
stays an accusation, an estimate stays hedged, an unverified report is marked unverified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.model import LANGUAGES, Fact
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import fold
from bot.messages import t

_TRAILING = re.compile(r"[\s.!…]+$")
# Descriptions identify a named source ("KCNA, North Korea's official news agency"); for
# collective or anonymous speakers they only make the sentence heavier.
_DESCRIBED_KINDS = frozenset({"state_media", "person"})


def speaker_phrase(store: KnowledgeStore, fact: Fact, language: str) -> str:
    """ "KCNA, North Korea's official news agency" — name plus description when there is one."""
    speaker = store.speakers[fact.speaker]
    name = speaker.name.get(language)
    if speaker.description and speaker.kind in _DESCRIBED_KINDS:
        return f"{name}, {speaker.description.get(language)}"
    return name


def _lower_first(store: KnowledgeStore, text: str) -> str:
    """Lower-case a leading common word ("Parmi les…" -> "parmi les…"), never a name.

    A word is common when it is a function word or when the facts also write it in lower case;
    a name ("Kim", "Washington") is never written so, whether or not it is a known entity."""
    word = text.split(" ", 1)[0].strip(",.;:")
    head = word.split("'", 1)[0] if "'" in word else word
    common = word.lower() in store.lowercase_words and fold(word) not in store.name_words
    if fold(head) in STOPWORDS or common:
        return text[:1].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _mentions_speaker(store: KnowledgeStore, fact: Fact, text: str) -> bool:
    speaker = store.speakers[fact.speaker]
    folded = fold(text)
    names = [speaker.name.fr, speaker.name.en]
    names += [store.entities[e].name.fr for e in speaker.entities if e in store.entities]
    names += [store.entities[e].name.en for e in speaker.entities if e in store.entities]
    return any(_core(name) in folded for name in names if _core(name))


def _core(name: str) -> str:
    """ "Les États-Unis et la Corée du Sud" -> "etats-unis": the first meaningful word."""
    words = [w for w in fold(name).replace(",", " ").split() if w not in STOPWORDS]
    return words[0] if words else ""


def text_in(fact: Fact, language: str) -> tuple[str, str]:
    """The fact's text for a reader of `language`, and the language it is written in: a fact
    given only in its article's language is read in the original."""
    text: str | None = getattr(fact.text, language, None)
    if text:
        return text, language
    for other in LANGUAGES:
        original: str | None = getattr(fact.text, other, None)
        if original:
            return original, other
    raise ValueError(f"fact {fact.id} has no text")  # the model requires one


def attributed_sentence(store: KnowledgeStore, fact: Fact, language: str) -> str:
    """The fact's text in `language`, worded for its claim type and speaker; a fact that exists
    only in the other language is quoted in the original, with a note saying so."""
    original, written_in = text_in(fact, language)
    if written_in != language:
        return _untranslated(store, fact, original, written_in, language)
    text = _TRAILING.sub("", original)
    claim = fact.claim_type
    body = _lower_first(store, text)
    if claim in ("accusation", "quote") and _mentions_speaker(store, fact, text):
        sentence = text  # the text already says who accuses or speaks
    elif claim == "unverified_report":
        speaker = upper_first(speaker_phrase(store, fact, language))
        sentence = t(language, "claim.unverified_report", speaker_cap=speaker, text=body)
    elif claim in ("background", "analysis"):
        sentence = t(language, f"claim.{claim}", text=body)
    else:  # statement, estimate, and accusations or quotes that do not name their source
        speaker = speaker_phrase(store, fact, language)
        sentence = t(language, "claim.statement", speaker=speaker, text=body)
    return upper_first(_TRAILING.sub("", sentence)) + "."


def _untranslated(
    store: KnowledgeStore, fact: Fact, original: str, written_in: str, language: str
) -> str:
    """ "Clara Voss, the mayor of Lenz, in French (not translated): « … »" — the claim type
    still shows (unverified, the article's analysis), the words are the source's own."""
    if fact.claim_type in ("background", "analysis"):
        speaker = t(language, f"claim.{fact.claim_type}_source")
    else:
        speaker = speaker_phrase(store, fact, language)
    quoted = t(written_in, "quote", text=upper_first(_TRAILING.sub("", original)) + ".")
    sentence = t(
        language,
        "claim.untranslated",
        speaker_cap=upper_first(speaker),
        language_name=t(language, f"language.{written_in}"),
        text=quoted,
    )
    if fact.claim_type == "unverified_report":
        sentence += " " + t(language, "claim.unverified_mark")
    return contract(sentence, language)


_FRENCH_CONTRACTIONS = (
    (re.compile(r"\b([dD])e (une?|[aeéiouy]\w*)"), r"\1'\2"),
    (re.compile(r"\b([dD])e les\b"), r"\1es"),
    (re.compile(r"\b([dD])e le\b"), r"\1u"),
    (re.compile(r"\b([àÀ]) les\b"), r"\1ux"),
    (re.compile(r"\b([àÀ]) le\b"), "au"),
)


def contract(text: str, language: str) -> str:
    """French elisions after filling a template: "de une source" -> "d'une source"."""
    if language != "fr":
        return text
    for pattern, replacement in _FRENCH_CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def quote_block(fact: Fact, language: str) -> str | None:
    """The verbatim words; for a reader of the other language, the translation first and the
    original after it (either way: a French quote for English readers, an English one for
    French readers)."""
    if not fact.quote:
        return None
    if fact.quote.language == language:
        return t(language, "quote", text=fact.quote.original)
    return t(
        language,
        "quote.translated",
        translation=fact.quote.translation,
        original=fact.quote.original,
    )


def join_names(names: Sequence[str], language: str) -> str:
    """ "A, B and C" in the reader's language, each name once, in the given order."""
    unique = list(dict.fromkeys(names))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    return t(language, "list.and", first=", ".join(unique[:-1]), last=unique[-1])

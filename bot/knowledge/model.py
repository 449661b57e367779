"""Typed model of the knowledge files, validated with pydantic.

The model is the contract between admins (who edit YAML) and the rest of the bot: anything that
passes validation here can be indexed, answered from and put in a briefing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")

ClaimType = Literal[
    "statement", "accusation", "estimate", "unverified_report", "quote", "background", "analysis"
]
SpeakerKind = Literal[
    "state_media",
    "media",
    "government",
    "intelligence",
    "experts",
    "anonymous_source",
    "person",
    "article",
]
EntityKind = Literal["person", "country", "organisation", "place", "other"]
# What kind of question a fact can answer besides "what": used to refuse questions that ask
# for something no fact states (a price, an age, a duration...).
AnswerType = Literal[
    "who", "when", "where", "how_many", "how_much", "how_long", "why", "how", "age"
]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


NonEmpty = Annotated[str, AfterValidator(_not_blank)]


class Localized(_Strict):
    """A text given in both languages: a missing translation is an error, never a fallback."""

    fr: NonEmpty
    en: NonEmpty

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.fr


def other_language(language: str) -> Language:
    return "fr" if language == "en" else "en"


class Text(_Strict):
    """A text in one language or both: a fact may exist only in its article's language.

    `get` never returns a placeholder: asked for a missing language, it gives the original
    (`in_original` tells the composer to say so).
    """

    fr: NonEmpty | None = None
    en: NonEmpty | None = None

    @model_validator(mode="after")
    def _one_language(self) -> Text:
        if self.fr is None and self.en is None:
            raise ValueError("needs a text in fr or en (or both)")
        return self

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(lang for lang in LANGUAGES if getattr(self, lang) is not None)

    def has(self, language: str) -> bool:
        return language in self.languages

    def in_original(self, language: str) -> bool:
        """True when `get(language)` falls back to the other language."""
        return not self.has(language)

    def get(self, language: str) -> str:
        wanted = self.en if language == "en" else self.fr
        if wanted is not None:
            return wanted
        return self.fr or self.en or ""


class LocalizedList(_Strict):
    fr: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, language: str) -> list[str]:
        return self.en if language == "en" else self.fr


class Document(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    # One title in the article's language (`title: "..."`), or one per language.
    title: Text
    language: Language
    publisher: NonEmpty
    published: dt.date
    url: str | None = None
    source_file: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _title_in_its_language(cls, data: object) -> object:
        """`title: "..."` is the title in the document's language."""
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            language = data.get("language")
            key = language if language in LANGUAGES else "fr"
            return {**data, "title": {key: data["title"]}}
        return data

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (or be null)")
        return value


class Speaker(_Strict):
    """Who a fact is attributed to."""

    id: str = Field(pattern=ID_PATTERN)
    name: Localized
    kind: SpeakerKind
    # Short apposition used in answers: "KCNA, North Korea's official agency".
    description: Localized | None = None
    # Entities the speaker stands for (the US and South Korea for a joint accusation).
    entities: list[str] = Field(default_factory=list)


class Entity(_Strict):
    """A person, country, organisation or place, with every spelling users may type."""

    id: str = Field(pattern=ID_PATTERN)
    kind: EntityKind
    name: Localized
    aliases: list[NonEmpty] = Field(default_factory=list)
    # Adjectives of nationality ("russe", "Russian"): they must qualify the same noun in a fact
    # as in a question ("Russian soldiers" is not "North Korean soldiers sent to Russia").
    demonyms: list[str] = Field(default_factory=list)


class Quote(_Strict):
    """Words quoted in the article's language, with their translation into the other one."""

    original: NonEmpty
    language: Language
    translation: NonEmpty

    @property
    def translation_language(self) -> Language:
        return other_language(self.language)


class Fact(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    document: str
    speaker: str
    claim_type: ClaimType
    # In the article's language at least (checked against the document by the loader).
    text: Text
    quote: Quote | None = None
    event_date: dt.date | None = None
    entities: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    importance: int = Field(default=3, ge=1, le=5)
    answers: list[AnswerType] = Field(default_factory=list)
    questions: LocalizedList = Field(default_factory=LocalizedList)

    @model_validator(mode="after")
    def _quote_needed(self) -> Fact:
        if self.claim_type == "quote" and self.quote is None:
            raise ValueError(
                "a fact with claim_type 'quote' needs a quote (original, language, translation)"
            )
        return self


class SynonymGroup(_Strict):
    """Words that mean the same for retrieval, in either language (troops, soldiers, soldats)."""

    id: str = Field(pattern=ID_PATTERN)
    terms: list[NonEmpty] = Field(min_length=2)


class KnowledgeFile(_Strict):
    """One YAML file: any of the sections may be present."""

    documents: list[Document] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    synonyms: list[SynonymGroup] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)

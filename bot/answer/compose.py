"""Turn facts into sentences that keep who says what, and numbered citations.

The wording depends on the claim type: a statement is "According to KCNA, …", an accusation
stays an accusation, an estimate stays hedged, an unverified report is marked unverified. The
briefing reuses `attributed_sentence`, so answers and briefs word a fact the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.answer.reply import Citation, Paragraph, Reply, ReplyKind, format_date
from bot.knowledge.model import Fact
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import fold
from bot.messages import t

_TRAILING = re.compile(r"[\s.!…]+$")


def speaker_phrase(store: KnowledgeStore, fact: Fact, language: str) -> str:
    """ "KCNA, North Korea's official news agency" — name plus description when there is one."""
    speaker = store.speakers[fact.speaker]
    name = speaker.name.get(language)
    # Descriptions identify a named source ("KCNA, North Korea's official news agency"); for
    # collective or anonymous speakers they only make the sentence heavier.
    if speaker.description and speaker.kind in ("state_media", "person"):
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


def _upper_first(text: str) -> str:
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


def attributed_sentence(store: KnowledgeStore, fact: Fact, language: str) -> str:
    """The fact's text in `language`, worded for its claim type and speaker."""
    text = _TRAILING.sub("", fact.text.get(language))
    claim = fact.claim_type
    body = _lower_first(store, text)
    if claim in ("accusation", "quote") and _mentions_speaker(store, fact, text):
        sentence = text  # the text already says who accuses or speaks
    elif claim == "unverified_report":
        speaker = _upper_first(speaker_phrase(store, fact, language))
        sentence = t(language, "claim.unverified_report", speaker_cap=speaker, text=body)
    elif claim in ("background", "analysis"):
        sentence = t(language, f"claim.{claim}", text=body)
    else:  # statement, estimate, and accusations or quotes that do not name their source
        speaker = speaker_phrase(store, fact, language)
        sentence = t(language, "claim.statement", speaker=speaker, text=body)
    return _upper_first(_TRAILING.sub("", sentence)) + "."


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
    """The verbatim words, with the translation when the reader's language differs."""
    if not fact.quote:
        return None
    if fact.quote.language == language or language != "en":  # translations are in English
        return t(language, "quote", text=fact.quote.original)
    return t(
        language,
        "quote.translated",
        translation=fact.quote.translation,
        original=fact.quote.original,
    )


def citation_for(store: KnowledgeStore, fact: Fact, number: int, language: str) -> Citation:
    document = store.documents[fact.document]
    return Citation(
        number=number,
        fact_id=fact.id,
        source=store.speakers[fact.speaker].name.get(language),
        document=document.title,
        url=document.url,
        published=document.published,
    )


def facts_reply(
    store: KnowledgeStore,
    question: str,
    language: str,
    facts: Sequence[Fact],
    kind: ReplyKind = "answer",
    lead: Iterable[str] = (),
) -> Reply:
    """A reply stating `facts` in order, one numbered citation per fact."""
    paragraphs = [Paragraph(text) for text in lead]
    citations = []
    numbers: dict[tuple[str, str], int] = {}
    for fact in facts:
        number = numbers.setdefault((fact.speaker, fact.document), len(numbers) + 1)
        paragraphs.append(
            Paragraph(
                attributed_sentence(store, fact, language), quote_block(fact, language), (number,)
            )
        )
        citations.append(citation_for(store, fact, number, language))
    return Reply(question, language, True, kind, tuple(paragraphs), tuple(citations))


def refusal(
    store: KnowledgeStore, question: str, language: str, message: str, kind: ReplyKind = "refusal"
) -> Reply:
    return Reply(question, language, False, kind, (Paragraph(message),), hint=hint(store, language))


def hint(store: KnowledgeStore, language: str) -> str:
    """What the bot can answer about: the most cited entities and one example question."""
    counts: dict[str, int] = {}
    for fact in store.facts.values():
        for entity in fact.entities:
            counts[entity] = counts.get(entity, 0) + fact.importance
    top = sorted(counts, key=lambda e: -counts[e])[:5]
    names = ", ".join(store.entities[e].name.get(language) for e in top if e in store.entities)
    ranked = store.by_importance()
    examples = ranked[0].questions.get(language) if ranked else []
    example = examples[0] if examples else "?"
    return t(language, "refusal.hint", topics=names or "?", example=example)


def sources_reply(store: KnowledgeStore, question: str, language: str) -> Reply:
    """The documents the bot knows and who is cited in them: for "what are your sources?"."""
    paragraphs = [Paragraph(t(language, "answer.sources_intro"))]
    for document in sorted(store.documents.values(), key=lambda d: d.published, reverse=True):
        paragraphs.append(
            Paragraph(
                t(
                    language,
                    "answer.document",
                    title=document.title,
                    publisher=document.publisher,
                    date=format_date(language, document.published),
                )
            )
        )
    cited = sorted({store.speakers[f.speaker].name.get(language) for f in store.facts.values()})
    paragraphs.append(Paragraph(t(language, "answer.cited", names=", ".join(cited))))
    return Reply(question, language, True, "sources", tuple(paragraphs))

"""Turn facts into a reply: attributed sentences, quotes and numbered citations.

The sentences themselves come from `bot.wording`, shared with the briefing, so answers and
briefs word a fact the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.answer.reply import Paragraph, Reply, ReplyKind
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.wording.attribution import attributed_sentence, contract, quote_block
from bot.wording.citations import citation_for, format_date
from bot.wording.confirmation import confirmation_sentence, corroboration


def facts_reply(
    store: KnowledgeStore,
    question: str,
    language: str,
    facts: Sequence[Fact],
    kind: ReplyKind = "answer",
    lead: Iterable[str] = (),
    corroborate: bool = True,
) -> Reply:
    """A reply stating `facts`, one numbered citation per speaker and document.

    Facts from several documents are given newest document first, each with its document and
    date, so the reader sees how the story moved and where each claim comes from; when one
    source's statement confirms another's claim, a first sentence says who claims and who
    confirms."""
    lead = list(lead)
    across = len({fact.document for fact in facts}) > 1
    if across and corroborate and kind == "answer":
        found = corroboration(store, facts[0], facts[1:])
        if found.confirmed:
            lead.append(confirmation_sentence(store, found, language))
    paragraphs = [Paragraph(text) for text in lead]
    citations = []
    numbers: dict[tuple[str, str], int] = {}
    if across:
        facts = sorted(facts, key=lambda f: store.documents[f.document].published, reverse=True)
    for fact in facts:
        number = numbers.setdefault((fact.speaker, fact.document), len(numbers) + 1)
        sentence = attributed_sentence(store, fact, language)
        if across:
            sentence = _in_document(store, fact, sentence, language)
        paragraphs.append(Paragraph(sentence, quote_block(fact, language), (number,)))
        citations.append(citation_for(store, fact, number, language))
    return Reply(question, language, True, kind, tuple(paragraphs), tuple(citations))


def _in_document(store: KnowledgeStore, fact: Fact, sentence: str, language: str) -> str:
    document = store.documents[fact.document]
    date = format_date(language, document.published)
    return t(
        language,
        "answer.in_document",
        document=document.title.get(language),
        date=date,
        sentence=sentence,
    )


def confirmation_reply(
    store: KnowledgeStore,
    question: str,
    language: str,
    facts: Sequence[Fact],
    candidates: Sequence[Fact],
    lead: Iterable[str] = (),
) -> Reply:
    """For "is it confirmed that…?": who claims it and who confirms it, or that none does.

    `facts` are the facts chosen to answer (the first is the main one); `candidates` every fact
    that matched the question, among which another document may confirm the claim."""
    found = corroboration(store, facts[0], [*facts[1:], *candidates])
    shown = (
        [*found.facts, *(f for f in facts if f not in found.facts)] if found.confirmed else facts
    )
    lead = [*lead, confirmation_sentence(store, found, language)]
    return facts_reply(store, question, language, shown, lead=lead, corroborate=False)


def refusal(
    store: KnowledgeStore, question: str, language: str, message: str, kind: ReplyKind = "refusal"
) -> Reply:
    return Reply(question, language, False, kind, (Paragraph(message),), hint=hint(store, language))


def example_question(store: KnowledgeStore, language: str) -> str | None:
    """A question the knowledge answers, in `language`: from the newest document first.

    An admin's alternate question when there is one, else "What is known about <entity>?"
    built from the most cited entity; None only when the knowledge is empty."""
    facts = sorted(
        store.facts.values(),
        key=lambda f: (store.documents[f.document].published, f.importance),
        reverse=True,
    )
    for fact in facts:
        questions = fact.questions.get(language)
        if questions:
            return questions[0]
    topics = top_entities(store, 1)
    if not topics:
        return None
    name = store.entities[topics[0]].name.get(language)
    return contract(t(language, "refusal.example_about", name=name), language)


def example_for_help(store: KnowledgeStore, language: str) -> str:
    """An example question for help texts: from the knowledge, else a general one."""
    return example_question(store, language) or t(language, "refusal.example_generic")


def top_entities(store: KnowledgeStore, count: int) -> list[str]:
    """The entities the facts cite most, weighted by importance."""
    weights: dict[str, int] = {}
    for fact in store.facts.values():
        for entity in fact.entities:
            if entity in store.entities:
                weights[entity] = weights.get(entity, 0) + fact.importance
    return sorted(weights, key=lambda e: (-weights[e], e))[:count]


def hint(store: KnowledgeStore, language: str) -> str:
    """What the bot can answer about: the most cited entities and one example question."""
    names = ", ".join(store.entities[e].name.get(language) for e in top_entities(store, 5))
    example = example_question(store, language)
    if not names or not example:
        return t(language, "refusal.hint_empty")
    return t(language, "refusal.hint", topics=names, example=example)


def about_reply(store: KnowledgeStore, question: str, language: str) -> Reply:
    """ "Who are you?": what the bot does, with an example the knowledge can answer."""
    example = example_question(store, language)
    if example:
        text = t(language, "smalltalk.about_example", example=example)
    else:
        text = t(language, "smalltalk.about")
    return Reply(question, language, False, "smalltalk", (Paragraph(text),))


def empty_reply(store: KnowledgeStore, question: str, language: str) -> Reply:
    """For an empty message: an invitation, with an example the knowledge can answer."""
    example = example_question(store, language)
    text = (
        t(language, "refusal.empty_example", example=example)
        if example
        else t(language, "refusal.empty")
    )
    return Reply(question, language, False, "empty", (Paragraph(text),))


def sources_reply(store: KnowledgeStore, question: str, language: str) -> Reply:
    """The documents the bot knows and who is cited in them: for "what are your sources?"."""
    paragraphs = [Paragraph(t(language, "answer.sources_intro"))]
    for document in sorted(store.documents.values(), key=lambda d: d.published, reverse=True):
        paragraphs.append(
            Paragraph(
                t(
                    language,
                    "answer.document",
                    title=document.title.get(language),
                    publisher=document.publisher,
                    date=format_date(language, document.published),
                )
            )
        )
    # The articles' own voice is not a cited source: the documents above are.
    speakers = [store.speakers[i] for i in {f.speaker for f in store.facts.values()}]
    cited = sorted(s.name.get(language) for s in speakers if s.kind != "article")
    if cited:
        paragraphs.append(Paragraph(t(language, "answer.cited", names=", ".join(cited))))
    return Reply(question, language, True, "sources", tuple(paragraphs))

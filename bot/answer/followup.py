"""Conversation on top of the engine: follow-ups resolved against the chat's previous answer.

A follow-up is recognised by its shape, not by its wording: a short message that asks who says
it (an attribution question without a topic of its own), for more, for the reason, or an
"and X?" ellipsis. "Who says that?" lists the speakers of the previous answer's facts; "more?"
the next related facts not yet shown; "why?" related facts that give a reason; "and X?"
re-asks the previous question with X in place of the entity it replaces (or, when X names no
entity, with X added to it). A pronoun with no entity of its own ("what did they discuss?")
gets the previous question's entities. Multi-part questions ("who did Kim meet and when?") are
answered part by part (`multipart.py`). Everything else goes to `engine.answer_question`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.answer import compose
from bot.answer.engine import answer_question
from bot.answer.followup_shapes import FollowUpKind, and_x_rest, folded, follow_up_kind
from bot.answer.language import detect_language
from bot.answer.multipart import answer_parts, split_parts
from bot.answer.referents import Turn, and_x, entity_tokens, with_referents
from bot.answer.related import related_facts, relatedness
from bot.answer.reply import Paragraph, Reply
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.messages import t
from bot.wording.attribution import contract, join_names
from bot.wording.citations import citation_for

WHY_LIMIT = 2  # facts given for "why?"


@dataclass
class Conversation:
    """One chat's context: its previous answer, and the facts it has already been shown."""

    previous: Turn | None = None
    shown: set[str] = field(default_factory=set)

    def clear(self) -> None:
        self.previous = None
        self.shown.clear()


def converse(
    store: KnowledgeStore,
    conversation: Conversation,
    question: str,
    default_language: str = "fr",
    previous_language: str | None = None,
) -> Reply:
    """The reply to `question` in this conversation; the conversation moves on.

    `previous_language` is the adapter's hint for a short message's language (the chat's
    language), else the previous answer's."""
    previous = conversation.previous
    hint = previous_language or (previous.language if previous else None)
    language = _language(store, question, hint, default_language)
    kind = follow_up_kind(folded(question))
    if previous is None:
        if kind is not None or and_x_rest(question) is not None:
            return _without_context(store, conversation, question, hint, default_language)
    elif kind is not None:
        return _follow_up(store, conversation, previous, question, language, kind)
    swapped = and_x(store, previous, question, language)
    if swapped is not None:
        readings, refusal = swapped
        if refusal is not None:
            return refusal
        # The first reading the sources answer; else the refusal of the first.
        replies = [_ask(store, conversation, readings[0], question, hint, default_language)]
        for reading in readings[1:]:
            if replies[-1].answered:
                break
            replies.append(_ask(store, conversation, reading, question, hint, default_language))
        reply = replies[-1] if replies[-1].answered else replies[0]
        if reply.kind == "refusal" and not reply.answered:
            # "and China?": say the refusal is about China, not about "that".
            name = and_x_rest(question) or ""
            line = Paragraph(t(language, "followup.not_for", name=name))
            reply = replace(reply, paragraphs=(line,))
        return reply
    parts = split_parts(question)
    if len(parts) > 1:
        # A later part's pronouns ("and how old is he?") refer to the first part's names.
        first = Turn(parts[0], language, ())
        within = first if entity_tokens(store, parts[0]) else previous
        resolved_parts = [with_referents(store, previous, parts[0])]
        resolved_parts += [with_referents(store, within, part) for part in parts[1:]]
        replies = [answer_question(store, part, language, language) for part in resolved_parts]
        reply = answer_parts(store, question, parts, replies)
        _remember(conversation, question, reply)
        return reply
    resolved = with_referents(store, previous, question)
    return _ask(store, conversation, resolved, question, hint, default_language)


def _without_context(
    store: KnowledgeStore,
    conversation: Conversation,
    question: str,
    hint: str | None,
    default_language: str,
) -> Reply:
    """A follow-up's shape with nothing before it: answered if it stands alone ("sources?",
    "and China?" when a fact is about China), else the bot asks what it refers to."""
    reply = _ask(store, conversation, question, question, hint, default_language)
    if reply.answered or reply.kind == "sources":
        return reply
    return _message(question, reply.language, "followup.no_previous")


def _ask(
    store: KnowledgeStore,
    conversation: Conversation,
    resolved: str,
    question: str,
    hint: str | None,
    default_language: str,
) -> Reply:
    reply = answer_question(store, resolved, hint, default_language)
    reply = replace(reply, question=question)
    _remember(conversation, resolved, reply)
    return reply


def _remember(conversation: Conversation, resolved: str, reply: Reply) -> None:
    """Only answers become the previous answer: after "and China?" is refused, "and Japan?"
    still refers to the question before."""
    if reply.answered and reply.fact_ids:
        conversation.previous = Turn(resolved, reply.language, tuple(reply.fact_ids))
        conversation.shown = set(reply.fact_ids)


def _language(store: KnowledgeStore, question: str, hint: str | None, default: str) -> str:
    detection = detect_language(
        question, previous=hint, default=default, lexical_hint=store.language_of_word
    )
    return detection.language if detection.supported else hint or default


def _follow_up(
    store: KnowledgeStore,
    conversation: Conversation,
    previous: Turn,
    question: str,
    language: str,
    kind: FollowUpKind,
) -> Reply:
    cited = [store.facts[f] for f in previous.fact_ids if f in store.facts]
    if not cited:  # a reload removed them
        return _message(question, language, "followup.no_previous")
    if kind == "attribution":
        return _speakers_reply(store, question, language, cited)
    if kind == "more":
        facts = related_facts(store, previous.fact_ids, exclude=conversation.shown)
        if not facts:
            return _message(question, language, "followup.no_more")
        lead = [t(language, "followup.more_intro")]
    else:
        facts = _reasons(store, cited, conversation.shown)
        if not facts:
            return _message(question, language, "followup.no_reason")
        lead = [t(language, "followup.why_intro")]
    conversation.previous = Turn(previous.question, language, tuple(f.id for f in facts))
    conversation.shown |= {f.id for f in facts}
    return compose.facts_reply(store, question, language, facts, lead=lead)


def _reasons(store: KnowledgeStore, cited: list[Fact], shown: set[str]) -> list[Fact]:
    """Facts declaring they answer "why", about what the previous answer was about; facts not
    yet shown first."""
    scored = []
    for fact in store.facts.values():
        if "why" not in fact.answers:
            continue
        score = relatedness(cited, fact) + (10 if fact in cited else 0)
        if score >= 2:
            scored.append((fact.id in shown, -score, -fact.importance, fact.id, fact))
    return [s[-1] for s in sorted(scored, key=lambda s: s[:4])[:WHY_LIMIT]]


def _speakers_reply(
    store: KnowledgeStore, question: str, language: str, facts: list[Fact]
) -> Reply:
    """Who the previous answer's facts come from: each speaker once, with who they are."""
    paragraphs: list[Paragraph] = []
    citations = []
    numbers: dict[tuple[str, str], int] = {}
    names: list[str] = []
    for fact in facts:
        key = (fact.speaker, fact.document)
        if key in numbers:
            continue
        number = numbers.setdefault(key, len(numbers) + 1)
        speaker = store.speakers[fact.speaker]
        name = speaker.name.get(language)
        names.append(name)
        about = speaker.description.get(language) if speaker.description else None
        claim = t(language, f"followup.claim.{fact.claim_type}")
        shown = name[:1].upper() + name[1:]
        if about:
            line = t(language, "followup.speaker_about", speaker=shown, about=about, claim=claim)
        else:
            line = t(language, "followup.speaker", speaker=shown, claim=claim)
        paragraphs.append(Paragraph(line, None, (number,)))
        citations.append(citation_for(store, fact, number, language))
    names_text = join_names(names, language)
    lead = Paragraph(contract(t(language, "followup.speakers", names=names_text), language))
    return Reply(question, language, True, "sources", (lead, *paragraphs), tuple(citations))


def _message(question: str, language: str, key: str) -> Reply:
    return Reply(question, language, False, "refusal", (Paragraph(t(language, key)),))

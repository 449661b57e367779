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

import re
from dataclasses import dataclass, field, replace

from bot.answer import compose
from bot.answer.engine import answer_question
from bot.answer.language import detect_language
from bot.answer.multipart import answer_parts, split_parts
from bot.answer.related import related_facts, relatedness
from bot.answer.reply import Paragraph, Reply
from bot.knowledge.model import Fact
from bot.knowledge.store import KnowledgeStore
from bot.knowledge.terms import Token, analyse, concept_token, fold, raw_words
from bot.knowledge.terms import words as words_of
from bot.messages import t
from bot.wording.attribution import contract, join_names
from bot.wording.citations import citation_for

MAX_FOLLOW_UP_WORDS = 7  # longer messages carry their own topic: they are new questions
MAX_X_WORDS = 5  # "and X?": X is a short noun phrase ("et la Corée du Sud ?")
WHY_LIMIT = 2

_QMARKS = r"[\s?!.…]*$"
# "who says that?", "according to whom?", "qui dit ça ?", "selon qui ?", "source ?"
ATTRIBUTION = re.compile(
    r"^(and |et |mais )?(who|qui|by whom|par qui|according to whom|selon qui|d'apres qui|"
    r"source|sources|what source|which source|quelle source|c'est qui)"
    r"( (says|said|claims|claimed|reports|reported|is saying|told you|dit|a dit|disent|affirme|"
    r"affirment|l'affirme|le dit|l'a dit|pretend|rapporte|raconte|says so|qui dit|qui le dit))?"
    r"( (that|this|it|so|ca|cela|ceci))?"
    r"( (exactly|exactement|then|alors|au juste))?" + _QMARKS
)
# "more details?", "tell me more", "plus de détails", "et ensuite ?", "quoi d'autre ?"
MORE = re.compile(
    r"^(and |et |ok |okay |d'accord )?(please )?((tell me |give me |any |some )?more"
    r"( details?| info(rmation)?| about (it|this|that)| on (it|this|that)| please)?|"
    r"(any |some )?(more |further |other )?details?( please)?|what else|anything else|go on|"
    r"and then|then what|(encore )?(plus|davantage) de (details?|precisions?|infos?|"
    r"informations?)|(des |d'autres |plus de )?(details?|precisions?)|autre chose|"
    r"quoi d'autre|et ensuite|ensuite|la suite|encore|continue|developpe|dis-m'en plus|"
    r"dites-m'en plus|tu as d'autres infos|vous avez d'autres infos)" + _QMARKS
)
# "why?", "pourquoi ?", "how come?", "pour quelle raison ?"
WHY = re.compile(
    r"^(and |et |but |mais )?(why|how come|for what reason|pourquoi|pour quelle raison|"
    r"dans quel but|why so|pourquoi donc)( (is|was) (it|that)| (that|this|ca|cela|donc))?" + _QMARKS
)
# "and China?", "what about Japan?", "et la Chine ?", "et en échange ?"
AND_X = re.compile(
    r"^(and|et|what about|how about|and what about|et pour|et quid de|quid de|et du cote de|"
    r"et concernant|and for|and regarding|et s'agissant de) (?P<rest>.+?)" + _QMARKS
)
# A question of its own after "and" ("and who did Kim meet?") is not an "and X?" ellipsis.
QUESTION_WORDS = frozenset(
    "who whom what when where why how which did does do is are was were can could will "
    "qui que quoi quand ou pourquoi comment combien quel quelle quels quelles est-ce".split()
)
# Pronouns that stand for people named before ("what did they discuss?").
PERSON_PRONOUNS = frozenset(
    {"he", "she", "they", "him", "her", "them", "il", "elle", "ils", "elles", "lui", "leur"}
)
# Pronouns that stand for what was said before ("is it confirmed?", "c'est sûr, ça ?").
NEUTER_PRONOUNS = frozenset({"it", "this", "that", "ca", "cela", "ceci"})


@dataclass
class Turn:
    """The last answered question of a conversation, as understood."""

    question: str
    language: str
    fact_ids: tuple[str, ...]


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
    kind = _follow_up_kind(_folded(question))
    if previous is None:
        if kind is not None or _and_x_rest(question) is not None:
            return _without_context(store, conversation, question, hint, default_language)
    elif kind is not None:
        return _follow_up(store, conversation, previous, question, language, kind)
    swapped = _and_x(store, previous, question, language)
    if swapped is not None:
        resolved, refusal = swapped
        if refusal is not None:
            return refusal
        reply = _ask(store, conversation, resolved, question, hint, default_language)
        if reply.kind == "refusal" and not reply.answered:
            # "and China?": say the refusal is about China, not about "that".
            name = _and_x_rest(question) or ""
            line = Paragraph(t(language, "followup.not_for", name=name))
            reply = replace(reply, paragraphs=(line,))
        return reply
    parts = split_parts(question)
    if len(parts) > 1:
        # A later part's pronouns ("and how old is he?") refer to the first part's names.
        first = Turn(parts[0], language, ())
        within = first if _entity_tokens(store, parts[0]) else previous
        resolved_parts = [_with_referents(store, previous, parts[0])]
        resolved_parts += [_with_referents(store, within, part) for part in parts[1:]]
        replies = [answer_question(store, part, language, language) for part in resolved_parts]
        reply = answer_parts(store, question, parts, replies)
        _remember(conversation, question, reply)
        return reply
    resolved = _with_referents(store, previous, question)
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


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace("’", "'")).strip()


def _follow_up_kind(text: str) -> str | None:
    if len(text.split()) > MAX_FOLLOW_UP_WORDS:
        return None
    for kind, pattern in (("attribution", ATTRIBUTION), ("more", MORE), ("why", WHY)):
        if pattern.match(text):
            return kind
    return None


def _follow_up(
    store: KnowledgeStore,
    conversation: Conversation,
    previous: Turn,
    question: str,
    language: str,
    kind: str,
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


def _entity_tokens(store: KnowledgeStore, text: str) -> list[Token]:
    tokens = analyse(text, store.lexicon, ("fr", "en"))
    return [tok for tok in tokens if tok.concept and tok.concept.startswith("e_")]


def _entity_of(store: KnowledgeStore, concept: str) -> str | None:
    for entity_id, entity in store.entities.items():
        if concept_token("e", entity_id) == concept:
            return entity.kind
    return None


def _and_x_rest(question: str) -> str | None:
    """X as written in an "and X?" message; None if the message is not that shape."""
    folded = _folded(question)
    match = AND_X.match(folded)
    if match is None or len(folded.split()) > MAX_FOLLOW_UP_WORDS:
        return None
    rest = match["rest"].split()
    if len(rest) > MAX_X_WORDS or rest[0] in QUESTION_WORDS:  # "and who did Kim meet?"
        return None
    return " ".join(raw_words(question)[-len(raw_words(match["rest"])) :])


def _and_x(
    store: KnowledgeStore, previous: Turn | None, question: str, language: str
) -> tuple[str, Reply | None] | None:
    """For "and X?": the previous question with X swapped in (or added); None if not that shape."""
    rest = _and_x_rest(question)
    if rest is None or previous is None:
        return None
    rest_words = rest.split()
    new = _entity_tokens(store, rest)
    if not new:
        capitalised = [w for w in rest_words if w[:1].isupper()]
        if capitalised:  # a name the knowledge does not know: nothing to swap it into
            names = " ".join(capitalised)
            text = t(language, "refusal.unknown_name", names=names)
            return question, compose.refusal(store, question, language, text)
        return _ellipsis(store, previous, rest), None
    entity_ids = _entity_ids(store, new[:1])
    if entity_ids and not any(entity_ids[0] in f.entities for f in store.facts.values()):
        name = store.entities[entity_ids[0]].name.get(language)
        text = t(language, "refusal.unknown_name", names=name)
        return question, compose.refusal(store, question, language, text)
    old = _entity_tokens(store, previous.question)
    target = _replaced(store, old, new[0])
    if target is None:
        return _ellipsis(store, previous, rest), None
    words = raw_words(previous.question)
    span = len(raw_words(target.text))
    words[target.position : target.position + span] = [rest]
    return " ".join(words) + " ?", None


def _ellipsis(store: KnowledgeStore, previous: Turn, rest: str) -> str:
    """For "et en échange ?": the new words carry the topic, the previous question's entities the
    context (its other words would only bring back the fact already given)."""
    referents = _entity_ids(store, _entity_tokens(store, previous.question))
    names = [store.entities[e].name.get(previous.language) for e in referents]
    return " ".join([rest, *names])


def _replaced(store: KnowledgeStore, old: list[Token], new: Token) -> Token | None:
    """The entity of the previous question that X takes the place of: one of the same kind
    (a country for a country), the last one named if several."""
    kind = _entity_of(store, new.concept or "")
    same = [tok for tok in old if _entity_of(store, tok.concept or "") == kind]
    return same[-1] if same else None


def _with_referents(store: KnowledgeStore, previous: Turn | None, question: str) -> str:
    """A question whose only subjects are pronouns refers to the previous one: a person
    pronoun ("what did they discuss?") gets its entities, a neuter one ("is it confirmed?")
    its whole question."""
    if previous is None or _entity_tokens(store, question):
        return question
    words = set(words_of(question))
    if PERSON_PRONOUNS & words:
        referents = _entity_tokens(store, previous.question)
        names = [
            store.entities[e].name.get(previous.language) for e in _entity_ids(store, referents)
        ]
        return f"{question} {' '.join(names)}" if names else question
    if NEUTER_PRONOUNS & words:
        return f"{question} {previous.question}"
    return question


def _entity_ids(store: KnowledgeStore, tokens: list[Token]) -> list[str]:
    ids = []
    for tok in tokens:
        for entity_id in store.entities:
            if concept_token("e", entity_id) == tok.concept and entity_id not in ids:
                ids.append(entity_id)
    return ids

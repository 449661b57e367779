"""What kind of message is this? Small talk, a summary request, an attack, or a question, and
for a question: what type of answer it expects (`answer_types.py`) and whose words it asks
about. Politeness around it is removed first (`politeness.py`).

Patterns run on accent-folded, lower-case text (`terms.fold`), so "Résume" and "resume" match
alike. Every pattern is a behaviour, not a particular question: a greeting, a request for a
summary, a request to invent, a question about a price...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answer.answer_types import answer_type as answer_type_of
from bot.answer.answer_types import any_of as _any
from bot.answer.details import Detail, Relation, asked_detail, relations
from bot.knowledge.model import AnswerType
from bot.knowledge.terms import fold

GREETING = _any(
    r"^(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening)|yo)\b[\s!.,]*"
    r"(a tous|everyone|there|le bot|bot|toi)?[\s!.,]*$"
)
THANKS = _any(
    r"^(merci|thanks|thank you|thx|cheers|super merci|merci beaucoup|many thanks)\b.{0,30}$"
)
ACK = _any(r"^(ok|okay|d'accord|dac|lol|cool|super|great|nice|parfait|perfect|top|genial)[\s!.]*$")
ABOUT = _any(
    r"\b(who|what) are you\b",
    r"\bwhat can you do\b",
    r"\bhow (do|does) (this|it|you) work\b",
    r"\bqui es-tu\b",
    r"\bqui etes-vous\b",
    r"\btu es qui\b",
    r"\bcomment tu t'appelles\b",
    r"\bque (sais|peux)-tu\b",
    r"\bqu'est-ce que tu (sais|peux)\b",
    r"^(help|aide|\?+)[\s!.?]*$",
    r"\bwhat do you know\b",
    r"\bcomment (ca|tu) marche\b",
    r"\bcomment fonctionnes-tu\b",
)
OPINION = _any(
    r"\b(what do you think|do you think|your (opinion|view)|in your opinion)\b",
    r"\b(que|qu'en) pense[sz]?-(tu|vous)\b",
    r"\b(ton|votre) avis\b",
    r"\bselon toi\b",
    r"\b(is|was) .{1,40} (a )?(good|bad|great|evil|terrible) (leader|man|person|idea|thing)\b",
    r"\best-(il|elle|ce) (un|une) (bon|bonne|mauvais|mauvaise)\b",
    r"\b(do you|tu) (like|aimes?|support|soutiens)\b",
    # a judgement asked of the bot, not of a source: is someone right, is it good news
    r"\b(a|ont|avait|avaient)((-t)?-(il|elle|ils|elles|on))? (eu )?(raison|tort)\b",
    r"\b(is|are|was|were) (he|she|they|it|\w+( \w+){0,3}) (right|wrong) to\b",
    r"\b(good|bad) news\b|\b(bonne|mauvaise) nouvelle\b",
    r"\b(is|was) (it|this|that) (a )?(good|bad) (thing|idea)\b",
    r"\best-ce (que c'est )?(une )?(bonne|mauvaise) (chose|idee)\b",
)
BYE = _any(r"^(au revoir|bye|goodbye|a plus|a bientot|see you|ciao)\b[\s!.]*$")
INJECTION = _any(
    r"\b(ignore|disregard|forget|oublie|ignorez|oubliez)\b.{0,40}\b(rules?|instructions?|regles?|"
    r"consignes?|prompt|guidelines?|previous|precedentes?)\b",
    r"\b(system prompt|jailbreak|developer mode|mode developpeur|you are now|tu es maintenant|"
    r"pretend (to be|that|you)|fais semblant|act as|agis comme)\b",
    r"\b(invent|invente[rz]?|make up|fabricate|imagine|fabrique[rz]?)\b.{0,40}"
    r"\b(quote|citation|statement|declaration|story|histoire|fact|fait|news|nouvelle)s?\b",
    r"\b(fake|fausse?s?|faux)\b.{0,20}\b(quote|citation|news|nouvelle|article|statement|"
    r"declaration|communique|speech|discours)s?\b",
    r"^(say|write|dis|ecris|repete|repeat|affirme)\b.{0,20}\b(that|que|qu)\b",
    r"\b(repeat after me|repete apres moi|repetez apres moi)\b",
    r"^(write|ecris|redige|compose)\b.{0,30}\b(statement|quote|citation|article|speech|"
    r"discours|communique|declaration|tweet|post)\b",
    r"\b(your|tes|vos) (instructions|prompt|system|regles|consignes)\b",
)
CHITCHAT = _any(
    r"\b(joke|blague|funny|drole|poem|poeme|chanson|song|sing|chante|horoscope|recipe|recette|"
    r"cook|cuisine|cuisiner)\b",
    r"\b(weather|meteo|forecast|temperature)\b|\bquel temps\b|\btemps fait\b",
    r"\b(how are you|comment (ca|vas|allez)|ca va\b|what time is it|quelle heure)\b",
    r"\b(score|match de foot|football|bitcoin|stock price|cours de la bourse)\b",
    r"\b(translate|traduis|traduire|traduisez)\b",
)
SUMMARY = _any(
    r"\b(resume[rsz]?|resumes|summar(y|ise|ize)|overview|tl ?;? ?dr|recap|recapitul\w*|synthese|"
    r"l'essentiel|essentiel|the gist|gist|key points|points? cles?|main points|en bref|in short|"
    r"brief me|briefing)\b",
    r"\b(what'?s|what is|what was) (this|it|the (news|article|story)) (all )?about\b",
    r"\bde quoi (s'agit|parle|est-il question|il s'agit|ca parle)\b",
    r"\bc'est quoi (l'histoire|cette histoire|l'info|l'actu|cette actu|le sujet)\b",
    r"\b(what'?s|what is) the (story|big picture|headline)\b",
    r"\b(presente[rz]?|explique[rz]?|raconte[rz]?)\b.{0,30}\b(actualite|article|nouvelle|news|"
    r"histoire|situation|deux mots|en bref|en gros)\b",
    r"\b(ce qui se passe|en quelques (mots|phrases|lignes)|in a few (words|sentences|lines))\b",
    r"\b(deux mots|en gros|quoi de neuf|what'?s new|what happened|que s'est-il passe|"
    r"que se passe-t-il|qu'est-ce qui s'est passe|give me the news|the news)\b",
    r"\b(explain|tell me about|describe)\b.{0,20}\b(this|the) (news|article|story|situation)\b",
)
# A question answered by yes or no: "Did South Korea send soldiers?", "La Russie a-t-elle livré
# des missiles ?" (not "Qui a-t-il rencontré ?").
YES_NO = _any(
    r"^(did|does|do|is|are|was|were|has|have|had|can|could|will|would|est-ce qu)\b",
    r"^(?!((a|avec|de|sur|pour|par|en|dans|vers|contre|chez|depuis|selon|d') ?)?(qui|que|qu|quoi|"
    r"quand|ou|pourquoi|comment|combien|quel|quelle|quels|quelles|lequel|laquelle)\b)"
    r"[^?]*\b\w+-(t-)?(il|elle|ils|elles|on)\b",
)
CONFIRMATION = _any(
    r"\b(is|was|has) (it|this|that)( been)? (really )?(confirmed|official|true|a fact|certain|"
    r"verified|proven|sure)\b",
    r"\b(est-ce|c'est|est il|est-il) (que )?(vraiment )?(confirme|officiel|vrai|un fait|certain|"
    r"avere|prouve|sur|verifie)\b",
    r"\b(confirmed|officially|confirme|officiellement|really true|vraiment vrai)\b",
    r"\b(is it a fact|c'est un fait|est-ce un fait|fact that|fait que)\b",
)
# "What did X say / how did X react / qu'a dit X": the answer must come from X.
SPEAKER_SPAN = _any(
    r"\bwhat (did|does|do|has|have) (?P<en1>.{2,40}?) (say|said|think|thought|respond|reply|"
    r"answer|declare|claim|state)\b",
    r"\bhow (did|does|do|has|have) (?P<en2>.{2,40}?) (react|respond|reply|answer)\b",
    r"\b(?P<en3>[\w' .-]{2,40}?)'s (reaction|response|position|view)\b",
    r"\b(reaction|response|position) (of|from) (?P<en4>.{2,40}?)(\?|$| to | on | about )",
    r"\bqu'(a|ont|avait|avaient)(-t-(il|elle|on))? (dit|repondu|declare|affirme|pense|reagi)"
    r" (?P<fr1>.{2,40}?)( a propos| au sujet| sur | aux? | de cette| \?|$)",
    r"\b(reaction|position|reponse|avis) (de|du|des|d') ?(?P<fr2>.{2,40}?)( a propos| au sujet|"
    r" sur | aux? | face| \?|$)",
    r"\bqu'en (pense|pensent|dit|disent) (?P<fr3>.{2,40}?)( \?|$)",
    r"\bcomment (?P<fr4>.{2,40}?) (a|ont)(-t-(il|elle))? (reagi|repondu)\b",
    r"\b(?P<fr5>[\w' .-]{2,40}?) (a|ont)(-t-(il|elle|ils|elles))? (reagi|repondu)\b",
    # "What statements did X make?", « Quelles déclarations X a-t-il faites ? »: X's words.
    r"\bwhat (statements?|remarks?|comments?|declarations?) (did|has|have) (?P<en6>.{2,40}?) "
    r"(make|made|give|given|issue|issued)\b",
    r"\bquel(le)?s? (declarations?|propos|paroles|commentaires?) (?P<fr7>.{2,40}?) "
    r"(a|ont)(-t-(il|elle|ils|elles|on)|-(ils|elles))? (fait|faites|tenus?|prononcee?s?|eus?)\b",
    # "according to X" / "selon X": X is who says it (an attribution, not a direction).
    r"\baccording to (?!whom\b|you\b|which\b)(?P<en5>[\w' .-]{2,40}?)(\?|$|,)",
    # "l'information selon laquelle...": a relative clause, not a speaker.
    r"\b(selon|d'apres) (?!qui\b|toi\b|vous\b|laquelle\b|lequel\b|lesquel)"
    r"(?P<fr6>[\w' .-]{2,40}?)(\?|$|,)",
)


# "What are your sources?": asked without a topic, the answer is the list of documents.
SOURCES = _any(
    r"\b(what|which) (is|are) (your|the) sources?\b",
    r"\bwhere (does|do) (this|that|the|your) "
    r"(information|info|news|facts?) come from\b",
    r"\b(quelles? (sont|est)|c'est quoi) "
    r"(tes|vos|la|les|ta|votre) sources?\b",
    r"\bd'ou (viennent|vient|tiens-tu|tenez-vous)\b",
    r"\b(tes|vos) sources\b",
    r"\byour sources\b",
)
# Questions about what will happen: only estimates and analyses speak of the future.
FUTURE = _any(
    r"\bwill\b",
    r"\bgoing to\b",
    r"\bnext (year|month|week)\b",
    r"\bin the future\b",
    r"\b(va|vont)((-t)?-(il|elle|ils|elles|on))? (se |s'|me |m'|te |t'|nous |vous |y |en )?"
    r"\w+(er|ir|re)\b",
    r"\bprochaine?\b",
    r"\ba l'avenir\b",
    r"\bdans le futur\b",
    r"\b(planned|scheduled|prevue?s?|programmee?s?|envisagee?s?)\b",
    r"\b\w{3,}(eront|iront|era|ira)(-t-\w+)?\b",
)


# What a message is: a question, or one of the messages answered without retrieval.
IntentKind = Literal[
    "question",
    "summary",
    "greeting",
    "thanks",
    "bye",
    "ack",
    "about",
    "opinion",
    "injection",
    "chitchat",
]


@dataclass(frozen=True)
class Intent:
    kind: IntentKind
    answer_type: AnswerType | None = None
    detail: Detail | None = None  # what the fact's text must hold (a date, a number...)
    relations: frozenset[Relation] = frozenset()  # "after the meeting", "anyone else"
    confirmation: bool = False
    yes_no: bool = False  # answered by yes or no
    future: bool = False
    asks_sources: bool = False
    speaker_span: str | None = None  # text naming the one whose words are asked for


def classify(text: str) -> Intent:
    folded = re.sub(r"\s+", " ", fold(text).replace("’", "'")).strip()
    if INJECTION.search(folded):
        return Intent("injection")
    if GREETING.search(folded):
        return Intent("greeting")
    if THANKS.search(folded):
        return Intent("thanks")
    if BYE.search(folded):
        return Intent("bye")
    if ACK.search(folded):
        return Intent("ack")
    if ABOUT.search(folded):
        return Intent("about")
    if OPINION.search(folded):
        return Intent("opinion")
    if CHITCHAT.search(folded):
        return Intent("chitchat")
    answer_type = answer_type_of(folded)
    placed = relations(folded)
    if answer_type is None and not placed and SUMMARY.search(folded):
        return Intent("summary")
    span = None
    match = SPEAKER_SPAN.search(folded)
    if match:
        span = next((v for v in match.groupdict().values() if v), None)
    return Intent(
        "question",
        answer_type=answer_type,
        detail=asked_detail(folded, answer_type),
        relations=placed,
        confirmation=bool(CONFIRMATION.search(folded)),
        yes_no=bool(YES_NO.search(folded)),
        future=bool(FUTURE.search(folded)),
        asks_sources=bool(SOURCES.search(folded)),
        speaker_span=span,
    )

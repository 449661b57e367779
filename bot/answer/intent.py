"""What kind of message is this? Small talk, a summary request, an attack, or a question, and
for a question: what type of answer it expects and whose words it asks about.

Patterns run on accent-folded, lower-case text (`terms.fold`), so "Résume" and "resume" match
alike. Every pattern is a behaviour, not a particular question: a greeting, a request for a
summary, a request to invent, a question about a price...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.terms import fold


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


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
    r"\b(deux mots|en gros|quoi de neuf|what'?s new|what happened|que s'est-il passe|"
    r"que se passe-t-il|qu'est-ce qui s'est passe|give me the news|the news)\b",
    r"\b(explain|tell me about|describe)\b.{0,20}\b(this|the) (news|article|story|situation)\b",
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
    # "according to X" / "selon X": X is who says it (an attribution, not a direction).
    r"\baccording to (?!whom\b|you\b)(?P<en5>[\w' .-]{2,40}?)(\?|$|,)",
    r"\b(selon|d'apres) (?!qui\b|toi\b|vous\b)(?P<fr6>[\w' .-]{2,40}?)(\?|$|,)",
)

# Question types a fact must declare in `answers` to be an answer (see model.AnswerType).
ANSWER_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("age", _any(r"\bquel age\b", r"\bhow old\b", r"\bage (de|of)\b", r"\b(son|his|her) age\b")),
    (
        "how_long",
        _any(
            r"\bcombien de temps\b",
            r"\bhow long\b",
            r"\bduree\b",
            r"\bduration\b",
            r"\b(a|ont) dure\b",
            r"\blast(ed)?\b.{0,15}\?*$",
        ),
    ),
    (
        "how_much",
        _any(
            r"\bcombien (coute|coutent|vaut|valent|ca coute|d'argent)\b",
            r"\bhow much (does|did|do|is|was|money|will)\b",
            r"\b(prix|price|cost|couts?|"
            r"coute|coutent|montant|amount|valeur|value|dollars?|euros?|paid|paye)\b",
        ),
    ),
    (
        "how_many",
        _any(
            r"\bcombien\b",
            r"\bhow many\b",
            r"\bnombre (de|d')\b",
            r"\bnumber of\b",
            r"\bquantit(e|y)\b",
            r"\bhow much\b",
        ),
    ),
    (
        "when",
        _any(
            r"\bquand\b",
            r"\bwhen\b",
            r"\bquel(le)? (jour|date|annee|mois|moment)\b",
            r"\bwhat (day|date|year|month|time)\b",
            r"\ba quel moment\b",
            r"\bsince when\b",
            r"\bdepuis quand\b",
            r"\ben quelle annee\b",
            r"\bwhich (day|date|year)\b",
        ),
    ),
    (
        "where",
        _any(
            r"\bwhere\b",
            r"\bdans quel(le)? (pays|ville|lieu|endroit)\b",
            r"\bquel lieu\b",
            r"\bquel endroit\b",
            r"\bin which (country|city|place)\b",
            r"\bwhat place\b",
            r"(^|\s)ou (a eu lieu|ont eu lieu|s'est|se sont|se trouv|etai|a lieu)",
        ),
    ),
    (
        "why",
        _any(
            r"\bpourquoi\b",
            r"\bwhy\b",
            r"\bdans quel but\b",
            r"\bfor what purpose\b",
            r"\bwhat for\b",
            r"\bquelle raison\b",
            r"\bwhat reason\b",
        ),
    ),
    (
        "who",
        _any(
            r"\bqui\b",
            r"\bwho\b",
            r"\bwhom\b",
            r"\bselon qui\b",
            r"\b(quelle est|quelles sont) (la|les) sources?\b",
            r"\b(what|which) (is|are) the sources?\b",
            r"\bwhich sources?\b",
            r"\baccording to whom\b",
            r"\bquel(le)? (personne|responsable|dirigeant|ministre|pays|officiel|source)\b",
            r"\bwhich( \w+)? (official|person|minister|leader|country|countries|source)\b",
            r"\bquel(le)?s? (\w+ )?(responsable|dirigeant|ministre|officiel|pays)\b",
        ),
    ),
)
# Types no fact can be stretched to answer: without a fact declaring them, refuse.
STRICT_TYPES = frozenset({"age", "how_long", "how_much", "when", "where", "how_many"})


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
    r"\b(va|vont)(-t-(il|elle|ils|elles|on))? \w+(er|ir|re)\b",
    r"\bprochaine?\b",
    r"\ba l'avenir\b",
    r"\bdans le futur\b",
    r"\b\w{3,}(eront|iront|era|ira)(-t-\w+)?\b",
)


# Politeness around a question: greetings, apologies, "could you tell me", thanks. Matched on the
# original text (accented letters as classes), removed before the question is analysed.
_E = "[eéèê]"
_LEADING = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            r"(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening)|"
            r"dear \w+|cher \w+|ch[eè]re \w+)( there| [aà] tous| everyone)?\s*[,!.]+",
            rf"(excuse[sz]?-moi|pardon|d{_E}sol{_E}e?|sorry)"
            rf"( de (vous|te) (d{_E}ranger|emb{_E}ter)|"
            r" to (bother|disturb) you)?\s*[,!.]*\s*(mais|but)?",
            rf"(est-ce que )?(pourriez|pouvez|peux|pourrais|sauriez|saurais|savez|sais)-?(vous|tu)"
            rf"( bien)?( me| m')?( dire| expliquer| indiquer| pr{_E}ciser)?",
            r"(je voudrais|j'aimerais|je souhaiterais|je souhaite|je veux) (bien )?"
            r"(savoir|comprendre|conna[iî]tre)",
            r"(could|can|would) you( please)?( kindly)? (tell|explain( to)?|let) me( know)?",
            r"i would be (very |most )?grateful if you could( please)?( tell me| explain)?",
            r"i('d| would) (like|love) to (know|understand)",
            r"(please )?(tell|explain to) me",
            r"(dis|dites|explique|expliquez)-moi",
            r"please",
        )
    )
    + r"\s*[,:]?\s*",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"[\s,.!]*\b(merci( beaucoup| bien| d'avance)?|thanks( a lot| in advance)?|"
    r"thank you( very much| in advance)?|(kind |best )?regards|cordialement|"
    r"bonne (journ[eé]e|soir[eé]e)|s'il (te|vous) pla[iî]t|please|stp|svp)[\s!.]*$",
    re.IGNORECASE,
)


def strip_politeness(text: str) -> str:
    """The question without the greetings, apologies and thanks around it ("" if only those)."""
    previous = None
    text = text.strip().replace("’", "'")
    while previous != text:
        previous = text
        text = _LEADING.sub("", text, count=1) if _LEADING.match(text) else text
        text = _TRAILING.sub("", text).strip()
        text = re.sub(r"\s*,?\s*(s'il (te|vous) pla[iî]t|please)\s*(?=[?.!]*$)", "", text)
    return text


@dataclass(frozen=True)
class Intent:
    # question | summary | greeting | thanks | bye | ack | about | opinion | injection | chitchat
    kind: str
    answer_type: str | None = None
    confirmation: bool = False
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
    answer_type = next((name for name, pattern in ANSWER_TYPES if pattern.search(folded)), None)
    if answer_type is None and SUMMARY.search(folded):
        return Intent("summary")
    span = None
    match = SPEAKER_SPAN.search(folded)
    if match:
        span = next((v for v in match.groupdict().values() if v), None)
    return Intent(
        "question",
        answer_type=answer_type,
        confirmation=bool(CONFIRMATION.search(folded)),
        future=bool(FUTURE.search(folded)),
        asks_sources=bool(SOURCES.search(folded)),
        speaker_span=span,
    )

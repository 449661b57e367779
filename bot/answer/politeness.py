"""Politeness around a question: greetings, apologies, "could you tell me", thanks, and the
sentences around the one that asks. Removed before the question is analysed, so "Bonjour,
pourriez-vous me dire qui Kim a reçu ? Merci !" is understood as "qui Kim a reçu ?" and
"Merci" is not taken for a topic.
"""

from __future__ import annotations

import re

from bot.answer.query import FILLERS
from bot.knowledge.stopwords import STOPWORDS
from bot.knowledge.terms import words

# Matched on the original text (accented letters as classes).
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


# A sentence ends at . ! ? : or ; followed by a space ("Hello, hope you are well. My question
# is simple: who is Kim Jong Un?"); the French space before ? ! : stays with its sentence.
_SENTENCE = re.compile(r"[^.!?:;]+(?:\s?[.!?:;]+|$)")
# A question sentence shorter than this ("Why?") leans on the sentences before it.
MIN_QUESTION_WORDS = 3


def question_sentences(text: str) -> str:
    """In a message of several sentences, the ones that ask ("?"): a preamble ("I was reading
    the news and wondered:") or a closing remark carries no topic. The whole text otherwise."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    asking = [s for s in sentences if s.endswith("?")]
    if len(sentences) < 2 or not asking or len(asking) == len(sentences):
        return text
    if sum(len(s.split()) for s in asking) < MIN_QUESTION_WORDS:
        return text
    # "Pétrole et gaz : who says so?": a question of frame words only asks about what the
    # sentences before it name.
    if not any(w not in STOPWORDS and w not in FILLERS for w in words(" ".join(asking))):
        return text
    return " ".join(asking)

"""The shapes of follow-up messages, recognised by form, not by topic: who says it, more,
why, and "and X?". A message longer than `MAX_FOLLOW_UP_WORDS` carries its own topic and is a
new question.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.knowledge.terms import fold, raw_words

FollowUpKind = Literal["attribution", "more", "why"]

MAX_FOLLOW_UP_WORDS = 7  # longer messages carry their own topic: they are new questions
MAX_X_WORDS = 5  # "and X?": X is a short noun phrase ("et la Corée du Sud ?")

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


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace("’", "'")).strip()


def follow_up_kind(text: str) -> FollowUpKind | None:
    if len(text.split()) > MAX_FOLLOW_UP_WORDS:
        return None
    shapes: tuple[tuple[FollowUpKind, re.Pattern[str]], ...] = (
        ("attribution", ATTRIBUTION),
        ("more", MORE),
        ("why", WHY),
    )
    for kind, pattern in shapes:
        if pattern.match(text):
            return kind
    return None


def and_x_rest(question: str) -> str | None:
    """X as written in an "and X?" message; None if the message is not that shape."""
    text = folded(question)
    match = AND_X.match(text)
    if match is None or len(text.split()) > MAX_FOLLOW_UP_WORDS:
        return None
    rest = match["rest"].split()
    if len(rest) > MAX_X_WORDS or rest[0] in QUESTION_WORDS:  # "and who did Kim meet?"
        return None
    return " ".join(raw_words(question)[-len(raw_words(match["rest"])) :])

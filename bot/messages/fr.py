"""Textes en français. Keys are shared with `en.py`; keep both files in the same order."""

TEXTS: dict[str, str] = {
    # answers
    "answer.sources": "Sources :",
    "answer.citation": "{number}. {source} — « {document} », {date}",
    "answer.not_confirmed": "Ce n'est pas confirmé : c'est une affirmation de {speaker}, que l'article ne confirme pas.",
    "answer.premise": "Pas tout à fait :",
    "answer.summary_intro": "En bref :",
    # refusals
    "refusal.unknown": "Je n'ai pas d'information à ce sujet dans mes sources.",
    "refusal.unknown_name": "Mes sources ne mentionnent pas {names}.",
    "refusal.not_said": "Mes sources ne rapportent pas ce que {speaker} a dit à ce sujet.",
    "refusal.no_detail": "Mes sources ne donnent pas cette précision.",
    "refusal.hint": "Je peux répondre sur : {topics}. Essayez par exemple « {example} » ou /brief pour le résumé du jour.",
    "refusal.other_language": "Je réponds en français et en anglais seulement.",
    "refusal.injection": "Je ne peux pas faire cela : je réponds uniquement à partir des faits de mes sources, sans rien inventer.",
    "refusal.chitchat": "Je ne peux pas vous aider pour cela : je suis un assistant d'actualité qui répond à partir de mes sources.",
    "refusal.gibberish": "Je n'ai pas compris la question. Pouvez-vous la reformuler ?",
    "refusal.empty": "Posez-moi une question sur l'actualité, par exemple « Qui Kim Jong Un a-t-il rencontré ? »",
    # small talk
    "smalltalk.greeting": "Bonjour ! Posez-moi une question sur l'actualité ou tapez /brief pour le résumé du jour.",
    "smalltalk.thanks": "Avec plaisir ! N'hésitez pas si vous avez d'autres questions.",
    "smalltalk.bye": "Au revoir, à bientôt !",
    # claim-type wording (prefixes put before a fact's text)
    "claim.statement": "Selon {speaker}, {text}",
    "claim.accusation": "{text}",
    "claim.estimate": "Selon {speaker}, {text}",
    "claim.unverified_report": "{speaker_cap} affirme que {text} (information non vérifiée)",
    "claim.quote": "{text}",
    "claim.background": "L'article note que {text}",
    "claim.analysis": "Selon l'analyse de l'article, {text}",
    # console
    "console.welcome": "briefbot — chat dans le terminal. Posez une question en français ou en anglais.\nCommandes : /brief (résumé du jour), /sources, /help, /quit (ou Ctrl-D).",
    "console.help": "Posez une question sur l'actualité, en français ou en anglais (ex. « Qui Kim Jong Un a-t-il rencontré ? »).\nCommandes : /brief, /sources, /help, /quit.",
    "console.no_brief": "Le résumé du jour n'est pas encore disponible.",
    "console.sources_title": "Documents :",
    "console.cited": "Cités : {names}",
    "console.broken_knowledge": "Corrigez ces erreurs dans les fichiers de connaissances puis relancez.",
}

"""English texts. Keys are shared with `fr.py`; keep both files in the same order."""

TEXTS: dict[str, str] = {
    # answers
    "answer.sources": "Sources:",
    "answer.citation": "{number}. {source} — “{document}”, {date}",
    "answer.not_confirmed": "This is not confirmed: it is a claim by {speaker}, which the article does not confirm.",
    "answer.premise": "Not quite:",
    "answer.summary_intro": "In short:",
    # refusals
    "refusal.unknown": "I have no information about that in my sources.",
    "refusal.unknown_name": "My sources do not mention {names}.",
    "refusal.not_said": "My sources do not report what {speaker} said about this.",
    "refusal.no_detail": "My sources do not give that detail.",
    "refusal.hint": "I can answer about: {topics}. Try for example “{example}” or /brief for today's briefing.",
    "refusal.other_language": "I answer in French and English only.",
    "refusal.injection": "I can't do that: I only answer from the facts in my sources, without making anything up.",
    "refusal.chitchat": "I can't help with that: I am a news assistant answering from my sources.",
    "refusal.gibberish": "I didn't understand the question. Could you rephrase it?",
    "refusal.empty": "Ask me a question about the news, for example “Who did Kim Jong Un meet?”",
    # small talk
    "smalltalk.greeting": "Hello! Ask me a question about the news or type /brief for today's briefing.",
    "smalltalk.thanks": "You're welcome! Feel free to ask anything else.",
    "smalltalk.bye": "Goodbye, see you soon!",
    # claim-type wording (prefixes put before a fact's text)
    "claim.statement": "According to {speaker}, {text}",
    "claim.accusation": "{text}",
    "claim.estimate": "According to {speaker}, {text}",
    "claim.unverified_report": "{speaker_cap} claims that {text} (unverified)",
    "claim.quote": "{text}",
    "claim.background": "The article notes that {text}",
    "claim.analysis": "In the article's analysis, {text}",
    # console
    "console.welcome": "briefbot — terminal chat. Ask a question in French or English.\nCommands: /brief (today's briefing), /sources, /help, /quit (or Ctrl-D).",
    "console.help": "Ask a question about the news, in French or English (e.g. “Who did Kim Jong Un meet?”).\nCommands: /brief, /sources, /help, /quit.",
    "console.no_brief": "Today's briefing is not available yet.",
    "console.sources_title": "Documents:",
    "console.cited": "Cited: {names}",
    "console.broken_knowledge": "Fix these errors in the knowledge files, then start again.",
}

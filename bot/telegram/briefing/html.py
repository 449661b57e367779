"""The brief in Telegram HTML: bold headings, block quotes, linked source titles."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefing.compose import Brief, BriefItem, BriefSection
from bot.messages import t
from bot.telegram.rendering import MAX_MESSAGE, bold, citation_line, esc
from bot.wording.citations import Citation


class HtmlStyle:
    """The style `Brief.render` calls for each part of the brief."""

    def header(self, brief: Brief) -> str:
        return f"{bold(brief.title)}\n{esc(f'{brief.headline} {brief.headline_marks}'.rstrip())}"

    def section(self, section: BriefSection) -> str:
        return bold(section.title)

    def item(self, brief: Brief, item: BriefItem) -> str:
        mark = t(brief.language, "brief.new_mark") + " " if item.new else ""
        line = f"• {mark}{esc(item.text)} {item.marks}"
        return f"{line}\n<blockquote>{esc(item.quote)}</blockquote>" if item.quote else line

    def sources(self, brief: Brief, citations: Sequence[Citation]) -> str:
        lines = [bold(t(brief.language, "answer.sources"))]
        return "\n".join(lines + [citation_line(brief.language, c) for c in citations])


HTML = HtmlStyle()


def render_brief(brief: Brief, limit: int = MAX_MESSAGE) -> list[str]:
    """The brief as Telegram HTML messages, split between items when it exceeds `limit`."""
    return brief.render(HTML, limit)

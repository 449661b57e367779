"""briefbot: a bilingual (French/English) briefing assistant built on curated, attributed facts."""

__version__ = "0.1.0"

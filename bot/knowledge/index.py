"""Build the SQLite index from validated knowledge, and swap it in atomically.

The index is derived data: it is written to a temporary file and renamed over the old one, so a
reader always sees either the previous complete index or the new complete one, and a failed
build leaves the previous index serving.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from bot.knowledge import encoder
from bot.knowledge.build_progress import Progress, Reporter
from bot.knowledge.loader import Knowledge, directory_version, load_directory
from bot.knowledge.model import Fact
from bot.knowledge.terms import Lexicon, concept_token, index_terms, words

SCHEMA_VERSION = "6"
FTS_TOKENIZER = "unicode61 remove_diacritics 2 tokenchars '_'"
# bm25 weights of the fact_terms columns: body, questions, names.
COLUMN_WEIGHTS = (1.0, 0.8, 0.6)
# Every table `KnowledgeStore.open` reads: (columns, primary key). Created explicitly, because
# sqlite-utils' insert_all creates no table for an empty list (knowledge without entities or
# synonyms would otherwise give an index the store cannot open).
TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    "meta": ({"key": str, "value": str}, "key"),
    "documents": ({"id": str, "data": str}, "id"),
    "speakers": ({"id": str, "data": str}, "id"),
    "entities": ({"id": str, "data": str}, "id"),
    "lexicon": ({"phrase": str, "concept": str}, ("phrase", "concept")),
    "vocabulary": ({"word": str}, "word"),
    "facts": (
        {
            "id": str,
            "document": str,
            "speaker": str,
            "claim_type": str,
            "importance": int,
            "event_date": str,
            "data": str,
        },
        "id",
    ),
    "fact_terms": ({"fact_id": str, "body": str, "questions": str, "names": str}, "fact_id"),
    # The meaning of each fact (encoder.py): its vector, by content key, so the next build
    # reuses the vectors of unchanged facts.
    "fact_vectors": ({"fact_id": str, "key": str}, "fact_id"),
    "vectors": ({"key": str, "vector": bytes}, "key"),
}


def lexicon_entries(kb: Knowledge) -> list[tuple[str, str]]:
    """Every phrase that names a concept, with the concept's index token."""
    entries: list[tuple[str, str]] = []
    for entity in kb.entities.values():
        token = concept_token("e", entity.id)
        for phrase in (entity.name.fr, entity.name.en, *entity.aliases):
            entries.append((phrase, token))
        entries.extend((d, concept_token("d", entity.id)) for d in entity.demonyms)
    for group in kb.synonyms.values():
        entries.extend((term, concept_token("s", group.id)) for term in group.terms)
    return entries


def make_lexicon(entries: Iterable[tuple[str, str]]) -> Lexicon:
    lexicon = Lexicon()
    # Longer phrases first: a demonym or synonym never shadows an entity's full name.
    for phrase, concept in sorted(entries, key=lambda e: (-len(e[0]), e[0])):
        lexicon.add(phrase, concept)
    return lexicon


def fact_columns(fact: Fact, kb: Knowledge, lexicon: Lexicon) -> dict[str, str]:
    """The three full-text columns of a fact: what it says, what it answers, who/what it names."""
    body = [
        term
        for lang in fact.text.languages
        for term in index_terms(fact.text.get(lang), lexicon, lang)
    ]
    if fact.quote:
        body += index_terms(fact.quote.original, lexicon, fact.quote.language)
        body += index_terms(fact.quote.translation, lexicon, fact.quote.translation_language)
    questions = [
        term
        for language in ("fr", "en")
        for question in fact.questions.get(language)
        for term in index_terms(question, lexicon, language)
    ]
    speaker = kb.speakers[fact.speaker]
    names = [concept_token("e", e) for e in (*fact.entities, *speaker.entities)]
    names += index_terms(speaker.name.fr, lexicon, "fr") + index_terms(
        speaker.name.en, lexicon, "en"
    )
    if speaker.description:  # "the official news agency" finds what KCNA reports
        names += index_terms(speaker.description.fr, lexicon, "fr")
        names += index_terms(speaker.description.en, lexicon, "en")
    return {"body": " ".join(body), "questions": " ".join(questions), "names": " ".join(names)}


def vocabulary(kb: Knowledge, lexicon: Lexicon) -> set[str]:
    """Every word the index knows, for typo correction of questions."""
    texts: list[str] = []
    for fact in kb.facts.values():
        texts += [fact.text.get(lang) for lang in fact.text.languages]
        texts += [*fact.questions.fr, *fact.questions.en]
        if fact.quote:
            texts += [fact.quote.original, fact.quote.translation]
    for speaker in kb.speakers.values():
        texts += [speaker.name.fr, speaker.name.en]
        if speaker.description:
            texts += [speaker.description.fr, speaker.description.en]
    found = {w for text in texts for w in words(text)}
    return found | lexicon.vocabulary()


def vector_text(fact: Fact) -> str:
    """The text whose meaning stands for the fact: its English text (measured on the bundled
    knowledge, it ranked the right fact first more often than the French text or both); a fact
    written only in French stands for itself in French."""
    return fact.text.get("en")


def _reuse_vectors(path: Path) -> None:
    """Hand the vectors of the index being replaced to the encoder's cache."""
    if not path.is_file():
        return
    with contextlib.suppress(Exception):  # an old schema or a corrupt file: encode again
        db = sqlite_utils.Database(path)
        try:
            for key, vector in db.execute("SELECT key, vector FROM vectors"):
                encoder.remember(key, vector)
        finally:
            db.close()


def _reported(facts: Iterable[Fact], total: int, progress: Reporter) -> Iterator[Fact]:
    for done, fact in enumerate(facts, 1):
        yield fact
        progress("index", done, total)


def build_index(kb: Knowledge, path: Path, progress: Progress | None = None) -> None:
    """Write a complete index next to `path`, then rename it over `path`; `progress` hears
    how far it got (and so does `briefbot doctor`, through build_progress.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _reuse_vectors(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.building")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    reporter = Reporter(path, progress)
    try:
        _write(kb, temporary, reporter)
        os.replace(temporary, path)
    finally:
        reporter.finish()
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _write(kb: Knowledge, target: Path, progress: Reporter) -> None:
    # The meaning vectors first, outside the transaction: this is the slow part (tens of
    # milliseconds per fact not seen before), and its progress is what a waiting admin sees.
    texts = [vector_text(f) for f in kb.facts.values()]
    blobs = encoder.passages(texts, lambda done, total: progress("encode", done, total))
    keys = [encoder.passage_key(t) for t in texts]
    entries = lexicon_entries(kb)
    lexicon = make_lexicon(entries)
    db = sqlite_utils.Database(target)
    try:
        with db.atomic():
            for name, (columns, pk) in TABLES.items():
                db.table(name).create(columns, pk=pk)
            db.table("meta").insert_all(
                [
                    {"key": "schema", "value": SCHEMA_VERSION},
                    {"key": "version", "value": kb.version},
                    {
                        "key": "built_at",
                        "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    },
                    {"key": "summary", "value": kb.summary()},
                ],
            )
            for name, items in (
                ("documents", kb.documents),
                ("speakers", kb.speakers),
                ("entities", kb.entities),
            ):
                db.table(name).insert_all(
                    {"id": item.id, "data": item.model_dump_json()} for item in items.values()
                )
            db.table("lexicon").insert_all(
                ({"phrase": p, "concept": c} for p, c in entries),
                ignore=True,
            )
            db.table("vocabulary").insert_all({"word": w} for w in sorted(vocabulary(kb, lexicon)))
            db.table("facts").insert_all(
                (
                    {
                        "id": f.id,
                        "document": f.document,
                        "speaker": f.speaker,
                        "claim_type": f.claim_type,
                        "importance": f.importance,
                        "event_date": f.event_date.isoformat() if f.event_date else None,
                        "data": f.model_dump_json(),
                    }
                    for f in kb.facts.values()
                ),
            )
            db.table("fact_terms").insert_all(
                (
                    {"fact_id": f.id, **fact_columns(f, kb, lexicon)}
                    for f in _reported(kb.facts.values(), len(kb.facts), progress)
                ),
            )
            db.table("fact_vectors").insert_all(
                {"fact_id": f, "key": k} for f, k in zip(kb.facts, keys, strict=True)
            )
            db.table("vectors").insert_all(
                ({"key": k, "vector": b} for k, b in zip(keys, blobs, strict=True)), ignore=True
            )
        db.table("fact_terms").enable_fts(
            ["body", "questions", "names"], fts_version="FTS5", tokenize=FTS_TOKENIZER
        )
        db.execute("CREATE VIRTUAL TABLE term_stats USING fts5vocab('fact_terms_fts', 'row')")
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()


def read_meta(path: Path) -> dict[str, str]:
    """The index's metadata, or {} when there is no usable index at `path`."""
    if not path.is_file():
        return {}
    try:
        db = sqlite_utils.Database(path)
        try:
            return {row["key"]: row["value"] for row in db["meta"].rows}
        finally:
            db.close()
    except Exception:  # a corrupt or foreign file is simply "no index"
        return {}


@dataclass(frozen=True)
class BuildResult:
    built: bool  # False when the index was already up to date
    version: str
    summary: str


def ensure_index(
    knowledge_dir: Path, index_path: Path, force: bool = False, progress: Progress | None = None
) -> BuildResult:
    """Rebuild the index when it is missing, from an older schema, or older than the files.

    Raises `KnowledgeError` when the files do not validate; the existing index is untouched.
    """
    meta = read_meta(index_path)
    if (
        not force
        and meta.get("schema") == SCHEMA_VERSION
        and knowledge_dir.is_dir()
        and meta.get("version") == directory_version(knowledge_dir)
    ):
        return BuildResult(False, meta["version"], meta.get("summary", ""))
    kb = load_directory(knowledge_dir)
    build_index(kb, index_path, progress)
    return BuildResult(True, kb.version, kb.summary())

"""Schema of the state database, one sqlite-utils migration per change; never edit an applied one.

Add a new function at the end to change the schema: it runs once on every existing database.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("briefbot-state")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    db.table("users").create(
        {
            "chat_id": int,
            "language": str,  # "fr", "en" or NULL for automatic
            "last_language": str,  # language of the user's last question
            "timezone": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="chat_id",
    )
    db.table("question_log").create(
        {
            "id": int,
            "chat_id": int,
            "question": str,
            "language": str,
            "answered": int,
            "kind": str,
            "fact_ids": str,  # JSON list
            "asked_at": str,
        },
        pk="id",
    )
    db.table("question_log").create_index(["asked_at"])
    db.table("question_log").create_index(["answered", "asked_at"])
    db.table("subscriptions").create(
        {
            "chat_id": int,
            "language": str,
            "time_local": str,  # "HH:MM"
            "timezone": str,
            "only_new": int,
            "paused": int,
            "active": int,
            "next_send_at": str,  # UTC ISO
            "last_sent_at": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="chat_id",
    )
    db.table("subscriptions").create_index(["active", "paused", "next_send_at"])
    db.table("deliveries").create(
        {
            "chat_id": int,
            "local_date": str,  # YYYY-MM-DD in the subscriber's time zone
            "status": str,  # sending | sent | skipped | failed
            "attempts": int,
            "created_at": str,
            "sent_at": str,
            "error": str,
        },
        pk=("chat_id", "local_date"),
    )
    db.table("deliveries").create_index(["status", "sent_at"])
    db.table("fact_versions").create(
        {
            "fact_id": str,
            "hash": str,
            "first_seen": str,
            "changed_at": str,
            "removed_at": str,
        },
        pk="fact_id",
    )
    db.table("knowledge_audit").create(
        {
            "id": int,
            "at": str,
            "actor": str,  # admin id, "file edit", "start-up"...
            "version": str,
            "added": str,  # JSON lists of fact ids
            "changed": str,
            "removed": str,
        },
        pk="id",
    )


@MIGRATIONS()
def m002_subscription_slot(db: Database) -> None:
    # The scheduled instant (UTC) of the brief a subscription is waiting to receive. It differs
    # from next_send_at only while a delivery is being retried: the retry moves next_send_at a
    # few seconds on, while slot_at keeps the day the brief is for and how late it already is.
    db.table("subscriptions").add_column("slot_at", str)


@MIGRATIONS()
def m003_delivery_slot(db: Database) -> None:
    # The scheduled instant (UTC) a delivery was claimed for, so a brief claimed by a process
    # that died before sending it can be put back in the queue for that same slot.
    db.table("deliveries").add_column("slot_at", str)


@MIGRATIONS()
def m004_fact_content_hash(db: Database) -> None:
    # The hash of what readers see of a fact (text, speaker, claim type, quote, document, date):
    # a fact is new in briefs only when it changes, while `hash` (every field) drives the
    # audit's "changed". NULL for facts recorded before; they compare by `hash` once.
    db.table("fact_versions").add_column("content_hash", str)

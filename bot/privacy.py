"""Stored conversations: where Rasa keeps them, how long, and erasing one patient everywhere.

Conversations live in Rasa's own SQL tracker store (its ``events`` table), on SQLite beside the
content store in the embedded default and on PostgreSQL in a clinic's deployment. They are
health data: ``purge`` removes every conversation whose last message is older than the
retention period, ``erase`` removes one patient's conversation and her handoff record.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.content.store import ContentStore
from bot.handoff import sender_key

DEFAULT_RETENTION_DAYS = 30
EVENTS = "events"  # the table of Rasa's SQLTrackerStore


def rasa_tracker_store(url: str) -> dict[str, Any]:
    """The ``tracker_store`` section of Rasa's endpoints.yml for a SQLAlchemy URL."""
    parsed = make_url(url)
    config: dict[str, Any] = {"type": "SQL", "dialect": parsed.drivername, "db": parsed.database}
    host = parsed.host or parsed.query.get("host")  # ?host=/path is a Unix socket folder (PostgreSQL)
    port = parsed.port or parsed.query.get("port")
    if host:
        config["url"] = host
    if port:
        config["port"] = int(port)
    if parsed.username:
        config["username"] = parsed.username
    if parsed.password:
        config["password"] = parsed.password
    return config


def _has_events(engine: Any) -> bool:
    return inspect(engine).has_table(EVENTS)


def purge(url: str, older_than_days: float = DEFAULT_RETENTION_DAYS, now: float | None = None) -> int:
    """Delete every conversation whose last event is older than the period; the number deleted."""
    if older_than_days < 0:
        raise ValueError("the retention period cannot be negative")
    cutoff = (now if now is not None else time.time()) - older_than_days * 86_400
    engine = create_engine(url)
    try:
        if not _has_events(engine):
            return 0
        with engine.begin() as conn:
            old = [row[0] for row in conn.execute(text(
                f"SELECT sender_id FROM {EVENTS} GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff})]
            for sender in old:
                conn.execute(text(f"DELETE FROM {EVENTS} WHERE sender_id = :sender"), {"sender": sender})
        return len(old)
    finally:
        engine.dispose()


def erase(url: str, sender_id: str, store: ContentStore | None = None, secret: str | None = None) -> int:
    """Delete one patient's conversation (and her handoff record); the number of events deleted."""
    engine = create_engine(url)
    try:
        deleted = 0
        if _has_events(engine):
            with engine.begin() as conn:
                deleted = conn.execute(text(f"DELETE FROM {EVENTS} WHERE sender_id = :sender"),
                                       {"sender": sender_id}).rowcount or 0
    finally:
        engine.dispose()
    if store is not None and secret:
        store.forget_handoff(sender_key(sender_id, secret))
    return deleted

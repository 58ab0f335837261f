"""The content store, the workflow and conversation retention on PostgreSQL, as a clinic runs them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot import privacy
from bot.content import schema
from bot.content.items import load_content
from bot.content.models import Base
from bot.content.store import SERVING_WAIT_SECONDS, ContentStore, make_engine

ROOT = Path(__file__).resolve().parents[2]


def test_the_migrations_build_the_store_on_postgresql_and_match_the_models(database: str):
    engine = make_engine(database)
    schema.upgrade(engine)
    schema.upgrade(engine)  # again: nothing to do
    assert schema.current(engine) == schema.head()
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_content_is_published_and_approved_on_postgresql(database: str):
    store = ContentStore.from_url(database)
    store.create_schema()
    items = load_content(ROOT / "content").items
    store.publish(items, "import", "files")
    before = store.revision()
    store.approve("vitamin-d", 1, "Dr Rhee", "checked")
    live = store.published("vitamin-d")
    assert live is not None and live.approved_by == "Dr Rhee"
    assert store.revision() > before  # every server sees the approval on its next check
    assert len(store.published_items("red-flag")) == 15


def test_a_locked_postgresql_store_refuses_within_a_second_instead_of_waiting(database: str):
    store = ContentStore.from_url(database)
    store.create_schema()
    store.publish(load_content(ROOT / "content").items, "import", "files")
    serving = ContentStore.from_url(database, SERVING_WAIT_SECONDS)
    holder = create_engine(database).connect()
    tx = holder.begin()
    holder.execute(text("LOCK TABLE content_versions IN ACCESS EXCLUSIVE MODE"))
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="lock timeout"):
            serving.published("vitamin-d")
        assert time.monotonic() - started < 2.5
    finally:
        tx.rollback()
        holder.close()
    assert serving.published("vitamin-d") is not None  # and works again once the lock is gone


def test_conversations_in_rasas_postgresql_tracker_store_are_purged_and_erased(database: str):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    url = make_url(database)
    config = privacy.rasa_tracker_store(database)
    assert config["dialect"] == "postgresql"
    store = SQLTrackerStore(Domain.empty(), dialect="postgresql", host=url.query["host"], port=int(url.query["port"]),
                            db=url.database, username="postgres")
    now = time.time()
    for sender, age_days in (("rest:old", 40), ("rest:recent", 1), ("rest:erase-me", 2)):
        said = UserUttered("a stored test message", timestamp=now - age_days * 86_400)
        tracker = DialogueStateTracker.from_events(sender, [said])
        asyncio.run(store.save(tracker))

    def senders() -> set[str]:
        engine = create_engine(database)
        with engine.connect() as conn:
            found = {row[0] for row in conn.execute(text("SELECT DISTINCT sender_id FROM events"))}
        engine.dispose()
        return found

    assert senders() == {"rest:old", "rest:recent", "rest:erase-me"}
    assert privacy.purge(database, older_than_days=30, now=now) == 1
    assert privacy.erase(database, "rest:erase-me") == 1
    assert senders() == {"rest:recent"}


def test_two_servers_see_one_publish_through_postgresql(database: str):
    """Every server reads the same store: a change published by one is seen by another's next check."""
    from bot.live_triage import LiveTriage

    writer = ContentStore.from_url(database)
    writer.create_schema()
    writer.publish(load_content(ROOT / "content").items, "import", "files")
    readers = [ContentStore.from_url(database, SERVING_WAIT_SECONDS) for _ in range(2)]
    revisions = [r.revision() for r in readers]
    writer.approve("calcium-needs", 1, "Dr Rhee")
    assert all(r.revision() > before for r, before in zip(readers, revisions, strict=True))
    assert all(r.published("calcium-needs").clinically_reviewed for r in readers)
    triage = LiveTriage(readers[0], ROOT / "content")
    assert "rf-chest-pain-breathing" in triage.current().assess("crushing chest pain and I can't breathe").red_flags

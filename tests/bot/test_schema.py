"""The content store's schema is versioned: migrations build it, match the models, and keep data."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.content import schema
from bot.content.items import ContentItem, Reference
from bot.content.models import Base
from bot.content.store import ContentStore, make_engine


def _item() -> ContentItem:
    reference = Reference("r", "A citation 2020", "https://example.org")
    return ContentItem("vitamin-d", "topic", "Vitamin D", "Body text.", "", (reference,), "Reviewer",
                       dt.date(2026, 1, 1))


def test_migrations_build_a_fresh_store_at_the_newest_revision(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head()
    assert {"content_items", "content_versions", "content_feedback"} <= set(inspect(engine).get_table_names())


def test_the_migrated_schema_matches_the_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    schema.upgrade(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_upgrading_again_keeps_published_content(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = ContentStore.from_url(url)
    store.create_schema()
    store.publish([_item()], "editor", "first")
    schema.upgrade(make_engine(url))
    assert ContentStore.from_url(url).published("vitamin-d").version == 1


def test_a_store_made_before_migrations_is_adopted_without_losing_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    # The way stores were made before migrations: the tables of the first revision, no version table.
    later = {"handoffs", "content_approvals", "editor_accounts", "editor_sessions", "content_drafts"}
    first = [t for t in Base.metadata.sorted_tables if t.name not in later]
    Base.metadata.create_all(engine, tables=first)
    ContentStore(engine).publish([_item()], "editor", "first")
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head()
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from content_versions")).scalar_one() == 1
    assert "handoffs" in inspect(engine).get_table_names()


def test_a_store_at_an_older_revision_is_upgraded_keeping_its_review_dates(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = make_engine(url)
    config = schema._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(text("insert into content_items (id, kind, published_version, created_at) "
                          "values ('vitamin-d', 'topic', 1, '2026-01-01 00:00:00')"))
        conn.execute(text("insert into content_versions (item_id, version, title, body, more, extra_json, "
                          "reviewed_by, reviewed_on, checksum, created_at, created_by, reason) values "
                          "('vitamin-d', 1, 'Vitamin D', 'Body.', '', '{}', 'Reviewer', '2026-01-02', 'x', "
                          "'2026-01-02 00:00:00', 'editor', '')"))
    schema.upgrade(engine)
    assert schema.current(engine) == schema.head()
    live = ContentStore(engine).published("vitamin-d")
    assert live is not None and live.reviewed_on == dt.date(2026, 1, 2)

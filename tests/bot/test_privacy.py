"""Stored conversations: purged after the retention period, one patient erased on request."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from bot import privacy
from bot.content.store import ContentStore
from bot.handoff import sender_key

DAY = 86_400.0


def conversations(tmp_path: Path, rows: list[tuple[str, float]]) -> str:
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:  # the columns Rasa's SQLTrackerStore uses
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                          "timestamp FLOAT, intent_name TEXT, action_name TEXT, data TEXT)"))
        for sender, stamp in rows:
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                              "VALUES (:s, 'user', :t, '{}')"), {"s": sender, "t": stamp})
    engine.dispose()
    return url


def senders(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {row[0] for row in conn.execute(text("SELECT sender_id FROM events"))}
    engine.dispose()
    return found


def test_purge_deletes_whole_conversations_whose_last_message_is_too_old(tmp_path: Path):
    now = 100 * DAY
    url = conversations(tmp_path, [("rest:old", now - 40 * DAY), ("rest:old", now - 35 * DAY),
                                   ("rest:active", now - 40 * DAY), ("rest:active", now - 1 * DAY)])
    assert privacy.purge(url, 30, now=now) == 1
    assert senders(url) == {"rest:active"}


def test_erase_deletes_one_patients_conversation_and_her_handoff(tmp_path: Path):
    url = conversations(tmp_path, [("rest:her", 1.0), ("rest:her", 2.0), ("rest:other", 3.0)])
    store = ContentStore.from_url(f"sqlite:///{tmp_path / 'content.db'}")
    store.create_schema()
    store.request_handoff(sender_key("rest:her", "s3cret"))
    assert privacy.erase(url, "rest:her", store, "s3cret") == 2
    assert senders(url) == {"rest:other"}
    assert not store.handoff_active(sender_key("rest:her", "s3cret"))


def test_nothing_to_purge_before_any_conversation(tmp_path: Path):
    assert privacy.purge(f"sqlite:///{tmp_path / 'empty.db'}", 30) == 0


def test_the_tracker_store_section_names_the_database():
    assert privacy.rasa_tracker_store("sqlite:////var/bot/conversations.db") == {
        "type": "SQL", "dialect": "sqlite", "db": "/var/bot/conversations.db"}
    pg = privacy.rasa_tracker_store("postgresql://bot:pw@db.clinic:5432/rasa")
    assert (pg["dialect"], pg["url"], pg["port"], pg["db"], pg["username"]) == (
        "postgresql", "db.clinic", 5432, "rasa", "bot")

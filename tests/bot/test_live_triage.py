"""Red-flag rules stay in force whatever happens to the content store."""

from __future__ import annotations

import io
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot import live_triage
from bot.content import editor
from bot.content.store import SERVING_WAIT_SECONDS, ContentStore
from bot.live_triage import LiveTriage
from bot.settings import Settings
from tests.conftest import sqlite_locked

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = "I have chest pain and I can't breathe"


@pytest.fixture
def published(tmp_path) -> Settings:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    content = tmp_path / "content"
    settings = Settings(f"sqlite:///{tmp_path / 'content.db'}", content, content / "clinic.yml")
    assert editor.publish(settings, "tests", "fixture", io.StringIO()) == 0
    return settings


def test_the_published_rules_are_used(published: Settings):
    triage = LiveTriage(ContentStore.from_url(published.database_url), Path("/nonexistent"))
    assert "rf-chest-pain-breathing" in triage.current().assess(MESSAGE).red_flags


def test_the_last_good_rules_are_kept_when_the_store_fails(published: Settings, monkeypatch):
    store = ContentStore.from_url(published.database_url)
    triage = LiveTriage(store, Path("/nonexistent"))
    triage.current()

    def broken() -> int:
        raise RuntimeError("database is gone")

    monkeypatch.setattr(store, "revision", broken)
    monkeypatch.setattr(live_triage, "CHECK_EVERY_SECONDS", 0.0)
    assert "rf-chest-pain-breathing" in triage.current().assess(MESSAGE).red_flags


def test_with_no_store_at_start_the_rules_come_from_the_files():
    triage = LiveTriage(None, ROOT / "content")
    assert "rf-chest-pain-breathing" in triage.current().assess(MESSAGE).red_flags


def test_a_red_flag_file_that_does_not_load_is_logged_as_critical_not_dropped_silently(tmp_path, caplog):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    wound = tmp_path / "content" / "red-flags" / "rf-wound.md"
    wound.write_text(wound.read_text().replace("reviewed_on:", "reviewed_on: 2999-01-01 00:00\nold_reviewed_on:", 1))
    triage = live_triage.rules_in_folder(tmp_path / "content")
    assert "rf-wound" not in triage.red_flags and "rf-dvt" in triage.red_flags
    critical = [r.getMessage() for r in caplog.records if r.levelname == "CRITICAL"]
    assert len(critical) == 1 and "rf-wound.md" in critical[0] and "NOT checked" in critical[0]
    caplog.clear()
    live_triage.rules_in_folder(ROOT / "content")
    assert not [r for r in caplog.records if r.levelname == "CRITICAL"]


def test_no_rules_at_all_is_logged_as_critical(caplog):
    LiveTriage(None, Path("/nonexistent")).current()
    assert any(r.levelname == "CRITICAL" for r in caplog.records)


def test_an_edit_to_the_context_rules_is_live_without_a_restart(published: Settings, monkeypatch):
    monkeypatch.setattr(live_triage, "CHECK_EVERY_SECONDS", 0.0)
    triage = LiveTriage(ContentStore.from_url(published.database_url), published.content_dir)
    story = "in the novel I'm reading, the heroine has chest pain"
    assert "rf-chest-pain-breathing" in triage.current().assess(story).red_flags
    rules = published.content_dir / "red-flags" / "context.yml"
    rules.write_text(rules.read_text().replace("      - in a book\n", "      - in a book\n      - the novel\n"))
    import os

    stat = rules.stat()
    os.utime(rules, (stat.st_atime, stat.st_mtime + 5))  # a later modification time, whatever the clock
    deadline = time.monotonic() + 5  # rebuilt on the worker thread; messages meanwhile use the rules loaded
    while triage.current().assess(story).red_flags and time.monotonic() < deadline:
        time.sleep(0.05)
    assert triage.current().assess(story).red_flags == ()


def test_a_locked_store_does_not_hold_up_the_assessment(published: Settings, monkeypatch):
    monkeypatch.setattr(live_triage, "CHECK_EVERY_SECONDS", 0.0)
    triage = LiveTriage(ContentStore.from_url(published.database_url, SERVING_WAIT_SECONDS), published.content_dir)
    triage.current()
    with sqlite_locked(published.database_url):
        for _ in range(3):
            started = time.monotonic()
            assert "rf-chest-pain-breathing" in triage.current().assess(MESSAGE).red_flags
            assert time.monotonic() - started < 0.4


def test_a_store_locked_at_start_gives_the_rules_in_the_files_without_waiting_out_the_lock(published: Settings):
    triage = LiveTriage(ContentStore.from_url(published.database_url, SERVING_WAIT_SECONDS), published.content_dir)
    with sqlite_locked(published.database_url):
        started = time.monotonic()
        assert "rf-chest-pain-breathing" in triage.current().assess(MESSAGE).red_flags
        assert time.monotonic() - started < 5  # the lock is never released here; an editor's store waits 30 s


def test_a_publish_is_still_seen_once_the_lock_is_gone(published: Settings, monkeypatch):
    monkeypatch.setattr(live_triage, "CHECK_EVERY_SECONDS", 0.0)
    store = ContentStore.from_url(published.database_url, SERVING_WAIT_SECONDS)
    triage = LiveTriage(store, published.content_dir)
    with sqlite_locked(published.database_url):
        triage.current()
    calls = []
    monkeypatch.setattr(store, "revision", lambda: calls.append(1) or 10**6)
    deadline = time.monotonic() + 2
    while not calls and time.monotonic() < deadline:
        triage.current()
    assert calls, "the store was not asked again after the lock ended"


def test_a_topic_publish_does_not_rebuild_the_red_flag_rules(published: Settings, monkeypatch):
    store = ContentStore.from_url(published.database_url)
    live = LiveTriage(store, published.content_dir)
    before = live.current()
    topic = store.published("vitamin-d").as_content_item()
    store.publish_approved(replace(topic, body=topic.body + "\n\nSunlight helps too."), "Ann Editor", "Dr Rhee", "t")
    monkeypatch.setattr("bot.live_triage.CHECK_EVERY_SECONDS", 0.0)

    assert live.current() is before  # the same rules object: nothing rebuilt

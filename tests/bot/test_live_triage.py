"""Red-flag rules stay in force whatever happens to the content store."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bot import live_triage
from bot.content import editor
from bot.content.store import ContentStore
from bot.live_triage import LiveTriage
from bot.settings import Settings

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
    assert triage.current().assess(story).red_flags == ()

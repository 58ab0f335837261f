"""Starting the cluster publishes content/, but never over an editor's newer live version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest

from bot.cluster import publish_at_start
from bot.content.items import load_content
from bot.content.store import ContentStore
from bot.serve import ServerError
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _settings(tmp_path: Path, content: Path) -> Settings:
    return Settings(f"sqlite:///{tmp_path / 'store.db'}", content, ROOT / "content" / "clinic.yml")


def test_an_editors_newer_version_stays_live_when_content_is_older(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    settings = _settings(tmp_path, ROOT / "content")
    publish_at_start(settings)  # an empty store: everything is published
    store = ContentStore.from_url(settings.database_url)
    item = next(i for i in load_content(ROOT / "content").items if i.id == "vitamin-d")
    newer = dataclasses.replace(item, body=item.body + "\n\nThe editor's newer paragraph.",
                                reviewed_on=item.reviewed_on + dt.timedelta(days=1))
    store.publish([newer], "editor", "an edit in the workspace")  # content/ is now older than the live v2...
    with caplog.at_level(logging.WARNING, logger="bot.cluster"):
        publish_at_start(settings)  # ...so publishing content/ is refused, and the cluster still starts
    assert "store's live versions are served" in caplog.text
    assert store.published("vitamin-d").body.endswith("The editor's newer paragraph.")
    store.engine.dispose()


def test_a_store_with_nothing_live_cannot_start_without_content(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "topics" / "vitamin-d.md").write_text("not a content file", encoding="utf-8")
    with pytest.raises(ServerError, match="could not be published"):
        publish_at_start(_settings(tmp_path, content))

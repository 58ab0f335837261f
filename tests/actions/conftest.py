"""Actions run against real bot services on a temporary content store, with trackers from JSON fixtures."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from rasa_sdk import Tracker

from actions import actions
from bot.content import editor
from bot.services import Services, build_services
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TRACKERS = Path(__file__).parent / "trackers"


@pytest.fixture(scope="module")
def bot_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    work = tmp_path_factory.mktemp("actions")
    shutil.copytree(ROOT / "content", work / "content")
    settings = Settings(f"sqlite:///{work / 'content.db'}", work / "content", work / "content" / "clinic.yml")
    out = io.StringIO()
    assert editor.publish(settings, "tests", "fixture", out) == 0, out.getvalue()
    built = build_services(settings)
    actions.use_services(built)
    yield built
    actions.use_services(None)


@pytest.fixture
def load_tracker() -> Callable[[str], Tracker]:
    def load(name: str) -> Tracker:
        return Tracker.from_dict(json.loads((TRACKERS / f"{name}.json").read_text()))

    return load

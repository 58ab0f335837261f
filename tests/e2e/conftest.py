"""Real servers for end-to-end tests: the trained model, the action server, the Rasa server, the web page.

They run on their own ports, with a temporary copy of content/ and a temporary content store,
so tests can publish without touching the repository or a running `make run`.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.content import editor
from bot.serve import Servers
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "plo-bot.tar.gz"


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    work = tmp_path_factory.mktemp("e2e")
    shutil.copytree(ROOT / "content", work / "content")
    settings = Settings(f"sqlite:///{work / 'content.db'}", work / "content", work / "content" / "clinic.yml")
    log = work / "publish.log"
    with log.open("w") as out:
        assert editor.publish(settings, "e2e", "test import", out) == 0, log.read_text()
    return settings


@pytest.fixture(scope="session")
def servers(e2e_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does it first)")
    logs = ROOT / "artifacts" / f"e2e-logs-{os.environ.get('E2E_PORT_BASE', '5200')}"
    base = int(os.environ.get("E2E_PORT_BASE", "5200"))  # several test runs on one machine: set different bases
    with Servers(e2e_settings, rasa_port=base + 5, action_port=base + 6, web_port=base + 7, model=str(MODEL),
                 root=ROOT, log_dir=logs) as running:
        yield running


class Chat:
    """One patient talking to the bot over the REST channel."""

    def __init__(self, base_url: str, sender: str | None = None):
        self.url = base_url + "/webhooks/rest/webhook"
        self.sender = sender or f"test-{uuid.uuid4().hex}"

    def say(self, text: str) -> list[dict[str, Any]]:
        return post_json(self.url, {"sender": self.sender, "message": text})


def post_json(url: str, payload: Any) -> Any:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode() or "null")


def custom_of(reply: list[dict[str, Any]]) -> dict[str, Any]:
    customs = [m["custom"] for m in reply if "custom" in m]
    assert len(customs) == 1, f"expected exactly one custom payload, got {reply}"
    return customs[0]


def texts_of(reply: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in reply if m.get("text")]


@pytest.fixture
def chat(servers: Servers) -> Chat:
    return Chat(servers.rasa_url)

"""No patient text in any server's log at the default level, whatever the patient sends and whatever fails."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest

from bot.serve import Servers
from tests.e2e.conftest import Chat, custom_of
from tests.e2e.test_socketio import connect, replies

pytestmark = pytest.mark.e2e

MARK = "quokkazanzibar"  # a word no server would write on its own


def raw_post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_nothing_a_patient_writes_reaches_a_log(servers: Servers):
    chat = Chat(servers.rasa_url, sender=f"{MARK}-sender")
    said = [
        f"my back hurts after the birth, {MARK}",
        f"I can't feel my legs and I've wet myself {MARK}",
        f"/restart {MARK}",
        f"/ask_more{{\"x\": \"{MARK}\"}}",
        f"/{MARK}",
        f"my name is Jane {MARK}, email jane.{MARK}@example.com, what is plo",
        f"how do I fix my car {MARK}",
        (MARK + " ") * 1200,
    ]
    for text in said:
        assert custom_of(chat.say(text))["kind"]
    url = chat.url
    assert raw_post(url, json.dumps({"sender": "x", "message": MARK * 3000}).encode()) == 413
    assert raw_post(url, f'{{"sender": "x", "message": "{MARK}'.encode()) == 400
    assert raw_post(url, json.dumps({"sender": MARK, "message": 7}).encode()) == 400
    assert raw_post(url, json.dumps([MARK]).encode()) == 400
    client, received = connect(servers, f"http://127.0.0.1:{servers.web_port}")
    try:
        client.emit("session_request", {"session_id": None})
        assert "session" in received.get(timeout=10)
        client.emit("user_uttered", {"message": f"my bones ache while breastfeeding {MARK}"})
        assert replies(received)
        client.emit("user_uttered", {"message": {"nested": MARK}})
        replies(received, until_text=False, timeout=5)
    finally:
        client.disconnect()
    time.sleep(1)  # let the servers flush their logs
    logs = servers.log_files
    assert logs, "no server logs found"
    leaked = [path.name for path in logs if MARK in path.read_text(errors="replace").lower()]
    assert leaked == [], f"patient text in {leaked}"

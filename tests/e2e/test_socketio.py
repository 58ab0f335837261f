"""socket.io as a web chat widget uses it: connect from the web page's origin, ask, get the turn first."""

from __future__ import annotations

import queue
from typing import Any

import pytest
import socketio  # python-socketio's client, installed with Rasa

from bot.rasa.rest_channel import MAX_MESSAGE_CHARS
from bot.serve import Servers

pytestmark = pytest.mark.e2e


def connect(servers: Servers, origin: str) -> tuple[socketio.Client, queue.Queue[Any]]:
    received: queue.Queue[Any] = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", received.put)
    client.on("session_confirm", lambda session: received.put({"session": session}))
    client.connect(servers.rasa_url, headers={"Origin": origin}, transports=["polling"], wait_timeout=10)
    return client, received


def replies(received: queue.Queue[Any], until_text: bool = True, timeout: float = 20) -> list[Any]:
    got: list[Any] = []
    while True:
        try:
            item = received.get(timeout=timeout if not got else 2)
        except queue.Empty:
            return got
        got.append(item)
        if not until_text and item:
            return got


def test_a_red_flag_over_socketio_gets_the_turn_description_first_then_the_escalation(servers: Servers):
    client, received = connect(servers, f"http://127.0.0.1:{servers.web_port}")
    try:
        client.emit("session_request", {"session_id": None})
        assert "session" in received.get(timeout=10)
        client.emit("user_uttered", {"message": "I can't feel my legs and I've wet myself"})
        got = replies(received)
    finally:
        client.disconnect()
    assert got, "no bot_uttered came"
    assert got[0]["custom"]["kind"] == "escalation" and got[0]["custom"]["urgency"] == "emergency"
    assert sum("custom" in m for m in got) == 1
    assert any("999" in (m.get("text") or "") for m in got[1:])


def test_a_page_from_another_origin_cannot_connect(servers: Servers):
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(servers, "http://attacker.example")


@pytest.mark.parametrize("event", [{"message": "x" * (MAX_MESSAGE_CHARS + 1)}, {"message": 42}, "just a string", None])
def test_a_bad_event_gets_an_error_and_the_connection_keeps_working(servers: Servers, event: Any):
    client, received = connect(servers, f"http://localhost:{servers.web_port}")
    try:
        client.emit("user_uttered", event)
        first = received.get(timeout=15)
        assert "error" in first
        client.emit("user_uttered", {"message": "hello hello, anyone about?"})
        got = replies(received)
    finally:
        client.disconnect()
    assert got and got[0]["custom"]["kind"] == "smalltalk"

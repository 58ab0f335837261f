"""The action server: reachable only with the run's token, bounded, and never echoing a request."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import zlib

import pytest

from bot.action_server import ConfigError, settings_from_env
from bot.serve import Servers

pytestmark = pytest.mark.e2e


def post(servers: Servers, body: bytes, token: str | None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    url = f"http://127.0.0.1:{servers.action_port}/webhook" + (f"?token={token}" if token is not None else "")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


FORGED = json.dumps({"next_action": "action_record_feedback", "sender_id": "someone",
                     "tracker": {"sender_id": "someone", "latest_message": {"text": "my private words"},
                                 "events": [], "slots": {}}, "domain": {}}).encode()


def test_a_call_without_the_token_is_refused(servers: Servers):
    assert post(servers, FORGED, None)[0] == 401
    assert post(servers, FORGED, "guess")[0] == 401


def test_health_needs_no_token(servers: Servers):
    with urllib.request.urlopen(f"http://127.0.0.1:{servers.action_port}/health", timeout=10) as reply:
        assert reply.status == 200


@pytest.mark.parametrize("body", [b"[1, 2, 3]", b"not json", b'{"tracker": "x"}'])
def test_a_malformed_call_gets_400_and_is_not_echoed(servers: Servers, body: bytes):
    status, text = post(servers, body, servers.action_token)
    assert status == 400 and body.decode() not in text


def test_a_deflate_bomb_is_refused_before_it_is_inflated(servers: Servers):
    bomb = zlib.compress(b"{" + b" " * 30_000_000 + b"}", 9)
    status, _ = post(servers, bomb, servers.action_token, {"Content-Encoding": "deflate"})
    assert status == 413


def test_a_failing_call_answers_with_the_error_type_only(servers: Servers):
    broken = json.dumps({"next_action": "action_answer_topic", "tracker": {"sender_id": "x",
                         "latest_message": "my private words", "events": "nonsense"}}).encode()
    status, text = post(servers, broken, servers.action_token)
    assert status >= 400 and "my private words" not in text


def test_an_action_server_open_to_other_machines_needs_a_token():
    with pytest.raises(ConfigError):
        settings_from_env({"ACTION_HOST": "0.0.0.0"})
    assert settings_from_env({"ACTION_HOST": "0.0.0.0", "ACTION_TOKEN": "t"}) == ("0.0.0.0", "t")
    assert settings_from_env({}) == ("127.0.0.1", None)

"""Messaging connectors end to end: the provider's real webhook shape in, the provider's API (a local fake) out."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

from bot.serve import Servers
from bot.settings import Settings
from tests.e2e.conftest import MODEL, ROOT

pytestmark = pytest.mark.e2e
ACCOUNT = "AC" + "0" * 32


class FakeTwilio(BaseHTTPRequestHandler):
    """Twilio's Messages API as far as the connector uses it: records every message sent."""

    sent: list[dict[str, str]] = []

    def do_POST(self) -> None:  # noqa: N802
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        message = {k: v[0] for k, v in form.items()}
        FakeTwilio.sent.append(message)
        body = json.dumps({"sid": f"SM{len(FakeTwilio.sent):032d}", "account_sid": ACCOUNT, "status": "queued",
                           "to": message.get("To"), "from": message.get("From"), "body": message.get("Body")}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def sms_servers(e2e_settings: Settings) -> Iterator[Servers]:
    fake = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "test-token", "TWILIO_NUMBER": "+15005550006",
           "TWILIO_API_BASE_URL": f"http://127.0.0.1:{fake.server_port}"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    base = int(os.environ.get("E2E_PORT_BASE", "5200")) + 10
    try:
        with Servers(e2e_settings, rasa_port=base + 5, action_port=base + 6, web_port=base + 7, model=str(MODEL),
                     root=ROOT, log_dir=ROOT / "artifacts" / f"e2e-logs-sms-{base}") as running:
            yield running
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        fake.shutdown()


def sms(servers: Servers, sender: str, text: str) -> list[str]:
    """Post Twilio's webhook form for one incoming SMS; the bodies the bot sent back to that number."""
    before = len(FakeTwilio.sent)
    data = urllib.parse.urlencode({"From": sender, "To": "+15005550006", "Body": text, "MessageSid": "SM1",
                                   "AccountSid": ACCOUNT, "NumMedia": "0"}).encode()
    with urllib.request.urlopen(f"{servers.rasa_url}/webhooks/twilio/webhook", data=data, timeout=30) as response:
        assert response.status == 204
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(FakeTwilio.sent) == before:
        time.sleep(0.1)
    time.sleep(0.3)  # the rest of the turn's messages
    return [m["Body"] for m in FakeTwilio.sent[before:] if m.get("To") == sender]


def test_an_sms_question_gets_plain_short_texts_with_sources_and_numbered_options(sms_servers: Servers):
    bodies = sms(sms_servers, "+447700900001", "how much vitamin D should I take while breastfeeding")
    assert bodies, "no SMS was sent back"
    assert all(len(b) <= 480 for b in bodies)
    assert not any("**" in b or "](" in b or "_Sources" in b for b in bodies)
    joined = "\n".join(bodies)
    assert "Sources:" in joined and "Reply with a number" in joined and "1. Tell me more" in joined
    assert not any(b.lstrip().startswith("{") for b in bodies)  # no turn description sent as a message


def test_a_typed_number_on_sms_picks_the_offered_option(sms_servers: Servers):
    sms(sms_servers, "+447700900002", "what is PLO")
    bodies = sms(sms_servers, "+447700900002", "1")
    assert bodies and "Sources:" in "\n".join(bodies)


def test_an_sms_red_flag_is_escalated_first_in_plain_words(sms_servers: Servers):
    bodies = sms(sms_servers, "+447700900003", "i cant feel my legs properly and they keep giving way")
    assert bodies[0].startswith("EMERGENCY: call 999 now")

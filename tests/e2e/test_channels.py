"""Messaging connectors end to end: the provider's real webhook shape in, the provider's API (a local fake) out."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
import urllib.error
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


TELEGRAM_TOKEN = "123456:TEST-token"
FB_SECRET = "fb-app-secret"
TELEGRAM_BOT = "clinic_test_bot"


class FakeProviders(BaseHTTPRequestHandler):
    """Twilio's Messages API and Telegram's Bot API as far as the connectors use them."""

    sms_sent: list[dict[str, str]] = []
    telegram_sent: list[dict[str, Any]] = []
    messenger_sent: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/2010-04-01/"):
            self._twilio({k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()})
        elif self.path.startswith("/me/"):
            payload = json.loads(raw or b"{}")
            if "message" in payload:
                FakeProviders.messenger_sent.append(payload)
            self._reply(200, {"recipient_id": payload.get("recipient", {}).get("id"), "message_id": "mid.1"})
        else:
            self._telegram(self.path.rsplit("/", 1)[-1], _form_or_json(raw, self.headers.get("Content-Type", "")))

    do_GET = do_POST  # noqa: N815

    def _twilio(self, message: dict[str, str]) -> None:
        FakeProviders.sms_sent.append(message)
        self._reply(201, {"sid": f"SM{len(FakeProviders.sms_sent):032d}", "account_sid": ACCOUNT,
                          "status": "queued", "to": message.get("To"), "from": message.get("From"),
                          "body": message.get("Body")})

    def _telegram(self, method: str, params: dict[str, Any]) -> None:
        if method == "getMe":
            result: Any = {"id": 1, "is_bot": True, "first_name": "Clinic", "username": TELEGRAM_BOT}
        elif method == "sendMessage":
            FakeProviders.telegram_sent.append(params)
            result = {"message_id": len(FakeProviders.telegram_sent), "date": 0,
                      "chat": {"id": int(params.get("chat_id", 0)), "type": "private"}, "text": params.get("text")}
        else:  # setWebhook and anything else the connector asks for
            result = True
        self._reply(200, {"ok": True, "result": result})

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


def _form_or_json(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(raw or b"{}")
    if "multipart/form-data" in content_type:
        boundary = content_type.split("boundary=")[1].encode()
        fields = {}
        for part in raw.split(b"--" + boundary):
            if b'name="' in part:
                name = part.split(b'name="')[1].split(b'"')[0].decode()
                fields[name] = part.split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n", 1)[0].decode()
        return fields
    return {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}


@pytest.fixture(scope="module")
def channel_servers(e2e_settings: Settings) -> Iterator[Servers]:
    fake = ThreadingHTTPServer(("127.0.0.1", 0), FakeProviders)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    provider = f"http://127.0.0.1:{fake.server_port}"
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "test-token", "TWILIO_NUMBER": "+15005550006",
           "TWILIO_API_BASE_URL": provider, "TELEGRAM_ACCESS_TOKEN": TELEGRAM_TOKEN,
           "TELEGRAM_BOT_NAME": TELEGRAM_BOT, "TELEGRAM_WEBHOOK_URL": "https://clinic.example/webhooks/telegram/webhook",
           "TELEGRAM_API_BASE_URL": provider, "FACEBOOK_VERIFY": "verify-me", "FACEBOOK_SECRET": FB_SECRET,
           "FACEBOOK_PAGE_ACCESS_TOKEN": "page-token", "FACEBOOK_API_BASE_URL": provider}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    base = int(os.environ.get("E2E_PORT_BASE", "5200")) + 10
    try:
        with Servers(e2e_settings, rasa_port=base + 5, action_port=base + 6, web_port=base + 7, model=str(MODEL),
                     root=ROOT, log_dir=ROOT / "artifacts" / f"e2e-logs-channels-{base}") as running:
            yield running
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        fake.shutdown()


def _wait_for(sent: list[Any], before: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(sent) == before:
        time.sleep(0.1)
    time.sleep(0.3)  # the rest of the turn's messages


def sms(servers: Servers, sender: str, text: str) -> list[str]:
    """Post Twilio's webhook form for one incoming SMS; the bodies the bot sent back to that number."""
    before = len(FakeProviders.sms_sent)
    data = urllib.parse.urlencode({"From": sender, "To": "+15005550006", "Body": text, "MessageSid": "SM1",
                                   "AccountSid": ACCOUNT, "NumMedia": "0"}).encode()
    with urllib.request.urlopen(f"{servers.rasa_url}/webhooks/twilio/webhook", data=data, timeout=30) as response:
        assert response.status == 204
    _wait_for(FakeProviders.sms_sent, before)
    return [m["Body"] for m in FakeProviders.sms_sent[before:] if m.get("To") == sender]


def telegram(servers: Servers, chat_id: int, text: str) -> list[dict[str, Any]]:
    """Post Telegram's update for one incoming message; what the bot sent back to that chat."""
    before = len(FakeProviders.telegram_sent)
    update = {"update_id": chat_id, "message": {"message_id": 1, "date": 1700000000, "text": text,
                                                "chat": {"id": chat_id, "type": "private"},
                                                "from": {"id": chat_id, "is_bot": False, "first_name": "P"}}}
    request = urllib.request.Request(f"{servers.rasa_url}/webhooks/telegram/webhook", data=json.dumps(update).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    _wait_for(FakeProviders.telegram_sent, before)
    return [m for m in FakeProviders.telegram_sent[before:] if str(m.get("chat_id")) == str(chat_id)]


def test_an_sms_question_gets_plain_short_texts_with_sources_and_numbered_options(channel_servers: Servers):
    bodies = sms(channel_servers, "+447700900001", "how much vitamin D should I take while breastfeeding")
    assert bodies, "no SMS was sent back"
    assert all(len(b) <= 480 for b in bodies)
    assert not any("**" in b or "](" in b or "_Sources" in b for b in bodies)
    joined = "\n".join(bodies)
    assert "Sources:" in joined and "Reply with a number" in joined and "1. Tell me more" in joined
    assert not any(b.lstrip().startswith("{") for b in bodies)  # no turn description sent as a message


def test_a_typed_number_on_sms_picks_the_offered_option(channel_servers: Servers):
    sms(channel_servers, "+447700900002", "what is PLO")
    bodies = sms(channel_servers, "+447700900002", "1")
    assert bodies and "Sources:" in "\n".join(bodies)


def test_an_sms_red_flag_is_escalated_first_in_plain_words(channel_servers: Servers):
    bodies = sms(channel_servers, "+447700900003", "i cant feel my legs properly and they keep giving way")
    assert bodies[0].startswith("EMERGENCY: call 999 now")


def test_a_telegram_question_gets_plain_text_with_buttons(channel_servers: Servers):
    sent = telegram(channel_servers, 4242, "what is PLO")
    texts = [m.get("text", "") for m in sent]
    assert texts and not any("**" in t or "](" in t for t in texts)
    assert "Sources:" in "\n".join(texts)
    keyboards = [json.loads(m["reply_markup"]) for m in sent if m.get("reply_markup")]
    payloads = [b["callback_data"] for k in keyboards for row in k["inline_keyboard"] for b in row]
    assert "/ask_more" in payloads


def test_a_telegram_red_flag_comes_first_without_a_phone_link_button(channel_servers: Servers):
    sent = telegram(channel_servers, 4343, "my waters have gone and I'm only 32 weeks")
    assert sent[0]["text"].startswith("URGENT")
    keyboards = [json.loads(m["reply_markup"]) for m in sent if m.get("reply_markup")]
    payloads = [b["callback_data"] for k in keyboards for row in k["inline_keyboard"] for b in row]
    assert payloads and not any(p.startswith("tel:") for p in payloads)


def messenger(servers: Servers, psid: str, text: str) -> list[str]:
    """Post Messenger's signed webhook event for one message; the texts the bot sent back to that user."""
    before = len(FakeProviders.messenger_sent)
    event = {"object": "page", "entry": [{"id": "1", "time": 0, "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": "1"}, "timestamp": 0, "message": {"mid": "m.1", "text": text}}
    ]}]}
    body = json.dumps(event).encode()
    signature = "sha1=" + hmac.new(FB_SECRET.encode(), body, hashlib.sha1).hexdigest()
    request = urllib.request.Request(f"{servers.rasa_url}/webhooks/facebook/webhook", data=body,
                                     headers={"Content-Type": "application/json", "X-Hub-Signature": signature})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read() == b"success"
    _wait_for(FakeProviders.messenger_sent, before)
    return [m["message"].get("text", "") for m in FakeProviders.messenger_sent[before:]
            if m.get("recipient", {}).get("id") == psid]


def test_a_messenger_question_gets_plain_text_and_numbered_options(channel_servers: Servers):
    texts = messenger(channel_servers, "psid-1", "how much calcium do I need while breastfeeding")
    joined = "\n".join(texts)
    assert texts and "**" not in joined and "](" not in joined
    assert "Sources:" in joined and "1. Tell me more" in joined


def test_a_messenger_event_with_a_wrong_signature_is_refused(channel_servers: Servers):
    body = json.dumps({"object": "page", "entry": []}).encode()
    request = urllib.request.Request(f"{channel_servers.rasa_url}/webhooks/facebook/webhook", data=body,
                                     headers={"Content-Type": "application/json", "X-Hub-Signature": "sha1=00"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 403


# A slash typed by the patient is not a Rasa command on any channel: "/restart" would wipe the conversation and
# answer nothing. Each message gets one reply, as the same words without the slash do.
def test_a_typed_slash_on_sms_is_read_as_words(channel_servers: Servers):
    assert sms(channel_servers, "+447700900004", "/restart"), "no SMS was sent back"
    bodies = sms(channel_servers, "+447700900004", "/my legs have gone numb and i cant wee")
    assert bodies and bodies[0].startswith("EMERGENCY: call 999 now")


def test_a_typed_slash_on_telegram_is_read_as_words(channel_servers: Servers):
    plain = telegram(channel_servers, 4445, "restart")
    slashed = telegram(channel_servers, 4444, "/restart")
    assert slashed and len(slashed) == len(plain)  # Rasa's own "/start" after "/restart" gets no second reply
    sent = telegram(channel_servers, 4444, "/my legs have gone numb and i cant wee")
    assert sent and sent[0]["text"].startswith("EMERGENCY")


def test_a_typed_slash_on_messenger_is_read_as_words(channel_servers: Servers):
    assert messenger(channel_servers, "psid-2", "/restart"), "nothing was sent back"
    texts = messenger(channel_servers, "psid-2", "/my legs have gone numb and i cant wee")
    assert texts and texts[0].startswith("EMERGENCY")

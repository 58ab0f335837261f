"""Rasa's REST channel with input checking and without message text in its logs.

Same URL and reply as Rasa's own (``/webhooks/rest/webhook``), but a malformed request gets
a 400 with a reason instead of a 500 or an empty reply, an over-long message gets a 413,
and neither a timeout nor a failure writes the patient's words to the log.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa import fast_events, fast_validation
from bot.rasa.commands import patient_text

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 128
ANSWER_SECONDS = 15.0  # a reply slower than this is replaced by the safe reply (numbers, escalation)
SENDER_PREFIX = "rest:"


def check_body(body: Any) -> Tuple[Dict[str, str] | None, Tuple[int, str] | None]:
    """(sender and message, None) for a good body, else (None, (status, reason))."""
    if not isinstance(body, dict):
        return None, (400, 'send a JSON object: {"sender": "...", "message": "..."}')
    sender, message = body.get("sender"), body.get("message")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip():
        return None, (400, "sender is required: a string that identifies the conversation")
    if len(str(sender)) > MAX_SENDER_CHARS:
        return None, (400, f"sender is longer than {MAX_SENDER_CHARS} characters")
    if not isinstance(message, str):
        return None, (400, "message is required: a string (it may be empty)")
    if len(message) > MAX_MESSAGE_CHARS:
        return None, (413, f"message is longer than {MAX_MESSAGE_CHARS} characters")
    # Namespaced: a REST caller cannot reach an SMS or WhatsApp conversation (keyed by phone number).
    return {"sender": f"{SENDER_PREFIX}{sender}", "message": patient_text(message)}, None


# Every server that takes patients' messages loads this channel (credentials.yml): check action replies fast.
fast_validation.install()
fast_events.install()


class SafeReply:
    """The reply when answering failed or took too long: the clinic's numbers, and the escalation the rules see.

    Built when the channel starts (the texts are rendered then), so a store or template that
    fails later cannot take the numbers away from a patient.
    """

    def __init__(self, services: Any | None = None) -> None:
        self._services = services
        if self._services is None:
            try:
                from bot.services import build_services
                from bot.settings import Settings

                self._services = build_services(Settings.from_env())
            except Exception as err:  # noqa: BLE001 - the server still starts; the failure is logged
                log.critical("the safe reply could not be prepared (%s)", type(err).__name__)

    def messages(self, text: str, channel: str) -> list[dict[str, Any]] | None:
        """REST messages for the patient, or None when even this cannot be built."""
        if self._services is None:
            return None
        from bot.respond import Inbound

        try:
            reply = self._services.responder.last_resort(Inbound(text, None, channel=channel))
            out: list[dict[str, Any]] = [{"custom": reply.turn.as_custom()}]
            if reply.turn.kind == "escalation":
                out.append({"text": self._services.renderer.text("escalation_missing", channel,
                                                                 urgency=reply.turn.urgency.value)})
            out += [{"text": m.text} for m in reply.messages]
            return out
        except Exception as err:  # noqa: BLE001 - logged by type only
            log.error("the safe reply failed (%s)", type(err).__name__)
            return None


class ValidatingRestInput(RestInput):
    safe_reply: SafeReply | None = None

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("validating_rest_webhook", __name__)
        if self.safe_reply is None:
            self.safe_reply = SafeReply()
        safe = self.safe_reply

        def unanswered(text: str, reason: str) -> HTTPResponse:
            messages = safe.messages(text, self.name())
            if messages is None:
                return response.json({"error": reason}, status=503)
            return response.json(messages)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # noqa: BLE001 - Sanic raises its own error type for unparsable bodies
                return response.json({"error": "the body is not valid JSON"}, status=400)
            checked, problem = check_body(body)
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            assert checked is not None
            collector = CollectingOutputChannel()
            try:
                await asyncio.wait_for(on_new_message(
                    UserMessage(checked["message"], collector, checked["sender"], input_channel=self.name())
                ), timeout=ANSWER_SECONDS)
            except (CancelledError, asyncio.TimeoutError):
                log.error("a message timed out before the bot answered")
                return unanswered(checked["message"], "the bot did not answer in time; please try again")
            except Exception as err:  # noqa: BLE001 - logged by type only: the message is health data
                log.error("a message could not be answered (%s)", type(err).__name__)
                return unanswered(checked["message"], "the bot could not answer; please try again")
            if not any(isinstance(m, dict) and "custom" in m for m in collector.messages):
                # The action server was unreachable or the reply lost: the patient still gets the numbers.
                log.error("a reply came back without its turn description")
                return unanswered(checked["message"], "the bot could not answer; please try again")
            return response.json(collector.messages)

        return webhook

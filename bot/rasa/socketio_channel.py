"""Rasa's socket.io channel, made safe: it answers, it checks its input, and it admits only our web origins.

Rasa 3.6's own output passes a custom payload to ``AsyncServer.emit`` as keyword arguments,
which fails for our turn description (``kind=...``): no ``bot_uttered`` ever came, not even
for an emergency. Here the turn description travels as a payload, ``{"custom": {...}}``, like
every other message. The server admits only the origins listed in the credentials (or
``WEB_ORIGINS``), refuses frames above a size limit before they are parsed, and a message
that is not a string or is longer than the REST channel's limit gets an error event instead
of being processed. Nothing the patient wrote is logged.
"""

from __future__ import annotations

import inspect
import logging
import os
import uuid
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.rasa.commands import patient_text
from bot.rasa.rest_channel import MAX_MESSAGE_CHARS

log = logging.getLogger(__name__)
MAX_FRAME_BYTES = 4 * MAX_MESSAGE_CHARS + 4_096  # a full message of 4-byte characters, and its envelope
DEFAULT_ORIGINS = ("http://localhost:8000", "http://127.0.0.1:8000")


class PayloadSocketIOOutput(SocketIOOutput):
    """Sends the turn description as a payload instead of as keyword arguments."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


def allowed_origins(credentials: dict[str, Any] | None, environ: dict[str, str]) -> list[str]:
    """The web origins allowed to connect: WEB_ORIGINS (comma-separated), else the credentials, else localhost."""
    from_env = [o.strip() for o in environ.get("WEB_ORIGINS", "").split(",") if o.strip()]
    if from_env:
        return from_env
    listed = (credentials or {}).get("cors_allowed_origins")
    if isinstance(listed, list) and all(isinstance(o, str) for o in listed) and listed:
        return listed
    return list(DEFAULT_ORIGINS)


def check_event(data: Any) -> tuple[str | None, str | None]:
    """(message, None) for a usable user_uttered event, else (None, reason)."""
    if not isinstance(data, dict):
        return None, 'send an object: {"message": "..."}'
    message = data.get("message", "")
    if not isinstance(message, str):
        return None, "message must be a string"
    if len(message) > MAX_MESSAGE_CHARS:
        return None, f"message is longer than {MAX_MESSAGE_CHARS} characters"
    return patient_text(message), None


class CheckedSocketIOInput(SocketIOInput):
    """socket.io for web chat widgets, with the same input rules as the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> CheckedSocketIOInput:
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            bool(credentials.get("session_persistence", False)),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        channel.origins = allowed_origins(credentials, dict(os.environ))
        return channel

    origins: list[str] = list(DEFAULT_ORIGINS)

    def get_output_channel(self) -> PayloadSocketIOOutput | None:
        return PayloadSocketIOOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origins,
                          max_http_buffer_size=MAX_FRAME_BYTES)
        webhook = SocketBlueprint(sio, self.socketio_path, "checked_socketio_webhook", __name__)
        self.sio = sio

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            from rasa.core.channels.channel import decode_bearer_token

            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            session = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session, str) or not session or len(session) > 128:
                session = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session)
                if inspect.isawaitable(entered):  # a coroutine in newer python-socketio releases
                    await entered
            await sio.emit("session_confirm", session, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:  # an event may carry no data
            message, problem = check_event(data)
            if problem is not None:
                await sio.emit(self.bot_message_evt, {"error": problem}, room=sid)
                return
            sender = sid
            if self.session_persistence:
                session = data.get("session_id")
                if not isinstance(session, str) or not session:
                    await sio.emit(self.bot_message_evt, {"error": "send session_request first"}, room=sid)
                    return
                sender = session
            output = PayloadSocketIOOutput(sio, self.bot_message_evt)
            try:
                await on_new_message(UserMessage(message, output, sender, input_channel=self.name()))
            except Exception as err:  # noqa: BLE001 - logged by type only: the message is health data
                log.error("a socket.io message could not be answered (%s)", type(err).__name__)
                await sio.emit(self.bot_message_evt, {"error": "the bot could not answer; please try again"},
                               room=sid)

        return webhook

"""Rasa's messaging connectors, with the provider's API address configurable.

Used exactly like Rasa's own (same webhook URLs, same credentials) plus an optional
``api_base_url``: operators can route outbound calls through their own gateway, and the
connector tests point it at a local fake provider.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import TelegramAPIError
from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa.commands import patient_text

Handler = Callable[[UserMessage], Awaitable[Any]]


def _from_credentials(cls: Any, credentials: dict[str, Any] | None, keys: tuple[str, ...], **extra: Any) -> Any:
    """Rasa's credentials entry, with the optional ``api_base_url``, as constructor arguments."""
    if not credentials:
        cls.raise_missing_credentials_exception()
    assert credentials is not None
    return cls(*(credentials.get(k) for k in keys), api_base_url=credentials.get("api_base_url"), **extra)


def _as_patient_text(on_new_message: Handler) -> Handler:
    """The handler, given the message as Rasa should see it (``patient_text``): on SMS, Telegram and Messenger a
    typed "/restart" (or "/back", "/session_start") would otherwise run Rasa's command, wiping the conversation
    with no answer. The web channels apply the same function."""
    async def handler(message: UserMessage) -> Any:
        if isinstance(message.text, str):
            message.text = patient_text(message.text)
        return await on_new_message(message)
    return handler


def _telegram_patient_text(on_new_message: Handler) -> Handler:
    """``_as_patient_text`` for Telegram, whose connector follows a typed "/restart" with a made-up "/start" of its
    own: once "/restart" is read as words, that second message is dropped, so the patient gets one reply."""
    words = _as_patient_text(on_new_message)
    restarted: set[str] = set()

    async def handler(message: UserMessage) -> Any:
        sender = str(message.sender_id)
        if message.text == "/start" and sender in restarted:
            restarted.discard(sender)
            return None
        if message.text == "/restart":
            restarted.add(sender)
            try:
                return await words(message)
            except BaseException:
                restarted.discard(sender)  # Rasa sends no "/start" after a failure
                raise
        return await words(message)
    return handler


class ClinicTwilioOutput(TwilioOutput):
    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 api_base_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        if api_base_url:
            self.api.base_url = api_base_url.rstrip("/")


class ClinicTwilioInput(TwilioInput):
    """Twilio SMS and WhatsApp at /webhooks/twilio/webhook."""

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 debug_mode: bool = True, api_base_url: str | None = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.api_base_url = api_base_url

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return _from_credentials(cls, credentials, ("account_sid", "auth_token", "twilio_number"), debug_mode=False)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(_as_patient_text(on_new_message))

    def get_output_channel(self) -> OutputChannel:
        return ClinicTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_base_url)


class ClinicTelegramOutput(TelegramOutput):
    def __init__(self, access_token: str | None, api_base_url: str | None = None) -> None:
        server = TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)


class ClinicTelegramInput(TelegramInput):
    """Telegram at /webhooks/telegram/webhook."""

    def __init__(self, access_token: str | None, verify: str | None, webhook_url: str | None,
                 debug_mode: bool = True, api_base_url: str | None = None) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.api_base_url = api_base_url

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return _from_credentials(cls, credentials, ("access_token", "verify", "webhook_url"), debug_mode=False)

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(_telegram_patient_text(on_new_message))

    def get_output_channel(self) -> TelegramOutput:
        channel = ClinicTelegramOutput(self.access_token, self.api_base_url)

        async def set_webhook() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # Rasa's own connector keeps this HTTP session, bound to a loop that asyncio.run
                # closes: every later message then fails with "Event loop is closed".
                await channel.close()

        try:
            asyncio.run(set_webhook())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel


class ClinicMessenger(Messenger):
    def __init__(self, page_access_token: str, on_new_message: Handler,
                 graph_url: str | None = None) -> None:
        super().__init__(page_access_token, on_new_message)
        if graph_url:
            self.client.graph_url = graph_url.rstrip("/")


class ClinicFacebookInput(FacebookInput):
    """Facebook Messenger at /webhooks/facebook/webhook (Rasa's routes, with the Graph API address configurable)."""

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str, api_base_url: str | None = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.api_base_url = api_base_url

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return _from_credentials(cls, credentials, ("verify", "secret", "page-access-token"))

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = Blueprint("clinic_fb_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge"))
            return response.text("failure, invalid token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get("X-Hub-Signature") or ""
            if not self.validate_hub_signature(self.fb_secret, request.body, signature):
                return response.text("not validated", status=403)
            messenger = ClinicMessenger(self.fb_access_token, _as_patient_text(on_new_message), self.api_base_url)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return webhook

    def get_output_channel(self) -> OutputChannel:
        client = MessengerClient(self.fb_access_token)
        if self.api_base_url:
            client.graph_url = self.api_base_url.rstrip("/")
        return MessengerBot(client)

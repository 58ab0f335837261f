"""Rasa's messaging connectors, with the provider's API address configurable.

Used exactly like Rasa's own (same webhook URLs, same credentials) plus an optional
``api_base_url``: operators can route outbound calls through their own gateway, and the
connector tests point it at a local fake provider.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.twilio import TwilioInput, TwilioOutput


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
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None
        return cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"),
                   debug_mode=False, api_base_url=credentials.get("api_base_url"))

    def get_output_channel(self) -> OutputChannel:
        return ClinicTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_base_url)

"""Messaging channels switched on by the operator's environment, never by secrets in the repository."""

from __future__ import annotations

from typing import Any, Mapping

# credentials.yml key -> {credentials key: environment variable}; a channel is on when all are set.
CHANNEL_ENV = {
    "bot.rasa.connectors.ClinicTelegramInput": {"access_token": "TELEGRAM_ACCESS_TOKEN",
                                                "verify": "TELEGRAM_BOT_NAME", "webhook_url": "TELEGRAM_WEBHOOK_URL"},
    "bot.rasa.connectors.ClinicTwilioInput": {"account_sid": "TWILIO_ACCOUNT_SID",
                                              "auth_token": "TWILIO_AUTH_TOKEN", "twilio_number": "TWILIO_NUMBER"},
    "bot.rasa.connectors.ClinicFacebookInput": {"verify": "FACEBOOK_VERIFY", "secret": "FACEBOOK_SECRET",
                                                "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN"},
}


# Optional settings: used when set, the channel is on without them.
OPTIONAL_ENV = {
    "bot.rasa.connectors.ClinicTwilioInput": {"api_base_url": "TWILIO_API_BASE_URL"},
    "bot.rasa.connectors.ClinicTelegramInput": {"api_base_url": "TELEGRAM_API_BASE_URL"},
    "bot.rasa.connectors.ClinicFacebookInput": {"api_base_url": "FACEBOOK_API_BASE_URL"},
}


def channel_credentials(env: Mapping[str, str]) -> dict[str, Any]:
    """The credentials.yml entries of every channel whose variables are all set."""
    out: dict[str, Any] = {}
    for channel, keys in CHANNEL_ENV.items():
        values = {key: env.get(var, "") for key, var in keys.items()}
        if all(values.values()):
            extra = {key: env[var] for key, var in OPTIONAL_ENV.get(channel, {}).items() if env.get(var)}
            out[channel] = {**values, **extra}
    return out

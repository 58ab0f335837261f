"""Only our buttons' exact payloads are commands; anything else starting with "/" is the patient's words."""

from __future__ import annotations

import pytest

from bot.rasa.commands import button_intents, is_button_payload, patient_text


@pytest.mark.parametrize("payload", ["/ask_more", "/feedback_helpful", "/ask_human", "/ask_plo_treatment"])
def test_a_button_payload_stays_a_command(payload):
    assert patient_text(payload) == payload


@pytest.mark.parametrize(("typed", "read_as"), [
    ("/restart", "restart"), ("/back", "back"), ("/session_start", "session_start"),
    ('/ask_more{"sender": "x"}', 'ask_more{"sender": "x"}'), ("/", ""), ("//help me", "help me"),
])
def test_rasa_commands_and_malformed_payloads_are_read_as_words(typed, read_as):
    assert patient_text(typed) == read_as


def test_rasa_own_commands_are_never_button_intents():
    assert {"restart", "back", "session_start"}.isdisjoint(button_intents())
    assert "ask_more" in button_intents()


@pytest.mark.parametrize("message, pressed", [
    ("/ask_more", True), (" /ask_human ", True), ("/restart", False), ("/out_of_scope", False),
    ('/ask_more{"x": "y"}', False), ("/my legs are numb", False), ("ask_more", False), ("/", False),
])
def test_only_an_exact_button_payload_counts_as_pressed(message: str, pressed: bool):
    assert is_button_payload(message) is pressed


@pytest.mark.parametrize("typed", ["/ /restart", "//restart", " / / back", "/ /session_start"])
def test_slashes_and_spaces_typed_before_a_command_never_make_it_one(typed: str):
    assert not patient_text(typed).startswith("/")


def test_each_messaging_connector_hands_rasa_the_patients_words():
    import asyncio

    from rasa.core.channels.channel import UserMessage

    from bot.rasa.connectors import _as_patient_text, _telegram_patient_text

    seen: list[str] = []

    async def rasa(message: UserMessage) -> None:
        seen.append(message.text)

    async def talk(handler, *texts: str) -> None:
        for text in texts:
            await handler(UserMessage(text, sender_id="p1"))

    asyncio.run(talk(_as_patient_text(rasa), "/restart", "/ask_more", "/my legs are numb"))
    assert seen == ["restart", "/ask_more", "my legs are numb"]
    seen.clear()
    # Telegram's connector follows "/restart" with a "/start" of its own: one reply, not two
    asyncio.run(talk(_telegram_patient_text(rasa), "/restart", "/start", "/start"))
    assert seen == ["restart", "start"]

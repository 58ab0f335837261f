"""When answering fails, the patient still gets the clinic's numbers, and the escalation the rules see."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from bot.serve import Servers
from bot.settings import Settings
from tests.conftest import sqlite_locked
from tests.e2e.conftest import MODEL, ROOT, Chat, custom_of, texts_of

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def without_actions(e2e_settings: Settings) -> Iterator[Servers]:
    """Servers of their own whose action server has crashed."""
    base = int(os.environ.get("E2E_PORT_BASE", "5200")) + 20
    with Servers(e2e_settings, rasa_port=base + 5, action_port=base + 6, web_port=base + 7, model=str(MODEL),
                 root=ROOT, log_dir=ROOT / "artifacts" / f"e2e-logs-faults-{base}") as running:
        running.kill("action server")
        yield running


def clinic(settings: Settings) -> dict:
    return yaml.safe_load(Path(settings.clinic_file).read_text())


def test_an_emergency_still_escalates_with_the_emergency_number_when_the_actions_are_down(
        without_actions: Servers, e2e_settings: Settings):
    reply = Chat(without_actions.rasa_url).say("my chest is crushing and I can't get my breath")
    turn = custom_of(reply)
    assert (turn["kind"], turn["urgency"], turn["red_flag"]) == ("escalation", "emergency", "rf-chest-pain-breathing")
    assert reply[0] == {"custom": turn}
    assert clinic(e2e_settings)["emergency_number"] in texts_of(reply)[0]


def test_any_other_message_gets_the_clinic_numbers_when_the_actions_are_down(
        without_actions: Servers, e2e_settings: Settings):
    reply = Chat(without_actions.rasa_url).say("how much calcium do I need each day")
    assert custom_of(reply)["kind"] == "fallback"
    assert clinic(e2e_settings)["maternity_unit"]["phone"] in " ".join(texts_of(reply))


def timed_say(chat: Chat, text: str) -> tuple[list, float]:
    started = time.monotonic()
    reply = chat.say(text)
    return reply, time.monotonic() - started


def test_a_locked_content_store_gives_the_safe_answer_within_a_second_or_two(
        servers: Servers, e2e_settings: Settings):
    chat = Chat(servers.rasa_url)
    chat.say("warming up the servers first")  # the rules and the model are warm
    with sqlite_locked(e2e_settings.database_url):
        emergency, emergency_took = timed_say(chat, "my chest is crushing and I can't get my breath")
        question, question_took = timed_say(Chat(servers.rasa_url), "how much calcium do I need each day")
    turn = custom_of(emergency)
    assert (turn["kind"], turn["urgency"], turn["red_flag"]) == ("escalation", "emergency", "rf-chest-pain-breathing")
    assert clinic(e2e_settings)["emergency_number"] in texts_of(emergency)[0]
    assert custom_of(question)["kind"] == "fallback"
    assert clinic(e2e_settings)["maternity_unit"]["phone"] in " ".join(texts_of(question))
    assert emergency_took < 2.5 and question_took < 2.5, (emergency_took, question_took)
    after = Chat(servers.rasa_url).say("how much calcium do I need each day")
    assert (custom_of(after)["kind"], custom_of(after)["topic"]) == ("answer", "calcium-needs")

"""Each action dispatches one turn description first, then the patient's messages, and sets its slots."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from bot.services import Services


async def run(action: actions.TurnAction, tracker: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


def _fail(*_args: Any) -> None:
    """Stands in for a store call when the database has gone."""
    raise RuntimeError("database is gone")


def customs(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if m.get("custom")]


def test_every_action_has_a_unique_name():
    names = [cls().name() for cls in actions.TurnAction.__subclasses__()]
    assert len(names) == len(set(names)) and all(n.startswith("action_") for n in names)


def test_answer_topic_sends_the_turn_then_the_answer_and_remembers_the_topic(
    bot_services: Services, load_tracker: Callable[[str], Tracker]
):
    messages, events = asyncio.run(run(actions.ActionAnswerTopic(), load_tracker("topic_question")))
    assert customs(messages) == [customs(messages)[0]] and messages[0].get("custom")
    turn = messages[0]["custom"]
    assert (turn["kind"], turn["topic"], turn["urgency"]) == ("answer", "calcium-needs", "routine")
    assert turn["references"] and turn["content_version"] == 1
    assert any("Sources:" in (m.get("text") or "") for m in messages)
    assert SlotSet("last_topic", "calcium-needs") in events


def test_escalate_puts_the_emergency_first_and_does_not_answer_the_question(
    bot_services: Services, load_tracker: Callable[[str], Tracker]
):
    messages, events = asyncio.run(run(actions.ActionEscalate(), load_tracker("red_flag_from_nlu")))
    turn = messages[0]["custom"]
    assert (turn["kind"], turn["red_flag"], turn["urgency"]) == ("escalation", "rf-leg-weakness", "emergency")
    first_text = next(m["text"] for m in messages if m.get("text"))
    assert "EMERGENCY" in first_text and bot_services.renderer.clinic["emergency_number"] in first_text
    assert turn["topic"] is None  # an emergency is not followed by a topic answer
    assert SlotSet("escalated", "emergency") in events


def test_any_action_escalates_when_the_text_has_a_red_flag_the_nlu_did_not_route(
    bot_services: Services, load_tracker: Callable[[str], Tracker]
):
    messages, events = asyncio.run(run(actions.ActionSmalltalk(), load_tracker("payload_without_triage")))
    first_text = messages[0]["text"]
    assert first_text.startswith("EMERGENCY") and bot_services.renderer.clinic["emergency_number"] in first_text
    assert "**" not in first_text  # the twilio channel gets plain text
    assert SlotSet("escalated", "emergency") in events


def test_sms_replies_carry_no_turn_description_the_connector_would_send_as_a_message(
    bot_services: Services, load_tracker: Callable[[str], Tracker]
):
    messages, _ = asyncio.run(run(actions.ActionSmalltalk(), load_tracker("payload_without_triage")))
    assert customs(messages) == [] and all(m.get("text") for m in messages)


def test_the_default_fallback_is_replaced_by_a_clarifying_question(
    bot_services: Services, load_tracker: Callable[[str], Tracker]
):
    messages, _ = asyncio.run(run(actions.ActionDefaultFallback(), load_tracker("topic_question")))
    assert len(customs(messages)) == 1 and messages[0]["custom"]["kind"] == "fallback"
    assert any(m.get("buttons") for m in messages)


def test_when_answering_fails_the_patient_still_gets_the_numbers_and_the_escalation(
    bot_services: Services, load_tracker: Callable[[str], Tracker], monkeypatch
):

    monkeypatch.setattr(bot_services.store, "published", _fail)
    messages, _ = asyncio.run(run(actions.ActionEscalate(), load_tracker("red_flag_from_nlu")))
    turn = messages[0]["custom"]
    assert (turn["kind"], turn["red_flag"], turn["urgency"]) == ("escalation", "rf-leg-weakness", "emergency")
    assert bot_services.renderer.clinic["emergency_number"] in messages[1]["text"]


def test_a_failing_statistics_write_does_not_cost_the_answer(
    bot_services: Services, load_tracker: Callable[[str], Tracker], monkeypatch
):

    monkeypatch.setattr(bot_services.store, "record_impression", _fail)
    messages, _ = asyncio.run(run(actions.ActionAnswerTopic(), load_tracker("topic_question")))
    assert messages[0]["custom"]["kind"] == "answer"


def test_the_last_resort_reply_uses_the_nlu_reading_when_answering_fails(
    bot_services: Services, load_tracker: Callable[[str], Tracker], monkeypatch
):

    monkeypatch.setattr(bot_services.store, "published", _fail)
    tracker = load_tracker("red_flag_from_nlu")
    tracker.latest_message["text"] = "everything feels wrong"  # only the classifier saw the flag
    messages, events = asyncio.run(run(actions.ActionEscalate(), tracker))
    assert messages[0]["custom"]["red_flag"] == "rf-leg-weakness"
    assert SlotSet("escalated", "emergency") in events

"""Rasa custom actions: read the tracker, ask the ``bot`` package what to say, dispatch it.

Every action sends exactly one ``custom`` turn description (SPEC section 4) first, then the
patient-facing messages; on connectors that cannot carry it (Twilio, Telegram, Messenger)
the turn description is logged instead. No logic and no wording lives here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.render import carries_turn_description
from bot.respond import Inbound, Reply
from bot.services import Services, build_services
from bot.settings import Settings

log = logging.getLogger(__name__)
_services: Services | None = None


def services() -> Services:
    """The bot's parts, built once on first use from the environment (tests call ``use_services``)."""
    global _services
    if _services is None:
        _services = build_services(Settings.from_env())
    return _services


def use_services(built: Services | None) -> None:
    global _services
    _services = built


def inbound_from(tracker: Tracker) -> Inbound:
    message: Dict[str, Any] = tracker.latest_message or {}
    ranking = [(i.get("name"), float(i.get("confidence") or 0.0)) for i in message.get("intent_ranking") or []]
    return Inbound(
        text=message.get("text") or "",
        intent=(message.get("intent") or {}).get("name"),
        ranking=ranking,
        triage=message.get("triage"),
        channel=tracker.get_latest_input_channel(),
        last_topic=tracker.get_slot("last_topic"),
        escalated=tracker.get_slot("escalated"),
        sender_id=tracker.sender_id,
        offered=tuple(tracker.get_slot("offered") or ()),
    )


def dispatch(dispatcher: CollectingDispatcher, reply: Reply, channel: str | None) -> List[EventType]:
    turn = reply.turn.as_custom()
    if carries_turn_description(channel):
        dispatcher.utter_message(json_message=turn)
    else:  # the operator still sees every turn, without the patient's words
        log.info("turn on %s: kind=%s topic=%s urgency=%s red_flag=%s", channel, turn["kind"], turn["topic"],
                 turn["urgency"], turn["red_flag"])
    for message in reply.messages:
        buttons = [b.as_dict() for b in message.buttons]
        dispatcher.utter_message(text=message.text, buttons=buttons or None)
    return [SlotSet(name, value) for name, value in reply.slots.items()]


class TurnAction(Action):
    """An action that answers one patient message through ``Responder.reply``."""

    action_name = ""
    handler = ""

    def name(self) -> str:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        inbound = inbound_from(tracker)
        try:
            responder = services().responder
        except Exception as err:  # noqa: BLE001 - nothing could be built: say so rather than stay silent
            log.critical("the bot's services could not be built (%s): check `bot content validate`",
                         type(err).__name__)
            # No configuration could be read, so no number can be given; the words are the minimum
            # that keeps a patient from waiting for an answer that will not come.
            dispatcher.utter_message(text="Sorry, this service is not working right now. If you are worried "
                                          "about yourself or your baby, contact your maternity unit or call "
                                          "your local emergency number.")
            return []
        try:
            reply = await asyncio.to_thread(responder.reply, self.handler, inbound)
        except Exception as err:  # noqa: BLE001 - the patient still gets the clinic's numbers
            log.error("%s failed (%s); sending the last-resort reply", self.name(), type(err).__name__)
            reply = await asyncio.to_thread(responder.last_resort, inbound)
        return dispatch(dispatcher, reply, inbound.channel)


class ActionAnswerTopic(TurnAction):
    action_name, handler = "action_answer_topic", "answer"


class ActionEscalate(TurnAction):
    action_name, handler = "action_escalate", "escalate"


class ActionTellMore(TurnAction):
    action_name, handler = "action_tell_more", "more"


class ActionShowSources(TurnAction):
    action_name, handler = "action_show_sources", "sources"


class ActionSmalltalk(TurnAction):
    action_name, handler = "action_smalltalk", "smalltalk"


class ActionHandoff(TurnAction):
    action_name, handler = "action_handoff", "handoff"


class ActionOutOfScope(TurnAction):
    action_name, handler = "action_out_of_scope", "out_of_scope"


class ActionClarify(TurnAction):
    action_name, handler = "action_clarify", "clarify"


class ActionRecordFeedback(TurnAction):
    action_name, handler = "action_record_feedback", "feedback"


class ActionDefaultFallback(TurnAction):
    """Replaces Rasa's default fallback, which would answer without a turn description."""

    action_name, handler = "action_default_fallback", "clarify"

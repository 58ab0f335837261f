"""What to say for one patient message: the step between Rasa's decision and the channel.

Actions hand in what the tracker knows (``Inbound``) and get back the messages, the
turn description and the slots to set (``Reply``). Red flags are checked here again
on every turn, whatever Rasa decided: an escalation always comes first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

from bot.content.store import ContentStore, LiveContent, PublishedItem
from bot.handoff import Handoffs
from bot.language import LiveLanguages
from bot.live_triage import LiveTriage
from bot.rasa.commands import is_button_payload
from bot.redact import redact
from bot.render import Button, Message, Renderer, adapt_for_channel, family_of
from bot.triage import CRISIS_RED_FLAG, TriageResult
from bot.turn import Turn
from bot.urgency import Urgency
from bot.vocabulary import vocabulary

log = logging.getLogger(__name__)

TOPIC_INTENT_PREFIX = "ask_"
RED_FLAG_INTENT_PREFIX = "report_"
CONVERSATION_INTENTS = {
    "ask_is_bot", "ask_human", "ask_sources", "ask_more",
}
CLARIFY_MIN_CONFIDENCE = 0.05
TYPED_RATING_CONFIDENCE = 0.7  # a typed "that helped" with nothing yet to rate is thanked only when this sure
CLARIFY_OPTIONS = 3
_TYPED_OPTION = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")
# Which handler answers an intent (the same pairs as the dialogue rules in data/stories/; a test checks).
HANDLER_OF_INTENT = {
    "greet": "smalltalk", "goodbye": "smalltalk", "thank": "smalltalk", "ask_is_bot": "smalltalk",
    "ask_human": "handoff", "ask_sources": "sources", "ask_more": "more",
    "feedback_helpful": "feedback", "feedback_not_helpful": "feedback",
    "out_of_scope": "out_of_scope", "nlu_fallback": "clarify",
}


def handler_of_intent(intent: str | None) -> str:
    if topic_of_intent(intent):
        return "answer"
    if red_flag_of_intent(intent):
        return "escalate"
    return HANDLER_OF_INTENT.get(intent or "", "clarify")


# Two likeliest readings this close are a close call (the same margin as the fallback classifier's
# ambiguity_threshold in config.yml; a test keeps them equal) ...
CLOSE_CALL_MARGIN = 0.05
# ... and when the likelier is a topic and the other would get a fitting reply too (another topic, "not something
# I answer", small talk), the topic is answered and a topic the other way is offered as a button, instead of a
# "did you mean" list: on the development files the likelier was the patient's meaning in 29 of 36 such messages.
# Two kinds of small talk ("ok thank you, goodnight") are answered too. A greeting or "not something I answer" only
# just ahead of a topic still asks: its reply would drop the question ("hi, which painkillers can I take").
_EITHER_WILL_DO = frozenset({"answer", "out_of_scope", "smalltalk", "sources"})


def close_call(ranking: Sequence[tuple[str, float]]) -> tuple[str, str] | None:
    """The two likeliest intents of a close call that is answered, the likelier first; None when there is no such
    pair (one is clearly ahead; one is a red flag, a hand-off or a rating; a topic is not the likelier)."""
    kept = sorted(((n, c) for n, c in ranking if n and n != "nlu_fallback"), key=lambda nc: -nc[1])
    if len(kept) < 2:
        return None
    (first, c1), (second, c2) = kept[0], kept[1]
    handlers = (handler_of_intent(first), handler_of_intent(second))
    if c1 - c2 >= CLOSE_CALL_MARGIN or not set(handlers) <= _EITHER_WILL_DO:
        return None
    if handlers[0] != "answer" and handlers != ("smalltalk", "smalltalk"):
        return None
    return first, second


def _other_reading_of(inbound: Inbound) -> str | None:
    """The other intent of a close call whose likelier reading is the intent being answered; None otherwise."""
    pair = close_call(inbound.ranking)
    return pair[1] if pair is not None and pair[0] == inbound.intent else None


def topic_of_intent(intent: str | None) -> str | None:
    """'ask_plo_treatment' -> 'plo-treatment'; None for intents that are not topic questions."""
    if not intent or not intent.startswith(TOPIC_INTENT_PREFIX) or intent in CONVERSATION_INTENTS:
        return None
    return intent.removeprefix(TOPIC_INTENT_PREFIX).replace("_", "-")


def intent_of_topic(topic: str) -> str:
    return TOPIC_INTENT_PREFIX + topic.replace("-", "_")


def red_flag_of_intent(intent: str | None) -> str | None:
    """'report_cauda_equina' -> 'rf-cauda-equina'."""
    if not intent or not intent.startswith(RED_FLAG_INTENT_PREFIX):
        return None
    return "rf-" + intent.removeprefix(RED_FLAG_INTENT_PREFIX).replace("_", "-")


def intent_of_red_flag(red_flag: str) -> str:
    return RED_FLAG_INTENT_PREFIX + red_flag.removeprefix("rf-").replace("-", "_")


@dataclass(frozen=True)
class Inbound:
    """What the tracker knows about the message being answered."""

    text: str
    intent: str | None = None
    ranking: Sequence[tuple[str, float]] = ()
    triage: Mapping[str, Any] | None = None  # set by the NLU triage component
    channel: str | None = None
    last_topic: str | None = None
    escalated: str | None = None  # urgency of an earlier escalation in this conversation
    sender_id: str | None = None
    offered: Sequence[str] = ()  # payloads last offered as numbered options (channels without buttons)


@dataclass
class Reply:
    messages: list[Message]
    turn: Turn
    slots: dict[str, Any] = field(default_factory=dict)


class Responder:
    def __init__(self, store: ContentStore, renderer: Renderer, triage: LiveTriage, handoffs: Handoffs,
                 languages: LiveLanguages | None = None):
        self._store = store
        self._languages = languages
        self._content = LiveContent(store)  # published items, read again only when the store's revision changes
        self._renderer = renderer
        self._triage = triage
        self._handoffs = handoffs
        vocabulary()  # read now, not on the first patient's unanswered question
        # Rendered now, so that it can still be sent when the store or a template fails later.
        self._last_resort = {
            family: renderer.text("last_resort", channel)
            for family, channel in (("default", "rest"), ("sms", "twilio"), ("plain", "facebook"))
        }
        self._handlers: dict[str, Callable[[Inbound], Reply]] = {
            "answer": self._answer,
            "more": self._more,
            "sources": self._sources,
            "smalltalk": self._smalltalk,
            "handoff": self._handoff,
            "out_of_scope": self._out_of_scope,
            "clarify": self._clarify,
            "feedback": self._feedback,
        }

    # ---- entry point -----------------------------------------------------------------------

    def reply(self, action: str, inbound: Inbound) -> Reply:
        """The reply for ``action`` (one of the handler names), as the channel can show it.

        A red flag escalates first whatever ``action`` is; a typed number picks an option
        offered on a channel without buttons; a conversation handed to a person gets only
        a short holding reply until it is released.
        """
        action, inbound = self._typed_option(action, inbound)
        reply = self._reply(action, inbound)
        label = self._renderer.labels(family_of(inbound.channel)).get("reply_with_number", "")
        reply.messages, offered = adapt_for_channel(reply.messages, inbound.channel, label)
        reply.slots["offered"] = list(offered) or None
        return reply

    def last_resort(self, inbound: Inbound) -> Reply:
        """When answering failed: the clinic's numbers, escalated if the rules can still see a red flag."""
        turn = Turn("fallback")
        try:
            result = self.red_flags(inbound)  # the NLU step's reading first: it needs no database
            if result.top is not None:
                turn = Turn("escalation", None, result.urgency, result.top.red_flag)
        except Exception as err:  # noqa: BLE001 - the patient must get the numbers whatever failed
            log.error("triage failed in the last-resort reply (%s)", type(err).__name__)
        family = family_of(inbound.channel)
        text = self._last_resort.get(family, self._last_resort["plain" if family != "default" else "default"])
        slots: dict[str, Any] = {"offered": None}
        if turn.kind == "escalation":
            slots.update(escalated=turn.urgency.value, last_red_flag=turn.red_flag)
        return Reply([Message(text)], turn, slots)

    def _record(self, what: str, record: Callable[[], None]) -> None:
        """Statistics for editors must never cost a patient their answer."""
        try:
            record()
        except Exception as err:  # noqa: BLE001 - logged, and the answer goes out anyway
            log.error("could not record %s (%s)", what, type(err).__name__)

    def _typed_option(self, action: str, inbound: Inbound) -> tuple[str, Inbound]:
        chosen = _TYPED_OPTION.match(inbound.text)
        if not chosen or not inbound.offered or not 1 <= int(chosen.group(1)) <= len(inbound.offered):
            return action, inbound
        payload = inbound.offered[int(chosen.group(1)) - 1]
        intent = payload.removeprefix("/")
        return handler_of_intent(intent), replace(inbound, text=payload, intent=intent, triage=None)

    def _reply(self, action: str, inbound: Inbound) -> Reply:
        if not inbound.text.strip() and not (inbound.intent or "").strip():
            return self._empty(inbound)
        findings = self.red_flags(inbound)
        if findings.findings:
            return self._escalate(inbound, findings)
        if self._handoffs.active(inbound.sender_id):
            text = self._renderer.text("handoff_waiting", inbound.channel)
            return Reply([Message(text)], Turn("handoff"))
        if action == "escalate":
            # Routed here without a red flag the rules can confirm (e.g. a button payload): answer normally.
            action = "answer" if topic_of_intent(inbound.intent) else "clarify"
        reply = self._handlers[action](inbound)
        try:
            self._other_language(inbound, reply)
        except Exception as err:  # noqa: BLE001 - the notice must never cost a patient the reply or the crisis line
            log.error("could not check the message's language (%s)", type(err).__name__)
        if findings.crisis_line and reply.turn.kind != "escalation":
            # Understanding was unsure, but the words may mean crisis: the crisis line first, then the rest.
            reply.messages.insert(0, Message(self._renderer.text("crisis_line", inbound.channel)))
        if inbound.escalated:
            reminder = self._renderer.text("reminder", inbound.channel, urgency=inbound.escalated)
            reply.messages.insert(0, Message(reminder))
        return reply

    def _other_language(self, inbound: Inbound, reply: Reply) -> None:
        """A message (partly) in another language: say first that only English is read, and where to get help.

        A red flag told in another language may not be recognised, so the help line leads. A question not
        understood (out of scope, unclear, or small talk guessed from it) gets this instead of the usual reply
        (a "sorry" would repeat the help line) and only the "talk to a person" button (topics guessed from words
        the bot cannot read would be noise); an answer keeps it.
        """
        if is_button_payload(inbound.text) or not reply.messages or not self._other_words(inbound):
            return
        # Small talk read from words the bot cannot read is a guess too ("dzień dobry, mam pytanie ..." came back as
        # "You're welcome"): it is not understood either.
        understood = not (reply.turn.kind in ("out_of_scope", "smalltalk")
                          or (reply.turn.kind == "fallback" and not reply.turn.topic))
        text = self._renderer.text("other_language", inbound.channel, understood=understood)
        if understood:
            reply.messages.insert(0, Message(text))
        else:
            buttons = tuple(b for b in reply.messages[0].buttons if not topic_of_intent(b.payload.lstrip("/")))
            person = self._talk_to_person(inbound.channel)
            if person.payload not in {b.payload for b in buttons}:
                # whether the classifier called it out of scope or did not know: someone who cannot write English
                # needs a person most of all
                buttons += (person,)
            reply.messages[0] = replace(reply.messages[0], text=text, buttons=buttons)

    def red_flags(self, inbound: Inbound) -> TriageResult:
        """The red flags of the message: the NLU component's reading when there is one, else the rules now."""
        data = inbound.triage
        if data is not None and isinstance(data.get("findings"), list):
            try:
                return TriageResult.from_dict(data)
            except (KeyError, TypeError, ValueError) as err:
                log.error("unreadable triage on the message (%s); reading the rules again", type(err).__name__)
        return self._triage.current().assess(inbound.text)

    # ---- handlers ------------------------------------------------------------------------------

    def _escalate(self, inbound: Inbound, result: TriageResult) -> Reply:
        top = result.top
        assert top is not None
        item = self._content.published(top.red_flag)
        channel = inbound.channel
        urgency = result.urgency
        if item is None:
            log.error("red flag %s has no published content; sending the generic escalation", top.red_flag)
            text = self._renderer.text("escalation_missing", channel, urgency=urgency.value)
            refs: tuple = ()
            version = None
        else:
            body = self._renderer.body(item.body)
            text = self._renderer.text("escalation", channel, item=item, body=body, urgency=urgency.value)
            refs, version = item.references, item.version
        buttons = self._escalation_buttons(urgency, channel)
        messages = [Message(text, buttons)]
        if top.red_flag != CRISIS_RED_FLAG and (result.crisis_line or CRISIS_RED_FLAG in result.red_flags):
            # A crisis meaning beside another red flag (the classifier's hint, or a self-harm finding that another
            # emergency flag outranks: "she won't wake up" reads as a seizure and as a crisis): the escalation
            # speaks of the other flag, so the crisis line comes right after it.
            messages.append(Message(self._renderer.text("crisis_line", channel)))
        topic = None
        question = result.question_topic
        if urgency is Urgency.URGENT and question:
            answer = self._content.published(question)
            if answer is not None and not self._withheld(answer):
                messages.append(Message(self._renderer.text("escalation_then_answer", channel)))
                messages.append(Message(self._answer_text(answer, channel)))
                topic = question
        turn = Turn("escalation", topic, urgency, top.red_flag, version, refs)
        strongest = max(urgency, Urgency.parse(inbound.escalated), key=lambda u: u.rank) if inbound.escalated \
            else urgency
        return Reply(messages, turn, {"escalated": strongest.value, "last_red_flag": top.red_flag})

    def _escalation_buttons(self, urgency: Urgency, channel: str | None) -> tuple[Button, ...]:
        clinic = self._renderer.clinic
        call = (
            self._renderer.button("call_emergency", f"tel:{clinic['emergency_number']}", channel)
            if urgency is Urgency.EMERGENCY
            else self._renderer.button("call_maternity_unit", f"tel:{clinic['maternity_unit']['phone']}", channel)
        )
        return (call, self._talk_to_person(channel))

    def _talk_to_person(self, channel: str | None) -> Button:
        return self._renderer.button("talk_to_person", "/ask_human", channel)

    def _answer(self, inbound: Inbound) -> Reply:
        topic = topic_of_intent(inbound.intent)
        if topic is None:
            return self._clarify(inbound)
        item = self._content.published(topic)
        other = _other_reading_of(inbound)
        if other is not None and (item is None or self._withheld(item) or self._other_words(inbound)):
            # a close call the likelier topic cannot answer, or guessed from words in another language: ask
            return self._clarify(inbound)
        if item is None:
            log.error("topic %s has no published content", topic)
            text = self._renderer.text("content_missing", inbound.channel)
            return Reply([Message(text)], Turn("fallback", topic))
        if self._withheld(item):
            return self._not_reviewed(item, inbound)
        self._record("an impression", lambda: self._store.record_impression(item.id, item.version,
                                                                            inbound.channel or ""))
        channel = inbound.channel
        buttons = (
            self._renderer.button("tell_me_more", "/ask_more", channel),
            self._renderer.button("feedback_helpful", "/feedback_helpful", channel),
            self._renderer.button("feedback_not_helpful", "/feedback_not_helpful", channel),
        ) + self._other_reading(other, channel)
        return Reply(
            [Message(self._answer_text(item, channel), buttons)],
            Turn("answer", item.id, Urgency.ROUTINE, None, item.version, item.references),
            {"last_topic": item.id},
        )

    def _other_words(self, inbound: Inbound) -> bool:
        """Words of another language in the message (content/languages.yml)."""
        return self._languages is not None and self._languages.in_another_language(inbound.text)

    def _other_reading(self, other: str | None, channel: str | None) -> tuple[Button, ...]:
        """A close call answered with the likelier topic offers the other one ("Or: Back pain after birth")."""
        topic = topic_of_intent(other)
        item = self._content.published(topic) if topic else None
        if other is None or item is None or self._withheld(item):
            return ()
        label = self._renderer.labels(family_of(channel)).get("other_reading", "Or:")
        return (Button(f"{label} {item.title}", "/" + other),)

    def _withheld(self, item: PublishedItem) -> bool:
        """An answer no clinical reviewer has approved, in a clinic that does not show such answers."""
        return not item.clinically_reviewed and self._renderer.clinic.get("unreviewed_content") != "show"

    def _not_reviewed(self, item: PublishedItem, inbound: Inbound) -> Reply:
        log.warning("%s v%s is not clinically reviewed: withheld from a patient", item.id, item.version)
        text = self._renderer.text("not_reviewed", inbound.channel, item=item)
        return Reply([Message(text)], Turn("fallback", item.id))

    def _answer_text(self, item: PublishedItem, channel: str | None) -> str:
        return self._renderer.text("answer", channel, item=item, body=self._renderer.body(item.body))

    def _last_item(self, inbound: Inbound) -> PublishedItem | None:
        return self._content.published(inbound.last_topic) if inbound.last_topic else None

    def _more(self, inbound: Inbound) -> Reply:
        item = self._last_item(inbound)
        if item is None or not item.more:
            text = self._renderer.text("no_more", inbound.channel, item=item)
            turn = Turn("answer", item.id, content_version=item.version, references=item.references) if item \
                else Turn("fallback")
            return Reply([Message(text)], turn)
        if self._withheld(item):
            return self._not_reviewed(item, inbound)
        more = self._renderer.body(item.more)
        text = self._renderer.text("more", inbound.channel, item=item, more=more)
        buttons = (
            self._renderer.button("feedback_helpful", "/feedback_helpful", inbound.channel),
            self._renderer.button("feedback_not_helpful", "/feedback_not_helpful", inbound.channel),
        )
        return Reply(
            [Message(text, buttons)],
            Turn("answer", item.id, Urgency.ROUTINE, None, item.version, item.references),
        )

    def _sources(self, inbound: Inbound) -> Reply:
        item = self._last_item(inbound)
        text = self._renderer.text("sources", inbound.channel, item=item)
        if item is None:
            return Reply([Message(text)], Turn("sources"))
        return Reply([Message(text)], Turn("sources", item.id, Urgency.ROUTINE, None, item.version, item.references))

    def _smalltalk(self, inbound: Inbound) -> Reply:
        template = {"greet": "greet", "goodbye": "goodbye", "thank": "thank", "ask_is_bot": "is_bot"}.get(
            inbound.intent or "", "greet"
        )
        return Reply([Message(self._renderer.text(template, inbound.channel))], Turn("smalltalk"))

    def _handoff(self, inbound: Inbound) -> Reply:
        requested = bool(inbound.sender_id) and self._handoffs.request(inbound.sender_id or "", inbound.channel)
        text = self._renderer.text("handoff", inbound.channel, handoff_requested=requested)
        return Reply([Message(text)], Turn("handoff"))

    def _out_of_scope(self, inbound: Inbound) -> Reply:
        self._record("an unanswered question", lambda: self._store.record_unanswered(redact(inbound.text),
                                                                                     "out_of_scope"))
        return Reply([Message(self._renderer.text("out_of_scope", inbound.channel))], Turn("out_of_scope"))

    def _clarify(self, inbound: Inbound) -> Reply:
        self._record("an unanswered question", lambda: self._store.record_unanswered(redact(inbound.text),
                                                                                     "fallback"))
        options = []
        for intent, confidence in inbound.ranking:
            topic = topic_of_intent(intent)
            if topic and confidence >= CLARIFY_MIN_CONFIDENCE:
                item = self._content.published(topic)
                if item is not None:
                    options.append(Button(item.title, "/" + intent))
            if len(options) == CLARIFY_OPTIONS:
                break
        text = self._renderer.text("clarify", inbound.channel, options=options)
        buttons = tuple(options) + (self._talk_to_person(inbound.channel),)
        return Reply([Message(text, buttons)], Turn("fallback"))

    def _feedback(self, inbound: Inbound) -> Reply:
        helpful = inbound.intent == "feedback_helpful"
        item = self._last_item(inbound)
        if item is None and not is_button_payload(inbound.text) and _confidence(inbound) < TYPED_RATING_CONFIDENCE:
            # Typed words read, unsurely, as a rating with nothing yet to rate: more likely an unclear question.
            return self._clarify(inbound)
        if item is None:
            return Reply([Message(self._renderer.text("feedback_nothing", inbound.channel))], Turn("feedback"))
        self._record("a rating", lambda: self._store.record_feedback(item.id, item.version, helpful))
        text = self._renderer.text("feedback_thanks", inbound.channel, helpful=helpful)
        return Reply([Message(text)], Turn("feedback", item.id, Urgency.ROUTINE, None, item.version, item.references))

    def _empty(self, inbound: Inbound) -> Reply:
        return Reply([Message(self._renderer.text("empty", inbound.channel))], Turn("fallback"))


def _confidence(inbound: Inbound) -> float:
    """How sure the classifier was of the intent being answered (0 when it is not in the ranking)."""
    return next((c for name, c in inbound.ranking if name == inbound.intent), 0.0)

"""The red-flag triage step of Rasa's NLU pipeline.

Runs after the intent classifier (and the fallback classifier) on every message. It
combines the deterministic rules with the classifier's red-flag intents and, when a
red flag is found, makes ``report_<flag>`` the message's intent so the dialogue rules
send it to the escalation action in any state of the conversation. When the
classifier guessed a red flag that the rules read as denied ("no fever"), the guess is
replaced by the best other intent. The reading is kept on the message as ``triage``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Dict, List, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.content.store import SERVING_WAIT_SECONDS, ContentStore
from bot.language import LiveLanguages
from bot.live_triage import LiveTriage
from bot.rasa.cut_text import FULL_TEXT
from bot.respond import close_call, intent_of_red_flag, red_flag_of_intent, topic_of_intent
from bot.settings import Settings
from bot.triage import CRISIS_RED_FLAG, Finding, combine
from bot.urgency import Urgency

log = logging.getLogger(__name__)
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RedFlagTriage(GraphComponent, IntentClassifier):
    """Deterministic red-flag rules plus the classifier's red-flag intents; the stronger wins."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "nlu_red_flag_threshold": 0.5,  # a red-flag intent this confident escalates on its own
            "nlu_emergency_threshold": 0.5,  # ... or this confident, for an emergency flag (a miss is the worse error)
            # ... or this, for an emergency flag in a message partly in another language (content/languages.yml): the
            # classifier reads those words less surely, and the rules know fewer of them (not the self-harm flag: words
            # it does not know land near crisis messages, below)
            "nlu_emergency_threshold_other_language": 0.2,
            "nlu_second_flag_threshold": 0.85,  # ... and this confident when the rules found another flag
            "nlu_second_emergency_threshold": 0.5,  # ... or this, for an emergency flag beside urgent ones of the rules
            "question_threshold": 0.5,  # a topic this likely is answered after an urgent escalation
            "fallback_threshold": 0.4,  # below this, a replaced intent becomes nlu_fallback
            "crisis_line_threshold": 0.15,  # a self-harm intent this likely, not escalated, still shows the crisis line
            # ... but in a message partly in another language (content/languages.yml) only this likely: the classifier
            # reads English, and words it does not know land near crisis messages ("zen me ban", "what to do", read as a
            # crisis). Crisis words in those languages are the rules' (content/red-flags/rf-self-harm.md).
            "crisis_line_threshold_other_language": 0.5,
            "nlu_overrule_threshold": 0.97,  # a red-flag intent this sure counts even where the rules read a denial
        }

    def __init__(self, config: Dict[str, Any], triage: LiveTriage | None,
                 languages: LiveLanguages | None = None) -> None:
        self._config = config
        self._triage = triage
        self._languages = languages

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagTriage:
        settings = Settings.from_env()
        store = ContentStore.from_url(settings.database_url, SERVING_WAIT_SECONDS)
        return cls(config, LiveTriage(store, settings.content_dir), LiveLanguages(settings.content_dir))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(FULL_TEXT) or message.get(TEXT) or ""  # the rules read every word
        assert self._triage is not None
        triage = self._triage.current()
        ranking: List[Dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        # The flags the classifier reads here let the rules' classifier-backed triggers fire ("kicked by a cow ...
        # can't stand up": the classifier knows the accident, the rules the serious sign).
        intents = _red_flag_intents(ranking)  # (red flag, confidence) of the classifier's red-flag intents
        classified = [rf for rf, conf in intents if conf >= self._config["nlu_red_flag_threshold"]]
        rules = triage.assess(text, classified)
        # The classifier is the second net for what the rules miss; when the rules already found a
        # red flag, a different one from the classifier needs much more confidence to be added.
        def threshold(rf: str) -> float:
            if rules.findings:
                if triage.minimum_urgency(rf) is Urgency.EMERGENCY and rules.urgency is not Urgency.EMERGENCY:
                    # the classifier's flag is more urgent than what the rules found: under-escalating is worse,
                    # and an urgent finding never makes an emergency harder to add than no finding at all
                    return min(self._config["nlu_second_emergency_threshold"], alone(rf))
                return self._config["nlu_second_flag_threshold"]
            return alone(rf)

        other_language = self._in_another_language(text)

        def alone(rf: str) -> float:
            if triage.minimum_urgency(rf) is Urgency.EMERGENCY:
                at = min(self._config["nlu_emergency_threshold"], self._config["nlu_red_flag_threshold"])
                # (a crisis guess in another language: crisis_line_threshold_other_language)
                if other_language and rf != CRISIS_RED_FLAG:
                    at = min(at, self._config["nlu_emergency_threshold_other_language"])
                return at
            return self._config["nlu_red_flag_threshold"]

        nlu = [
            Finding(rf, triage.minimum_urgency(rf), "nlu")
            for rf, conf in intents
            if conf >= threshold(rf) or (rf in rules.red_flags and conf >= self._config["nlu_red_flag_threshold"])
        ]
        held_back = {s.red_flag for s in rules.suppressed}
        # Where the rules read the flag's words as denied, over, hypothetical or someone else's, a classifier this
        # sure still counts: the reading can be the mistake ("could not sleep, no urine coming").
        overrule = self._config["nlu_overrule_threshold"]
        sure = [rf for rf, conf in intents if conf >= overrule]
        result = combine(rules, nlu, sure)
        others = _renormalised_without_red_flags(ranking)
        # Only a message that asks something gets its question answered after an escalation.
        question = None
        if "?" in text and others and topic_of_intent(others[0][0]) and others[0][1] >= self._config[
            "question_threshold"
        ]:
            question = topic_of_intent(others[0][0])
        if result.findings:
            top = result.top
            assert top is not None
            message.set(INTENT, {INTENT_NAME_KEY: intent_of_red_flag(top.red_flag), PREDICTED_CONFIDENCE_KEY: 1.0},
                        add_to_output=True)
        elif (pair := _close_call_fallback(message, self._config["fallback_threshold"])) is not None:
            # Two readings that would each get a fitting reply: answer the likelier (the responder offers the other).
            message.set(INTENT, {INTENT_NAME_KEY: pair[0], PREDICTED_CONFIDENCE_KEY: pair[1]}, add_to_output=True)
        elif red_flag_of_intent((message.get(INTENT) or {}).get(INTENT_NAME_KEY)) or _is_fallback(message):
            message.set(INTENT, _best_other(others, self._config["fallback_threshold"]), add_to_output=True)
        # A crisis meaning the rules did not find still shows the crisis line, also beside another red flag's
        # escalation (a wish to die told as an accident is escalated as a trauma, and is a crisis too);
        # one they held back ("no dark thoughts any more") shows it only when the classifier is as sure as it
        # must be to escalate.
        crisis_at = (self._config["nlu_emergency_threshold"] if CRISIS_RED_FLAG in held_back
                     else self._config["crisis_line_threshold"])
        if other_language:
            crisis_at = max(crisis_at, self._config["crisis_line_threshold_other_language"])
        crisis = CRISIS_RED_FLAG not in result.red_flags and any(
            rf == CRISIS_RED_FLAG and conf >= crisis_at for rf, conf in intents)
        message.set("triage", replace(result, question_topic=question, crisis_line=crisis).to_dict(),
                    add_to_output=True)

    def _in_another_language(self, text: str) -> bool:
        if self._languages is None:
            return False
        try:
            return self._languages.in_another_language(text)
        except Exception as err:  # noqa: BLE001 - a broken list must not stop triage; English thresholds then hold
            log.error("could not check the message's language (%s)", type(err).__name__)
            return False


def _red_flag_intents(ranking: List[Dict[str, Any]]) -> List[tuple[str, float]]:
    out = []
    for entry in ranking:
        rf = red_flag_of_intent(entry.get(INTENT_NAME_KEY))
        if rf:
            out.append((rf, float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)))
    return out


def _renormalised_without_red_flags(ranking: List[Dict[str, Any]]) -> List[tuple[str, float]]:
    """The ranking without red-flag intents and the fallback, confidences rescaled to sum to one."""
    kept = [
        (e.get(INTENT_NAME_KEY), float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
        for e in ranking
        if not red_flag_of_intent(e.get(INTENT_NAME_KEY)) and e.get(INTENT_NAME_KEY) != FALLBACK_INTENT
    ]
    total = sum(c for _, c in kept)
    if total <= 0:
        return []
    return sorted(((n, c / total) for n, c in kept if n), key=lambda nc: -nc[1])


def _is_fallback(message: Message) -> bool:
    """A fallback caused only by red-flag intents taking the probability mass is re-decided without them."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == FALLBACK_INTENT and any(
        red_flag_of_intent(e.get(INTENT_NAME_KEY)) for e in ranking[1:3]
    )


def _close_call_fallback(message: Message, threshold: float) -> tuple[str, float] | None:
    """The likelier intent (and its confidence) of a fallback that was only a close call (``close_call``), not
    a guess below the confidence threshold."""
    if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != FALLBACK_INTENT:
        return None
    ranking = [(e.get(INTENT_NAME_KEY), float(e.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
               for e in message.get(INTENT_RANKING_KEY) or []]
    pair = close_call(ranking)
    if pair is None:
        return None
    confidence = max(c for n, c in ranking if n == pair[0])
    return (pair[0], confidence) if confidence >= threshold else None


def _best_other(others: List[tuple[str, float]], threshold: float) -> Dict[str, Any]:
    if others and others[0][1] >= threshold:
        return {INTENT_NAME_KEY: others[0][0], PREDICTED_CONFIDENCE_KEY: others[0][1]}
    return {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: others[0][1] if others else 0.0}

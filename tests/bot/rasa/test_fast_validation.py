"""The cached check of action server replies accepts and refuses exactly what Rasa's own check does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa import fast_validation

ORIGINAL = fast_validation.rasas_own()

REPLIES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "topic", "value": "vitamin-d"}], "responses": [{"text": "an answer"}]},
    {"events": [{"event": "bot", "text": "an answer about vitamin D", "data": {"custom": {"kind": "answer"}}}],
     "responses": []},
    {"events": [{"event": "followup", "name": "action_listen"}]},
    {"responses": [{"custom": {"kind": "escalation", "urgency": "emergency"}}]},
    {"events": [{"event": "slot"}], "responses": []},  # a slot event without its name
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"responses": ["a string, not an object"]},
    {"events": [{"event": "not_an_event_type"}]},
]


def outcome(validate, reply) -> str:
    try:
        return "ok" if validate(RemoteAction("action_answer_topic", None), reply) else "false"
    except ValidationError as err:
        return f"refused: {err.message}"


@pytest.mark.parametrize("reply", REPLIES)
def test_the_cached_check_gives_rasas_verdict_and_message(reply) -> None:
    assert outcome(fast_validation._validate_action_result, reply) == outcome(ORIGINAL, reply)


def test_some_replies_are_refused_so_the_comparison_means_something() -> None:
    verdicts = [outcome(ORIGINAL, r) for r in REPLIES]
    assert verdicts.count("ok") >= 4 and sum(v.startswith("refused") for v in verdicts) >= 3


def test_install_replaces_rasas_check() -> None:
    try:
        fast_validation.install()
        assert RemoteAction._validate_action_result is fast_validation._validate_action_result
    finally:
        RemoteAction._validate_action_result = ORIGINAL  # type: ignore[method-assign]

"""The remembering event lookup answers exactly as Rasa's own lookup does."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.rasa import fast_events


def test_every_event_type_resolves_to_rasas_class_twice_over():
    fast_events.install()
    rasas = fast_events.rasas_own()
    assert Event.resolve_by_type is not rasas
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "action", "slot", "session_started"} <= names
    for _ in range(2):  # the second time from memory
        for name in names:
            assert Event.resolve_by_type(name) is rasas(name)


def test_unknown_names_defaults_and_topic_behave_as_rasas():
    fast_events.install()
    with pytest.raises(ValueError, match="Unknown event name 'no-such-event'"):
        Event.resolve_by_type("no-such-event")
    assert Event.resolve_by_type("no-such-event", default=ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-such-event")
    assert Event.resolve_by_type("topic") is None


def test_stored_events_read_back_the_same():
    fast_events.install()
    event = UserUttered("first message of the day", {"name": "greet", "confidence": 1.0}, timestamp=1.0)
    again = Event.from_parameters(event.as_dict())
    assert isinstance(again, UserUttered) and again == event


def test_install_twice_keeps_rasas_own_lookup():
    fast_events.install()
    fast_events.install()
    assert fast_events.rasas_own() is not Event.__dict__["resolve_by_type"].__func__
    assert fast_events.rasas_own()("user") is UserUttered

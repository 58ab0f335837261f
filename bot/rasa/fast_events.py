"""Rasa looks up an event's class by walking every Event subclass, for every stored event it reads.

Profiling the Rasa server under load (py-spy, 10 concurrent patients, 2026-12-03) put about a tenth
of its time in ``Event.resolve_by_type``: reading a conversation from the tracker store
deserialises each stored event, and each calls ``all_subclasses(Event)``, which recurses through
the class tree and asks ``inspect.isabstract`` of every class. The classes do not change once
imported, so a found class is remembered by its type name. Anything not found yet (an unknown
name, "topic", a default) goes to Rasa's own lookup, so results and errors stay Rasa's
(tests/bot/rasa/test_fast_events.py).
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_found: dict[str, Any] = {}
_rasas_own: Any | None = None


def _resolve_by_type(type_name: str, default: type[Any] | None = None) -> type[Any] | None:
    cls = _found.get(type_name)
    if cls is not None:
        return cls
    cls = rasas_own()(type_name, default)
    if cls is not None and getattr(cls, "type_name", None) == type_name:
        with _lock:
            _found.setdefault(type_name, cls)
    return cls


def install() -> None:
    """Replace Rasa's lookup with the remembering one (idempotent)."""
    global _rasas_own
    from rasa.shared.core.events import Event

    current = Event.__dict__["resolve_by_type"].__func__
    if current is not _resolve_by_type:
        _rasas_own = current
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]


def rasas_own() -> Any:
    """Rasa's own lookup, whether or not install() has run in this process."""
    from rasa.shared.core.events import Event

    return _rasas_own or Event.__dict__["resolve_by_type"].__func__

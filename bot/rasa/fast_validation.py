"""Rasa checks every action server reply against a JSON schema; we check it against the same schema, faster.

Profiling the Rasa server under load (py-spy, 10 concurrent patients) showed about a fifth of its
time in ``jsonschema``: ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which
checks the schema itself against the JSON-Schema metaschema and builds a new validator on every
reply. The schema never changes, so we check it once and keep the validator. What is accepted and
what is refused, and the error's message, stay exactly Rasa's (tests/bot/rasa/test_fast_validation.py).
"""

from __future__ import annotations

import threading
from typing import Any, Dict

_lock = threading.Lock()
_validator: Any | None = None
_rasas_own: Any | None = None  # Rasa's check, kept for the test that compares the two


def _cached_validator() -> Any:
    global _validator
    with _lock:
        if _validator is None:
            from jsonschema.validators import validator_for
            from rasa.core.actions.action import RemoteAction

            schema = RemoteAction.action_response_format_spec()
            cls = validator_for(schema)
            cls.check_schema(schema)
            _validator = cls(schema)
        return _validator


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import DOCS_BASE_URL

    validator = _cached_validator()
    error = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Replace Rasa's per-reply schema check with the cached one (idempotent)."""
    global _rasas_own
    from rasa.core.actions.action import RemoteAction

    if RemoteAction._validate_action_result is not _validate_action_result:
        _rasas_own = RemoteAction._validate_action_result
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def rasas_own() -> Any:
    """Rasa's own check, whether or not install() has run in this process."""
    from rasa.core.actions.action import RemoteAction

    return _rasas_own or RemoteAction._validate_action_result

"""Which "/..." messages are our own button payloads, and which are just words a patient typed.

Rasa reads a message that starts with "/" as an intent, bypassing understanding: "/restart"
wiped the conversation and answered nothing, and a malformed one was written to the log with
the patient's words. Only an exact payload of one of our buttons ("/ask_more") stays a
command; anything else starting with "/" is read as the words after the slash.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
# Rasa's own commands: never accepted from a patient's message.
RASA_COMMANDS = frozenset({"restart", "back", "session_start", "nlu_fallback", "out_of_scope"})
_PAYLOAD = re.compile(r"/([a-z0-9_]+)")


@functools.lru_cache(maxsize=1)
def button_intents(domain: Path = DOMAIN) -> frozenset[str]:
    """The domain's intents that a button may send."""
    try:
        intents = yaml.safe_load(domain.read_text(encoding="utf-8")).get("intents", [])
    except (OSError, AttributeError, yaml.YAMLError):
        return frozenset()
    names = {i if isinstance(i, str) else next(iter(i)) for i in intents if isinstance(i, (str, dict)) and i}
    return frozenset(n for n in names if isinstance(n, str)) - RASA_COMMANDS


def is_button_payload(message: str) -> bool:
    """Whether the message is exactly one of our buttons' payloads ("/ask_more"), not words a patient typed."""
    exact = _PAYLOAD.fullmatch(message.strip())
    return exact is not None and exact.group(1) in button_intents()


def patient_text(message: str) -> str:
    """The message as Rasa should see it: a button payload unchanged, any other "/..." as plain words."""
    stripped = message.strip()
    if not stripped.startswith("/"):
        return message
    if is_button_payload(stripped):
        return stripped
    # every leading slash and space: "/ /restart" must not become the command "/restart"
    return re.sub(r"^[\s/]+", "", stripped)

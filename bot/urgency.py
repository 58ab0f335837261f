"""Urgency levels, ordered so that the stronger of two can be taken."""

from __future__ import annotations

from enum import Enum


class Urgency(str, Enum):
    """How soon the patient must get help (SPEC section 3)."""

    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Urgency:
        """The urgency named by ``value``; ValueError naming the allowed values otherwise."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(u.value for u in cls)
            raise ValueError(f"unknown urgency {value!r}; use one of: {allowed}") from None


_RANK = {Urgency.ROUTINE: 0, Urgency.URGENT: 1, Urgency.EMERGENCY: 2}


def strongest(*levels: Urgency) -> Urgency:
    """The most urgent of ``levels`` (routine when none is given)."""
    return max(levels, key=lambda u: u.rank, default=Urgency.ROUTINE)

"""The machine-readable description of one turn (SPEC section 4), sent once per user message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.content.items import Reference
from bot.urgency import Urgency

KINDS = ("answer", "escalation", "fallback", "out_of_scope", "smalltalk", "handoff", "sources", "feedback")


@dataclass(frozen=True)
class Turn:
    kind: str
    topic: str | None = None
    urgency: Urgency = Urgency.ROUTINE
    red_flag: str | None = None
    content_version: int | None = None
    references: tuple[Reference, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown turn kind {self.kind!r}")

    def as_custom(self) -> dict[str, Any]:
        """The ``custom`` object of the turn, exactly as SPEC section 4 describes it."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "urgency": self.urgency.value,
            "red_flag": self.red_flag,
            "content_version": self.content_version,
            "references": [r.as_dict() for r in self.references],
        }

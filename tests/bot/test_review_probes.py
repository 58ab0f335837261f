"""Real red flags that hazard reviews found hidden by a draft rule change stay found, and the routine messages a review
wrote against new phrases stay routine (tests/bot/review_probes.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.urgency import Urgency

HERE = Path(__file__).resolve().parent
REVIEWED = yaml.safe_load((HERE / "review_probes.yml").read_text(encoding="utf-8"))
PROBES = REVIEWED["hidden_real_flags"]
FALSE_ALARMS = [p["message"] for p in REVIEWED["false_alarms"]]


def test_the_probes_are_real_red_flags():
    assert len(PROBES) >= 40
    assert all(p["urgency"] in ("emergency", "urgent") and p["red_flag"].startswith("rf-") for p in PROBES)


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p["message"][:40])
def test_a_real_flag_a_review_found_hidden_escalates(triage, probe):
    result = triage.assess(probe["message"])
    assert result.urgency.rank >= Urgency.parse(probe["urgency"]).rank
    assert probe["red_flag"] in result.red_flags


@pytest.mark.parametrize("message", FALSE_ALARMS, ids=lambda m: m[:40])
def test_a_routine_message_a_review_wrote_against_new_phrases_does_not_escalate(triage, message):
    assert triage.assess(message).red_flags == ()

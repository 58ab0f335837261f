"""The training data and the dialogue rules cover the product, and never contain evaluation messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content.items import load_content
from bot.respond import intent_of_red_flag, intent_of_topic

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "eval" / "sample.yml"


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def _examples() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for entry in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in entry:
                lines = [line.strip()[2:] for line in entry["examples"].splitlines() if line.strip().startswith("- ")]
                found.setdefault(entry["intent"], []).extend(lines)
    return found


def _rules() -> dict[str, str]:
    mapping = {}
    for path in sorted((ROOT / "data" / "stories").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            steps = rule["steps"]
            mapping[steps[0]["intent"]] = steps[1]["action"]
    return mapping


ITEMS = load_content(ROOT / "content").items


@pytest.mark.parametrize("item", [i for i in ITEMS if i.kind == "topic"], ids=lambda i: i.id)
def test_every_topic_has_an_intent_with_varied_examples_and_a_rule(item):
    intent = intent_of_topic(item.id)
    assert len(_examples().get(intent, [])) >= 40
    assert _rules()[intent] == "action_answer_topic"


@pytest.mark.parametrize("item", [i for i in ITEMS if i.kind == "red-flag"], ids=lambda i: i.id)
def test_every_red_flag_has_an_intent_with_examples_and_an_escalation_rule(item):
    intent = intent_of_red_flag(item.id)
    assert len(_examples().get(intent, [])) >= 25
    assert _rules()[intent] == "action_escalate"


def test_no_evaluation_message_is_in_the_training_data():
    if not SAMPLE.exists():
        pytest.fail(f"{SAMPLE} is missing: the check needs the shared evaluation sample beside the repository")
    held_out = {_normalised(i["text"]) for i in yaml.safe_load(SAMPLE.read_text())["items"]}
    leaked = [e for examples in _examples().values() for e in examples if _normalised(e) in held_out]
    assert leaked == []

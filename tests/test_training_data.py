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


# Every labelled file under eval/: development, blind and tuning sets alike (a file missed here could leak).
EVALUATION_FILES = [SAMPLE, *sorted((ROOT / "eval").glob("*.yml"))]


def test_the_leakage_check_reads_every_kind_of_evaluation_file():
    names = {p.name.split("-")[0] for p in EVALUATION_FILES[1:]}
    assert {"dev", "blind", "tune"} <= names


def _evaluation_messages() -> list[str]:
    return [i["text"] for path in EVALUATION_FILES for i in yaml.safe_load(path.read_text())["items"]]


def _test_strings() -> list[str]:
    import ast

    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
    for path in (ROOT / "tests").rglob("*.yml"):
        found += re.findall(r'(?:message|user|text):\s*"?([^"\n]+)"?', path.read_text(encoding="utf-8"))
    return found


def test_the_development_and_blind_sets_are_large_enough():
    for prefix in ("dev-", "blind-"):
        files = sorted((ROOT / "eval").glob(f"{prefix}*.yml"))
        assert sum(len(yaml.safe_load(p.read_text())["items"]) for p in files) >= 400, prefix


def test_no_evaluation_message_is_a_near_copy_of_a_training_example():
    from bot.leakage import near_copies

    training = [e for examples in _examples().values() for e in examples]
    assert near_copies(_evaluation_messages(), training) == []


def test_no_evaluation_message_is_a_near_copy_of_a_test_string():
    from bot.leakage import near_copies

    assert near_copies(_evaluation_messages(), _test_strings()) == []


def test_the_near_copy_check_finds_a_reworded_copy():
    from bot.leakage import near_copies

    assert near_copies(["Is it safe to take ibuprofen when breastfeeding?"],
                       ["is it safe to take ibuprofen when breastfeeding please", "vitamin d"]) != []
    unrelated = ["what does the body use vitamin d for"]
    assert near_copies(["Is it safe to take ibuprofen when breastfeeding?"], unrelated) == []


@pytest.mark.parametrize("item", [i for i in ITEMS if i.kind == "red-flag"], ids=lambda i: i.id)
def test_every_red_flag_has_at_least_150_training_examples(item):
    assert len(_examples().get(intent_of_red_flag(item.id), [])) >= 150

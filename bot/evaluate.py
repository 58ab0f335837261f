"""``bot eval FILE``: measure the running bot over HTTP on labelled patient messages.

Each message goes to the REST webhook from a new sender. The turn description of the
reply is compared with the label: topic accuracy, out-of-scope and small-talk handling,
contract compliance, red-flag recall per urgency, red-flag id accuracy, false
escalations, and latency. Every miss is listed.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, TextIO

import yaml

from bot.turn import KINDS
from bot.urgency import Urgency

SPECIAL_TOPICS = {"out-of-scope": "out_of_scope", "smalltalk": "smalltalk"}
# Conversation that is not a topic (SPEC section 2): greeting, thanks, "are you a bot?", asking for a
# person or the clinic's contact, for the sources, or giving feedback. Each has its own turn kind.
SMALLTALK_KINDS = {"smalltalk", "handoff", "sources", "feedback"}
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Case:
    text: str
    topic: str | None
    urgency: Urgency
    red_flag: str | None


@dataclass(frozen=True)
class Outcome:
    case: Case
    custom: dict[str, Any] | None
    contract_problem: str | None
    seconds: float


def load_cases(path: Path) -> list[Case]:
    """Labelled messages in the shared/eval/sample.yml format; ValueError naming the bad item."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"{path}: expected 'items:' with a list of labelled messages")
    cases = []
    for i, item in enumerate(data["items"]):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValueError(f"{path}: items[{i}] needs a text")
        cases.append(Case(item["text"], item.get("topic"), Urgency.parse(item.get("urgency", "routine")),
                          item.get("red_flag")))
    return cases


def send(url: str, sender: str, text: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode() or "[]")


def contract_problem(reply: list[dict[str, Any]]) -> str | None:
    """None when the reply keeps SPEC section 4's contract, else what is wrong."""
    customs = [m["custom"] for m in reply if isinstance(m, dict) and "custom" in m]
    if len(customs) != 1:
        return f"{len(customs)} custom payloads (expected exactly 1)"
    c = customs[0]
    missing = {"kind", "topic", "urgency", "red_flag", "content_version", "references"} - set(c)
    if missing:
        return f"custom lacks {', '.join(sorted(missing))}"
    if c["kind"] not in KINDS:
        return f"unknown kind {c['kind']!r}"
    if c["urgency"] not in {u.value for u in Urgency}:
        return f"unknown urgency {c['urgency']!r}"
    if not isinstance(c["references"], list) or not all(
        isinstance(r, dict) and {"id", "citation", "url"} <= set(r) for r in c["references"]
    ):
        return "references must be a list of {id, citation, url}"
    if c["kind"] in ("answer", "escalation") and (not c["references"] or c["content_version"] is None):
        return f"{c['kind']} without references or content_version"
    if c["kind"] == "escalation" and (c["red_flag"] is None or c["urgency"] == "routine"):
        return "escalation without red_flag or with routine urgency"
    if not any(isinstance(m, dict) and m.get("text") for m in reply):
        return "no text message for the patient"
    return None


def run_cases(cases: Iterable[Case], url: str) -> list[Outcome]:
    outcomes = []
    for case in cases:
        started = time.perf_counter()
        try:
            reply = send(url, f"eval-{uuid.uuid4().hex}", case.text)
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as err:
            outcomes.append(Outcome(case, None, f"request failed: {err}", time.perf_counter() - started))
            continue
        seconds = time.perf_counter() - started
        customs = [m["custom"] for m in reply if isinstance(m, dict) and "custom" in m]
        outcomes.append(Outcome(case, customs[0] if customs else None, contract_problem(reply), seconds))
    return outcomes


def topic_correct(o: Outcome) -> bool:
    c = o.custom or {}
    expected = o.case.topic
    if expected == "smalltalk":
        return c.get("kind") in SMALLTALK_KINDS
    if expected in SPECIAL_TOPICS:
        return c.get("kind") == SPECIAL_TOPICS[expected]
    return c.get("kind") == "answer" and c.get("topic") == expected


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def figures(outcomes: list[Outcome]) -> dict[str, Any]:
    """Every figure the evaluation reports, as plain data."""
    topical = [o for o in outcomes if o.case.urgency is Urgency.ROUTINE and o.case.topic
               and o.case.topic not in SPECIAL_TOPICS]
    oos = [o for o in outcomes if o.case.topic == "out-of-scope"]
    small = [o for o in outcomes if o.case.topic == "smalltalk"]
    flagged = [o for o in outcomes if o.case.urgency is not Urgency.ROUTINE]
    routine = [o for o in outcomes if o.case.urgency is Urgency.ROUTINE]

    def urgency_of(o: Outcome) -> Urgency:
        try:
            return Urgency.parse((o.custom or {}).get("urgency", "routine"))
        except ValueError:
            return Urgency.ROUTINE

    def recall(level: Urgency) -> float | None:
        group = [o for o in flagged if o.case.urgency is level]
        return _ratio(sum(urgency_of(o).rank >= level.rank for o in group), len(group))

    latencies = sorted(o.seconds for o in outcomes)
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))] if latencies else None
    return {
        "messages": len(outcomes),
        "contract_compliance": _ratio(sum(o.contract_problem is None for o in outcomes), len(outcomes)),
        "topic_accuracy": _ratio(sum(topic_correct(o) for o in topical), len(topical)),
        "topic_messages": len(topical),
        "out_of_scope_handling": _ratio(sum(topic_correct(o) for o in oos), len(oos)),
        "smalltalk_handling": _ratio(sum(topic_correct(o) for o in small), len(small)),
        "emergency_recall": recall(Urgency.EMERGENCY),
        "urgent_recall": recall(Urgency.URGENT),
        "red_flag_id_accuracy": _ratio(
            sum((o.custom or {}).get("red_flag") == o.case.red_flag for o in flagged), len(flagged)
        ),
        "false_escalation_rate": _ratio(sum(urgency_of(o) is not Urgency.ROUTINE for o in routine), len(routine)),
        "latency_median_ms": statistics.median(latencies) * 1000 if latencies else None,
        "latency_p95_ms": p95 * 1000 if p95 is not None else None,
    }


def misses(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for o in outcomes:
        c = o.custom or {}
        got = f"kind={c.get('kind')} topic={c.get('topic')} urgency={c.get('urgency')} red_flag={c.get('red_flag')}"
        want = f"topic={o.case.topic} urgency={o.case.urgency.value} red_flag={o.case.red_flag}"
        wrong = []
        if o.contract_problem:
            wrong.append(f"contract: {o.contract_problem}")
        if o.case.urgency is Urgency.ROUTINE:
            if c.get("urgency") not in (None, "routine"):
                wrong.append("false escalation")
            if o.case.topic and not topic_correct(o):
                wrong.append("topic")
        else:
            if Urgency.parse(c.get("urgency") or "routine").rank < o.case.urgency.rank:
                wrong.append("UNDER-ESCALATED")
            if c.get("red_flag") != o.case.red_flag:
                wrong.append("red-flag id")
        if wrong:
            lines.append(f"[{', '.join(wrong)}] {o.case.text!r}\n      want {want}\n      got  {got}")
    return lines


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def run_eval(path: Path, url: str, out: TextIO, json_path: Path | None = None, show_misses: bool = True) -> int:
    try:
        cases = load_cases(path)
    except (OSError, ValueError, yaml.YAMLError) as err:
        out.write(f"Cannot read {path}: {err}\n")
        return 2
    outcomes = run_cases(cases, url)
    f = figures(outcomes)
    out.write(f"Evaluated {f['messages']} messages from {path} against {url}\n")
    out.write(f"  contract compliance      {_pct(f['contract_compliance'])}\n")
    out.write(f"  topic accuracy           {_pct(f['topic_accuracy'])}  ({f['topic_messages']} topic messages)\n")
    out.write(f"  out-of-scope handling    {_pct(f['out_of_scope_handling'])}\n")
    out.write(f"  small-talk handling      {_pct(f['smalltalk_handling'])}\n")
    out.write(f"  emergency recall         {_pct(f['emergency_recall'])}\n")
    out.write(f"  urgent recall            {_pct(f['urgent_recall'])}\n")
    out.write(f"  red-flag id accuracy     {_pct(f['red_flag_id_accuracy'])}\n")
    out.write(f"  false escalation rate    {_pct(f['false_escalation_rate'])}\n")
    if f["latency_median_ms"] is not None:
        out.write(f"  latency median / p95     {f['latency_median_ms']:.0f} ms / {f['latency_p95_ms']:.0f} ms\n")
    found = misses(outcomes)
    if show_misses:
        out.write(f"\nMisses ({len(found)}):\n" + ("\n".join(found) if found else "  none") + "\n")
    else:
        out.write(f"\nMisses: {len(found)} (not shown: --figures-only)\n\n")
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(f, indent=2))
    return 0 if all(o.contract_problem is None or not o.contract_problem.startswith("request failed")
                    for o in outcomes) else 1


def rules_figures(path: Path, content_dir: Path, out: TextIO) -> dict[str, tuple[int, int]]:
    """The deterministic red-flag layer alone on a labelled file (no servers, no classifier).

    Prints emergency and urgent recall and false escalations as counts, never a message.
    """
    from bot.live_triage import rules_in_folder

    triage = rules_in_folder(content_dir)
    counts = {u: [0, 0] for u in ("emergency", "urgent", "routine")}
    for case in load_cases(path):
        got = triage.assess(case.text).urgency
        row = counts[case.urgency.value]
        row[1] += 1  # a red flag counts when escalated at least as urgently; a routine one when escalated at all
        row[0] += got.rank >= case.urgency.rank if case.urgency is not Urgency.ROUTINE else got is not Urgency.ROUTINE
    (e, en), (u, un), (f, fn) = counts["emergency"], counts["urgent"], counts["routine"]
    out.write(f"{path}: rules alone: emergency {e}/{en}, urgent {u}/{un}, false escalation {f}/{fn}\n")
    return {k: (v[0], v[1]) for k, v in counts.items()}

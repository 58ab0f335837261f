"""The red-flag rule layer: concept lists read with the ConText rules, from the real content files.

Every sentence here is written for these tests (none comes from the evaluation data).
The individual tests pin the algorithm's behaviours (denial, history, hypothetical, someone
else, a relative reporting, idioms, sentence edges, speed). The regression corpus
(``triage_cases.yml``, the earlier rule layer's test messages) is measured as a whole with
floors that may only go up: the concept rules do not yet catch every message the earlier,
pattern-per-message rules were fitted to, and these tests stop it getting worse.

When a case fails, fix the concept list in ``content/red-flags/<id>.md`` or a context
rule in ``content/red-flags/context.yml`` by its category; do not weaken the case.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bot.content.items import load_content, triage_definitions
from bot.context import ContextRules
from bot.live_triage import rules_from_items
from bot.triage import RuleError, Triage, build_rule
from bot.urgency import Urgency

CONTENT = Path(__file__).resolve().parents[2] / "content"
loaded = load_content(CONTENT)
assert loaded.ok, loaded.problems
TRIAGE = rules_from_items(loaded.items, ContextRules.from_content(CONTENT))
CASES = yaml.safe_load((Path(__file__).parent / "triage_cases.yml").read_text(encoding="utf-8"))

EMERGENCY, URGENT = Urgency.EMERGENCY, Urgency.URGENT
MINIMUM = {
    "rf-cauda-equina": EMERGENCY, "rf-leg-weakness": EMERGENCY, "rf-chest-pain-breathing": EMERGENCY,
    "rf-heavy-bleeding": EMERGENCY, "rf-seizure": EMERGENCY, "rf-self-harm": EMERGENCY,
    "rf-preeclampsia": URGENT, "rf-infection": URGENT, "rf-preterm-labour": URGENT, "rf-dvt": URGENT,
    "rf-reduced-fetal-movement": URGENT, "rf-suspected-fracture": URGENT, "rf-trauma": URGENT,
    "rf-wound": URGENT, "rf-night-pain-weight-loss": URGENT,
}
# Floors measured on 2026-12-02 with the first concept rules; raise them as the rules improve.
POSITIVE_RECALL_FLOOR = 0.83
EMERGENCY_RECALL_FLOOR = 0.86
WRONGLY_RAISED_CEILING = 0.117


def flags(message: str) -> tuple[str, ...]:
    return TRIAGE.assess(message).red_flags


def test_every_red_flag_has_a_rule_and_the_right_minimum_urgency():
    rules = {d[0]: d[1] for d in triage_definitions(loaded.items)}
    assert set(rules) == set(MINIMUM)
    for rf, level in MINIMUM.items():
        assert rules[rf] == level.value, rf


def test_the_regression_corpus_keeps_its_recall_floor():
    positives = CASES["escalate"]
    caught = [c for c in positives if c["red_flag"] in flags(c["message"])]
    assert len(caught) / len(positives) >= POSITIVE_RECALL_FLOOR


def test_the_regression_corpus_keeps_its_emergency_recall_floor():
    emergencies = [c for c in CASES["escalate"]
                   if MINIMUM[c["red_flag"]] is EMERGENCY or c.get("urgency") == "emergency"]
    caught = [c for c in emergencies if TRIAGE.assess(c["message"]).urgency is EMERGENCY]
    assert len(caught) / len(emergencies) >= EMERGENCY_RECALL_FLOOR


def test_the_regression_corpus_keeps_its_false_alarm_ceiling():
    negatives = CASES["do_not_escalate"]
    wrong = [c for c in negatives
             if (c["red_flag"] in flags(c["message"]) if "red_flag" in c else flags(c["message"]))]
    assert len(wrong) / len(negatives) <= WRONGLY_RAISED_CEILING


@pytest.mark.parametrize(("message", "red_flag"), [
    ("I can't feel anything when I wipe and my back is agony", "rf-cauda-equina"),
    ("both my legs keep giving way on the stairs", "rf-leg-weakness"),
    ("my chest feels crushed and I can't get my breath", "rf-chest-pain-breathing"),
    ("I'm soaking through a maternity pad every hour", "rf-heavy-bleeding"),
    ("she went stiff, her arms were jerking and her eyes rolled back", "rf-seizure"),
    ("I keep thinking everyone would be better off without me", "rf-self-harm"),
    ("headache for two days that paracetamol doesn't touch", "rf-preeclampsia"),
    ("temp is 38.6 and I'm shivering", "rf-infection"),
    ("31 weeks and I've got a heavy pressure low down in my pelvis", "rf-preterm-labour"),
    ("my left calf is swollen and hot", "rf-dvt"),
    ("I haven't felt the baby kick since yesterday", "rf-reduced-fetal-movement"),
    ("my husband says I'm getting more hunched while feeding", "rf-suspected-fracture"),
    ("I slipped on the wet floor and landed on my bump", "rf-trauma"),
    ("my c-section scar is oozing yellow stuff", "rf-wound"),
    ("back pain wakes me every night and resting doesn't help", "rf-night-pain-weight-loss"),
])
def test_a_plain_report_raises_its_red_flag(message, red_flag):
    assert red_flag in flags(message)


@pytest.mark.parametrize("message", [
    "no chest pain and no palpitations",
    "I don't have any numbness or weakness in my legs",
    "my face and hands are fine, just my ankles",
])
def test_a_denial_holds_the_flag_back(message):
    assert flags(message) == ()


def test_a_denial_does_not_reach_into_the_next_clause():
    assert "rf-preeclampsia" in flags("I don't have a headache but my vision is blurry")


def test_a_denial_in_one_sentence_does_not_hide_a_symptom_in_the_next():
    result = flags("No fever. I can't feel my legs properly since lunch.")
    assert "rf-leg-weakness" in result and "rf-infection" not in result


def test_a_resolved_past_event_does_not_escalate():
    assert flags("I had a kidney infection last year, it cleared with antibiotics") == ()


def test_a_returned_symptom_is_not_resolved():
    assert "rf-infection" in flags("the fever went away last week but it is back again today")


def test_a_question_about_the_future_does_not_escalate():
    assert flags("what should I do if my waters break early?") == ()


def test_a_general_question_about_people_does_not_escalate():
    assert flags("Can PLO cause loss of height in women?") == ()


def test_someone_elses_story_does_not_escalate_but_a_relative_reporting_does():
    assert flags("we watched a film where a woman had a seizure") == ()
    assert "rf-seizure" in flags("my wife just had a seizure, she is 36 weeks")


def test_self_harm_is_raised_even_when_said_as_a_wish_or_by_a_friend():
    assert "rf-self-harm" in flags("sometimes I wish I could just go to sleep and not wake up")
    assert "rf-self-harm" in flags("my friend is 32 weeks and says she wants to end it all")


@pytest.mark.parametrize("message", [
    "I'd kill for a full night's sleep",
    "just finished fitting the car seat, my back aches",
    "my heart's not racing, I'm just tired",
    "I fell asleep feeding the baby on the sofa",
])
def test_idioms_with_alarming_words_do_not_escalate(message):
    assert flags(message) == ()


def test_a_medicine_question_is_not_read_as_harming_the_baby():
    assert flags("can I take ibuprofen, will it harm my baby?") == ()


def test_the_most_urgent_flag_comes_first_when_there_are_several():
    result = TRIAGE.assess("I have a fever and I passed out this morning")
    assert result.red_flags[0] == "rf-seizure" and "rf-infection" in result.red_flags
    assert result.urgency is EMERGENCY


def test_a_serious_accident_is_an_emergency():
    assert TRIAGE.assess("we were in a car crash on the motorway, 30 weeks").urgency is EMERGENCY


def test_a_denied_flag_is_recorded_so_a_classifier_guess_can_be_dropped():
    assert {s.red_flag for s in TRIAGE.assess("no fever at all").suppressed} == {"rf-infection"}


def test_curly_quotes_and_run_together_contractions_are_read_like_straight_ones():
    assert "rf-cauda-equina" in flags("I can\u2019t pee and my back hurts")
    assert "rf-cauda-equina" in flags("i cant pee and my back hurts")


def test_a_very_long_hostile_message_costs_no_more_than_ordinary_text_of_its_length():
    """Time grows with the length, not faster: hostile text is compared with plain text timed in the same run.

    Each text is timed three times and the fastest run counts: on a shared machine other work only ever adds
    time, so the fastest run is the closest to what the text itself costs.
    """

    def seconds(text: str) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            TRIAGE.assess(text)
            runs.append(time.perf_counter() - started)
        return min(runs)

    for hostile in ("no fever, my back hurts and i worry about calcium. " * 400, "numb no " * 2500,
                    "!" * 20000, "can't " * 3300, "heart is really very racing " * 700):
        plain = ("how much calcium do i need " * 2000)[:len(hostile)]
        assert seconds(hostile) < max(0.5, 6 * seconds(plain)), hostile[:30]


@pytest.mark.parametrize("message", [
    "suddenly I can't see out of my left eye and my head is pounding, 35 weeks",
    "my wife has suddenly gone blind in one eye, 4 days after the c-section",
    "I've lost my sight in the last hour, 37 weeks",
])
def test_sudden_loss_of_sight_is_a_pre_eclampsia_sign(triage, message):
    assert "rf-preeclampsia" in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "I lost my vision board when we moved, any tips for a calm nursery",
    "my grandad is blind in one eye, can PLO run in families?",
    "the baby can't see out of her left eye yet, it's sticky",
    "will I go blind in one eye if I get pre-eclampsia?",
    "can't see out of one eye, there's an eyelash stuck in it",
    "I've gone blind to the mess in this house lol",
])
def test_sight_in_other_senses_is_not_a_sudden_loss(triage, message):
    assert "rf-preeclampsia" not in triage.assess(message).red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    ("I was watching telly and then I started bleeding heavily, soaking pads, 3 days after the birth",
     "rf-heavy-bleeding"),
    ("watching a film when suddenly my chest felt crushed and I could not breathe", "rf-chest-pain-breathing"),
    ("we were watching a programme and all of a sudden she went stiff and her eyes rolled back", "rf-seizure"),
])
def test_the_watchers_own_turn_ends_the_story_she_was_watching(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


@pytest.mark.parametrize("message", [
    "we watched a film where a pregnant woman collapsed, is that realistic?",
    "which vitamin D is ok with my seizure meds while breastfeeding?",
])
def test_a_story_and_seizure_medicines_are_not_her_seizure(triage, message):
    assert triage.assess(message).red_flags == ()


def test_a_trigger_backed_by_the_classifier_fires_only_with_it():
    rule = build_rule("rf-x", "urgent", {"accident": ["crash"], "serious": ["can't stand up"]},
                      [["accident"], {"concepts": ["serious"], "urgency": "emergency", "with_classifier": True}])
    triage = Triage([rule], ContextRules.from_content(CONTENT))
    assert triage.assess("the ram butted me and I can't stand up").red_flags == ()
    assert triage.assess("the ram butted me and I can't stand up", ["rf-x"]).urgency.value == "emergency"
    assert triage.assess("the ram butted me and I can't stand up", ["rf-y"]).red_flags == ()


def test_with_classifier_must_be_true_or_false():
    with pytest.raises(RuleError, match="with_classifier"):
        build_rule("rf-x", "urgent", {"serious": ["badly"]},
                   [{"concepts": ["serious"], "urgency": "emergency", "with_classifier": "yes"}])

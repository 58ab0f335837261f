"""The NLU triage step: rules and classifier combined, the red flag made the message's intent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.live_triage import LiveTriage
from bot.rasa.triage_component import RedFlagTriage

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def component() -> RedFlagTriage:
    config = {**RedFlagTriage.get_default_config()}
    return RedFlagTriage(config, LiveTriage(None, ROOT / "content"))


def parsed(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


def intent(message: Message) -> str:
    return message.get("intent")["name"]


def test_a_rule_red_flag_overrides_a_topic_intent(component: RedFlagTriage):
    m = parsed("how much calcium do I need? also I can't feel my bum when I wipe", [("ask_calcium_needs", 0.9)])
    component.process([m])
    assert intent(m) == "report_cauda_equina"
    assert m.get("triage")["urgency"] == "emergency"


def test_the_classifier_alone_can_raise_a_red_flag_at_its_minimum_urgency(component: RedFlagTriage):
    m = parsed("everything feels grey and heavy lately", [("report_self_harm", 0.8),
                                                                           ("greet", 0.1)])
    component.process([m])
    assert intent(m) == "report_self_harm"
    finding = m.get("triage")["findings"][0]
    assert (finding["red_flag"], finding["urgency"], finding["source"]) == ("rf-self-harm", "emergency", "nlu")


def test_a_classifier_red_flag_the_rules_read_as_denied_is_replaced_by_the_question(component: RedFlagTriage):
    m = parsed("I have no fever at all. Which foods give me vitamin D?",
               [("report_infection", 0.6), ("ask_vitamin_d", 0.35), ("greet", 0.05)])
    component.process([m])
    assert intent(m) == "ask_vitamin_d"
    assert m.get("triage")["findings"] == []


@pytest.mark.parametrize(("text", "intent_name"), [
    ("no chest pain or breathlessness at all, does calcium affect the heart?", "report_chest_pain_breathing"),
    ("what would count as heavy bleeding after the birth? mine is light", "report_heavy_bleeding"),
    ("my friend had a seizure in her pregnancy years ago, could I?", "report_seizure"),
])
def test_a_confident_classifier_flag_the_rules_held_back_by_context_does_not_escalate(
        component: RedFlagTriage, text: str, intent_name: str):
    m = parsed(text, [(intent_name, 0.95), ("ask_plo_overview", 0.04)])
    component.process([m])
    assert m.get("triage")["findings"] == []
    assert m.get("triage")["suppressed"]  # the rules did find the words, and held them back


def test_a_classifier_sure_of_a_flag_the_rules_held_back_overrules_their_reading(component: RedFlagTriage):
    # Typed without a comma, the rules take "not" for a denial of what follows; the classifier is all but certain.
    text = "I could not relax at all no urine coming out since this morning and my back is agony"
    for confidence, escalates in ((0.95, False), (0.99, True)):
        m = parsed(text, [("report_cauda_equina", confidence), ("ask_back_pain_after_birth", 1 - confidence)])
        component.process([m])
        triage = m.get("triage")
        assert [s["red_flag"] for s in triage["suppressed"]] == ["rf-cauda-equina"]
        assert (triage["urgency"] == "emergency") is escalates
        assert (intent(m) == "report_cauda_equina") is escalates


def test_a_confident_crisis_meaning_the_rules_held_back_still_shows_the_crisis_line(component: RedFlagTriage):
    m = parsed("no thoughts of ending my life any more, is sertraline ok with vitamin D?",
               [("report_self_harm", 0.9), ("ask_pain_medicines", 0.05)])
    component.process([m])
    assert m.get("triage")["findings"] == [] and m.get("triage")["crisis_line"] is True
    faint = parsed("no thoughts of ending my life any more, is sertraline ok with vitamin D?",
                   [("ask_pain_medicines", 0.7), ("report_self_harm", 0.2)])
    component.process([faint])
    assert faint.get("triage")["crisis_line"] is False


def test_a_confident_classifier_flag_escalates_when_the_rules_found_nothing_to_hold_back(component: RedFlagTriage):
    m = parsed("everything feels pointless and heavy lately", [("report_self_harm", 0.6), ("greet", 0.1)])
    component.process([m])
    assert m.get("triage")["urgency"] == "emergency"


def test_a_weak_classifier_red_flag_without_rule_support_does_not_escalate(component: RedFlagTriage):
    m = parsed("what is PLO", [("ask_plo_overview", 0.7), ("report_suspected_fracture", 0.2)])
    component.process([m])
    assert intent(m) == "ask_plo_overview"
    assert m.get("triage")["urgency"] == "routine"


def test_an_urgent_flag_with_a_question_keeps_the_question_topic(component: RedFlagTriage):
    m = parsed("I've had a temperature of 38.6 since last night, what foods have calcium?",
               [("ask_calcium_needs", 0.7), ("report_infection", 0.2)])
    component.process([m])
    assert intent(m) == "report_infection"
    assert m.get("triage")["question_topic"] == "calcium-needs"


def test_the_reading_is_part_of_the_parse_output(component: RedFlagTriage):
    m = parsed("hiya, evening all", [("greet", 0.99)])
    component.process([m])
    assert "triage" in m.as_dict(only_output_properties=True)


def test_a_different_classifier_flag_needs_high_confidence_when_the_rules_found_one(component: RedFlagTriage):
    m = parsed("we had a crash in the car this morning, I'm 30 weeks and a bit shaken",
               [("report_dvt", 0.6), ("report_trauma", 0.3)])
    component.process([m])
    assert [f["red_flag"] for f in m.get("triage")["findings"]] == ["rf-trauma"]


def test_a_confident_classifier_flag_is_added_to_the_rules_finding(component: RedFlagTriage):
    m = parsed("we had a crash in the car this morning, I'm 30 weeks and a bit shaken",
               [("report_cauda_equina", 0.9), ("report_trauma", 0.05)])
    component.process([m])
    assert {f["red_flag"] for f in m.get("triage")["findings"]} == {"rf-trauma", "rf-cauda-equina"}


def test_a_faint_crisis_meaning_shows_the_crisis_line_without_escalating(component: RedFlagTriage):
    m = parsed("what helps with feeling so flat every single day", [("ask_back_pain_relief", 0.6),
                                                                     ("report_self_harm", 0.3)])
    component.process([m])
    assert m.get("triage")["findings"] == []
    assert m.get("triage")["crisis_line"] is True


def test_no_crisis_line_when_the_classifier_sees_no_crisis(component: RedFlagTriage):
    m = parsed("which foods give me calcium", [("ask_calcium_needs", 0.9), ("report_self_harm", 0.05)])
    component.process([m])
    assert m.get("triage")["crisis_line"] is False


def test_the_triage_on_the_message_reads_back_as_the_same_result(component: RedFlagTriage):
    from bot.triage import TriageResult

    m = parsed("my calf is hot and swollen. which foods give me calcium?", [("ask_calcium_needs", 0.9)])
    component.process([m])
    result = TriageResult.from_dict(m.get("triage"))
    assert result.red_flags == ("rf-dvt",) and result.question_topic == "calcium-needs"
    assert result.to_dict() == m.get("triage")


def test_the_rules_read_the_whole_of_a_message_the_classifier_only_sees_cut(component: RedFlagTriage):
    from bot.rasa.cut_text import CutLongText

    text = "how much calcium do I need? " * 200 + "also since this morning I can't feel my legs"
    m = parsed(text, [("ask_calcium_needs", 0.9)])
    CutLongText().process([m])
    assert len(m.get("text")) < 2_100 and "can't feel my legs" in m.get("text")  # the tail is kept
    filler = "and I wonder about vitamin D " * 60
    m2 = parsed(filler + ". My calf is red and hot. " + filler, [("ask_vitamin_d", 0.9)])
    CutLongText().process([m2])
    assert "calf" not in m2.get("text")  # the classifier does not see the middle ...
    component.process([m2])  # ... the rules do
    assert "rf-dvt" in [f["red_flag"] for f in m2.get("triage")["findings"]]


def test_a_crisis_meaning_beside_another_red_flag_still_shows_the_crisis_line(component: RedFlagTriage):
    m = parsed("we had a crash in the car this morning, I'm 30 weeks and I wish it had finished me",
               [("report_trauma", 0.5), ("report_self_harm", 0.3)])
    component.process([m])
    triage = m.get("triage")
    assert [f["red_flag"] for f in triage["findings"]] == ["rf-trauma"] and triage["crisis_line"] is True
    plain = parsed("we had a crash in the car this morning, I'm 30 weeks and a bit shaken",
                   [("report_trauma", 0.9), ("report_self_harm", 0.05)])
    component.process([plain])
    assert plain.get("triage")["crisis_line"] is False


def test_an_emergency_flag_the_classifier_sees_beside_an_urgent_one_of_the_rules_needs_less_confidence(
        component: RedFlagTriage):
    text = "a pounding headache and flashing lights since this morning, 35 weeks"
    second = component._config["nlu_second_emergency_threshold"]
    assert second < component._config["nlu_second_flag_threshold"]
    for confidence, flags in ((second - 0.05, ["rf-preeclampsia"]), (second + 0.05, ["rf-seizure", "rf-preeclampsia"])):
        m = parsed(text, [("report_seizure", confidence), ("report_preeclampsia", 1 - confidence)])
        component.process([m])
        assert [f["red_flag"] for f in m.get("triage")["findings"]] == flags
    # beside an emergency the rules found, another flag still needs the higher threshold
    m = parsed("I can't feel my legs at all since lunch", [("report_seizure", second + 0.05),
                                                            ("report_leg_weakness", 0.4)])
    component.process([m])
    assert [f["red_flag"] for f in m.get("triage")["findings"]] == ["rf-leg-weakness"]


def test_with_the_configured_thresholds_an_urgent_finding_never_makes_an_emergency_harder_to_add():
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    step = next(s for s in pipeline if s["name"].endswith("RedFlagTriage"))
    configured = RedFlagTriage({**RedFlagTriage.get_default_config(), **{k: v for k, v in step.items() if k != "name"}},
                               LiveTriage(None, ROOT / "content"))
    alone = min(step["nlu_emergency_threshold"], step["nlu_red_flag_threshold"])
    beside_urgent = parsed("a pounding headache and flashing lights since this morning, 35 weeks",
                           [("report_seizure", alone + 0.01), ("report_preeclampsia", 0.5)])
    without = parsed("I feel strange and shaky since this morning", [("report_seizure", alone + 0.01),
                                                                     ("greet", 0.5)])
    configured.process([beside_urgent, without])
    assert "rf-seizure" in [f["red_flag"] for f in beside_urgent.get("triage")["findings"]]
    assert without.get("triage")["urgency"] == "emergency"


@pytest.mark.parametrize(("ranking", "answered"), [
    # two topics within the margin: the likelier is answered
    ([("nlu_fallback", 0.7), ("ask_back_pain_relief", 0.42), ("ask_back_pain_after_birth", 0.41)],
     "ask_back_pain_relief"),
    # a topic just ahead of "not something I answer"; two kinds of small talk
    ([("nlu_fallback", 0.7), ("ask_pain_medicines", 0.43), ("out_of_scope", 0.40)], "ask_pain_medicines"),
    ([("nlu_fallback", 0.7), ("goodbye", 0.47), ("thank", 0.44)], "goodbye"),
    # a greeting or "not something I answer" just ahead of a topic still asks: its reply would drop the question
    ([("nlu_fallback", 0.7), ("greet", 0.44), ("ask_pain_medicines", 0.41)], "nlu_fallback"),
    ([("nlu_fallback", 0.7), ("out_of_scope", 0.43), ("ask_pain_medicines", 0.40)], "nlu_fallback"),
    # a hand-off or a rating is never given on a close call, nor a guess below the threshold
    ([("nlu_fallback", 0.7), ("ask_human", 0.45), ("greet", 0.42)], "nlu_fallback"),
    ([("nlu_fallback", 0.7), ("feedback_helpful", 0.45), ("thank", 0.42)], "nlu_fallback"),
    ([("nlu_fallback", 0.7), ("ask_plo_overview", 0.22), ("ask_plo_symptoms", 0.21)], "nlu_fallback"),
])
def test_a_close_call_where_either_reading_gets_a_fitting_reply_is_answered(component: RedFlagTriage, ranking,
                                                                            answered):
    m = parsed("what helps with the aching", ranking)
    component.process([m])
    assert intent(m) == answered
    assert m.get("triage")["findings"] == []


def test_an_accident_the_classifier_reads_with_a_serious_sign_the_rules_know_is_an_emergency(
        component: RedFlagTriage):
    text = "the gate swung back on me in the yard, can't stand up, 29 weeks"
    alone = parsed(text, [("ask_back_pain_pregnancy", 0.6)])
    component.process([alone])
    assert alone.get("triage")["urgency"] != "emergency"  # the rules alone know no accident in these words
    m = parsed(text, [("report_trauma", 0.9), ("ask_back_pain_pregnancy", 0.05)])
    component.process([m])
    assert m.get("triage")["urgency"] == "emergency"
    assert m.get("triage")["findings"][0]["red_flag"] == "rf-trauma"


def test_a_classifier_backed_trigger_never_holds_a_flag_back(component: RedFlagTriage):
    # "not badly hurt" denies the serious sign, not the accident the classifier reads
    m = parsed("the gate swung back on me in the yard, I'm not badly hurt, 29 weeks",
               [("report_trauma", 0.9), ("ask_back_pain_pregnancy", 0.05)])
    component.process([m])
    assert m.get("triage")["urgency"] == "urgent"
    assert m.get("triage")["findings"][0]["red_flag"] == "rf-trauma"


@pytest.fixture(scope="module")
def with_languages() -> RedFlagTriage:
    from bot.language import LiveLanguages

    return RedFlagTriage({**RedFlagTriage.get_default_config()}, LiveTriage(None, ROOT / "content"),
                         LiveLanguages(ROOT / "content"))


def test_a_faint_crisis_guess_on_words_in_another_language_shows_no_crisis_line(with_languages: RedFlagTriage):
    # The classifier reads English: words it does not know can land near crisis messages. Romanised Chinese for
    # "what should I do, my back hurts" is not a crisis.
    m = parsed("wo yao teng, huai yun 30 zhou, zen me ban", [("nlu_fallback", 0.3), ("report_self_harm", 0.3),
                                                       ("thank", 0.2)])
    with_languages.process([m])
    assert m.get("triage")["findings"] == [] and m.get("triage")["crisis_line"] is False
    english = parsed("my back hurts at 30 weeks, what do I do", [("nlu_fallback", 0.3), ("report_self_harm", 0.3)])
    with_languages.process([english])
    assert english.get("triage")["crisis_line"] is True


def test_a_likely_crisis_guess_in_another_language_still_shows_the_crisis_line(with_languages: RedFlagTriage):
    m = parsed("huai yun 30 zhou, yao teng, everything is too much", [("report_self_harm", 0.6),
                                                                               ("thank", 0.2)])
    with_languages.process([m])
    triage = m.get("triage")
    assert triage["crisis_line"] is True or "rf-self-harm" in [f["red_flag"] for f in triage["findings"]]


def test_crisis_words_in_another_language_are_the_rules_and_escalate(with_languages: RedFlagTriage):
    m = parsed("wo zhen de xiang si, bao bao ye bu yao le", [("nlu_fallback", 0.3), ("report_self_harm", 0.2)])
    with_languages.process([m])
    assert [f["red_flag"] for f in m.get("triage")["findings"]] == ["rf-self-harm"]


def test_the_same_faint_guess_in_english_still_shows_the_crisis_line(with_languages: RedFlagTriage):
    m = parsed("what do I even do any more, everything feels grey", [("ask_back_pain_relief", 0.5),
                                                                    ("report_self_harm", 0.3)])
    with_languages.process([m])
    assert m.get("triage")["crisis_line"] is True


def test_a_weaker_emergency_guess_escalates_in_another_language_but_not_in_english(with_languages: RedFlagTriage):
    # The classifier reads words of other languages less surely, and the rules know fewer of them: an emergency
    # flag there needs less confidence (config: nlu_emergency_threshold_other_language).
    ranking = [("ask_back_pain_pregnancy", 0.4), ("report_leg_weakness", 0.3), ("thank", 0.1)]
    mixed = parsed("huai yun 30 zhou, bu shu fu, zen me ban", ranking)
    with_languages.process([mixed])
    assert [f["red_flag"] for f in mixed.get("triage")["findings"]] == ["rf-leg-weakness"]
    english = parsed("30 weeks and feeling off, what do I do", ranking)
    with_languages.process([english])
    assert english.get("triage")["findings"] == []


def test_a_crisis_guess_in_another_language_does_not_take_the_lower_emergency_threshold(
        with_languages: RedFlagTriage):
    m = parsed("huai yun 30 zhou, bu shu fu, zen me ban", [("report_self_harm", 0.3), ("thank", 0.2)])
    with_languages.process([m])
    assert m.get("triage")["findings"] == []

"""The responder: channel-aware replies, numbered options, handoff, and the rules it mirrors."""

from __future__ import annotations

import io
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from actions import actions
from bot.content import editor
from bot.respond import CLOSE_CALL_MARGIN, Inbound, handler_of_intent
from bot.services import Services, build_services
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


class _Operator(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Operator.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def operator() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Operator)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/handoff"
    server.shutdown()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, operator: str) -> Services:
    work = tmp_path_factory.mktemp("respond")
    shutil.copytree(ROOT / "content", work / "content")
    clinic = yaml.safe_load((work / "content" / "clinic.yml").read_text())
    clinic["handoff_url"] = operator
    (work / "content" / "clinic.yml").write_text(yaml.safe_dump(clinic))
    settings = Settings(f"sqlite:///{work / 'content.db'}", work / "content", work / "content" / "clinic.yml")
    assert editor.publish(settings, "tests", "fixture", io.StringIO()) == 0
    return build_services(settings)


def test_sms_answers_are_plain_split_to_fit_and_offer_numbered_options(services: Services):
    reply = services.responder.reply("answer", Inbound("how is PLO treated", "ask_plo_treatment", channel="twilio"))
    texts = [m.text for m in reply.messages]
    assert all(len(t) <= 480 for t in texts) and all(not m.buttons for m in reply.messages)
    assert not any("**" in t or "_Sources" in t for t in texts)
    assert "1. Tell me more" in texts[-1] and reply.slots["offered"][0] == "/ask_more"


def test_a_typed_number_picks_the_option_offered(services: Services):
    offered = ("/ask_more", "/feedback_helpful", "/feedback_not_helpful")
    reply = services.responder.reply(
        "clarify", Inbound("2", "nlu_fallback", channel="twilio", last_topic="vitamin-d", offered=offered)
    )
    assert (reply.turn.kind, reply.turn.topic) == ("feedback", "vitamin-d")


def test_a_number_with_nothing_offered_is_just_a_message(services: Services):
    reply = services.responder.reply("clarify", Inbound("2", "nlu_fallback", channel="twilio"))
    assert reply.turn.kind == "fallback"


def test_the_website_keeps_buttons_and_phone_links(services: Services):
    reply = services.responder.reply("escalate", Inbound("my legs have both gone weak and numb", "report_leg_weakness"))
    buttons = [b.payload for m in reply.messages for b in m.buttons]
    assert any(p.startswith("tel:") for p in buttons) and "/ask_human" in buttons
    assert reply.slots["offered"] is None


def test_telegram_gets_buttons_but_no_phone_link_buttons(services: Services):
    reply = services.responder.reply("escalate", Inbound("my legs have both gone weak and numb", "report_leg_weakness",
                                                         channel="telegram"))
    payloads = [b.payload for m in reply.messages for b in m.buttons]
    assert payloads == ["/ask_human"]
    assert services.renderer.clinic["emergency_number"] in reply.messages[0].text


def test_asking_for_a_person_notifies_the_operator_and_the_bot_then_holds(services: Services):
    _Operator.received.clear()
    asks = Inbound("can I talk to a midwife", "ask_human", sender_id="+447700900123", channel="twilio")
    reply = services.responder.reply("handoff", asks)
    assert reply.turn.kind == "handoff"
    assert _Operator.received and _Operator.received[0]["sender_id"] == "+447700900123"
    assert "text" not in _Operator.received[0]  # the patient's words are not sent
    held = services.responder.reply("answer", Inbound("what is PLO", "ask_plo_overview", sender_id="+447700900123"))
    assert held.turn.kind == "handoff"


def test_a_red_flag_still_escalates_during_a_handoff(services: Services):
    services.responder.reply("handoff", Inbound("a person please", "ask_human", sender_id="patient-9"))
    reply = services.responder.reply("answer", Inbound("I am bleeding heavily and soaking a pad every hour",
                                                       "ask_plo_overview", sender_id="patient-9"))
    assert reply.turn.kind == "escalation"


def test_a_released_conversation_is_answered_by_the_bot_again(services: Services):
    services.responder.reply("handoff", Inbound("a person please", "ask_human", sender_id="patient-10"))
    assert services.handoffs.release("patient-10")
    reply = services.responder.reply("answer", Inbound("what is PLO", "ask_plo_overview", sender_id="patient-10"))
    assert reply.turn.kind == "answer"


def test_the_handoff_store_keeps_no_sender_id_in_clear(services: Services):
    services.responder.reply("handoff", Inbound("a person please", "ask_human", sender_id="+447700900999"))
    db = Path(services.settings.database_url.removeprefix("sqlite:///")).read_bytes()
    assert b"+447700900999" not in db


def test_the_responder_routes_intents_as_the_dialogue_rules_do():
    handler_of_action = {cls().name(): cls.handler for cls in actions.TurnAction.__subclasses__()}
    for path in (ROOT / "data" / "stories").glob("rules_*.yml"):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            intent, action = rule["steps"][0]["intent"], rule["steps"][1]["action"]
            assert handler_of_intent(intent) == handler_of_action[action], intent


def test_a_faint_crisis_meaning_puts_the_crisis_line_before_the_answer(services: Services):
    triage = {"findings": [], "urgency": "routine", "question_topic": None, "crisis_line": True, "suppressed": []}
    reply = services.responder.reply("answer", Inbound("what helps my back", "ask_back_pain_relief", channel="rest",
                                                       triage=triage))
    clinic = yaml.safe_load((ROOT / "content" / "clinic.yml").read_text())
    assert clinic["mental_health"]["phone"] in reply.messages[0].text
    assert reply.turn.kind == "answer" and reply.turn.topic == "back-pain-relief"


def test_a_crisis_meaning_beside_another_red_flag_puts_the_crisis_line_right_after_the_escalation(
        services: Services):
    finding = {"red_flag": "rf-seizure", "urgency": "emergency", "source": "rules"}
    clinic = yaml.safe_load((ROOT / "content" / "clinic.yml").read_text())
    for crisis, expected in ((True, 2), (False, 1)):
        triage = {"findings": [finding], "urgency": "emergency", "question_topic": None, "crisis_line": crisis,
                  "suppressed": []}
        inbound = Inbound("she has been saving pills, will not pick up", "report_seizure", channel="rest",
                          triage=triage)
        reply = services.responder.reply("escalate", inbound)
        assert reply.turn.kind == "escalation" and reply.turn.red_flag == "rf-seizure"
        assert len(reply.messages) == expected and "EMERGENCY" in reply.messages[0].text
        assert (clinic["mental_health"]["phone"] in reply.messages[-1].text) is crisis


def test_a_self_harm_finding_outranked_by_another_emergency_flag_still_gets_the_crisis_line(services: Services):
    clinic = yaml.safe_load((ROOT / "content" / "clinic.yml").read_text())
    seizure = {"red_flag": "rf-seizure", "urgency": "emergency", "source": "rules"}
    for second, expected in (({"red_flag": "rf-self-harm", "urgency": "emergency", "source": "rules"}, 2),
                             ({"red_flag": "rf-heavy-bleeding", "urgency": "emergency", "source": "rules"}, 1)):
        triage = {"findings": [seizure, second], "urgency": "emergency", "question_topic": None,
                  "crisis_line": False, "suppressed": []}
        reply = services.responder.reply("escalate", Inbound("my partner will not wake up", "report_seizure",
                                                             channel="rest", triage=triage))
        assert reply.turn.kind == "escalation" and reply.turn.red_flag == "rf-seizure"
        assert len(reply.messages) == expected
        assert (clinic["mental_health"]["phone"] in reply.messages[-1].text) is (expected == 2)
    alone = {"findings": [{"red_flag": "rf-self-harm", "urgency": "emergency", "source": "rules"}],
             "urgency": "emergency", "question_topic": None, "crisis_line": False, "suppressed": []}
    reply = services.responder.reply("escalate", Inbound("i want to die", "report_self_harm", channel="rest",
                                                         triage=alone))
    assert reply.turn.red_flag == "rf-self-harm" and len(reply.messages) == 1


def test_a_medicine_question_with_self_harm_gets_the_escalation_and_no_medicine_content(services: Services):
    triage = {"findings": [{"red_flag": "rf-self-harm", "urgency": "emergency", "source": "rules"}],
              "urgency": "emergency", "question_topic": "pain-medicines", "suppressed": []}
    reply = services.responder.reply("escalate", Inbound("how many paracetamol would it take", "report_self_harm",
                                                         channel="rest", triage=triage))
    assert reply.turn.kind == "escalation" and reply.turn.red_flag == "rf-self-harm"
    assert reply.turn.topic is None and len(reply.messages) == 1


def test_typed_words_read_as_a_rating_with_nothing_to_rate_get_the_clarifying_question(services: Services):
    typed = services.responder.reply("feedback", Inbound("sort of whatever really", "feedback_helpful",
                                                         [("feedback_helpful", 0.41), ("out_of_scope", 0.3)]))
    pressed = services.responder.reply("feedback", Inbound("/feedback_helpful", "feedback_helpful"))
    sure = services.responder.reply("feedback", Inbound("cheers, really useful", "feedback_helpful",
                                                        [("feedback_helpful", 0.93)]))

    assert typed.turn.kind == "fallback"
    assert pressed.turn.kind == "feedback"
    assert sure.turn.kind == "feedback" and "Ask me a question" in sure.messages[0].text


@pytest.mark.parametrize(("action", "inbound"), [
    ("out_of_scope", Inbound("bardzo boli mnie plecy i nie czuje nog", "out_of_scope")),
    ("clarify", Inbound("qwerty zxcv", "nlu_fallback")),
    ("clarify", Inbound("the thing again", "nlu_fallback", [("ask_vitamin_d", 0.3), ("ask_calcium_needs", 0.28)])),
])
def test_a_message_not_understood_still_says_where_to_get_help_now(services: Services, action, inbound):
    reply = services.responder.reply(action, inbound)
    text = "\n".join(m.text for m in reply.messages)
    clinic = yaml.safe_load(services.settings.clinic_file.read_text())
    assert reply.turn.kind in ("out_of_scope", "fallback")
    assert clinic["emergency_number"] in text and clinic["maternity_unit"]["phone"] in text
    assert "feel unwell now" in text and not text.lstrip().startswith("If you feel unwell")


def test_an_answered_question_partly_in_another_language_says_first_that_only_english_is_read(
        services: Services):
    reply = services.responder.reply("answer", Inbound("olá, tenho muita dor, what helps a sore back when pregnant",
                                                       "ask_back_pain_relief", channel="rest"))
    clinic = yaml.safe_load(services.settings.clinic_file.read_text())
    assert reply.turn.kind == "answer" and reply.turn.topic == "back-pain-relief"
    assert len(reply.messages) == 2
    assert reply.messages[0].text.startswith("I can only read English, so I may not have understood all of")
    assert clinic["maternity_unit"]["phone"] in reply.messages[0].text
    english = services.responder.reply("answer", Inbound("what helps a sore back when pregnant",
                                                         "ask_back_pain_relief", channel="rest"))
    assert len(english.messages) == 1 and reply.messages[1].text == english.messages[0].text


def test_a_question_in_another_language_not_understood_gets_the_notice_instead_of_the_usual_sorry(
        services: Services):
    clinic = yaml.safe_load(services.settings.clinic_file.read_text())
    for action, intent in (("out_of_scope", "out_of_scope"), ("clarify", "nlu_fallback")):
        reply = services.responder.reply(action, Inbound("ich habe eine Frage zum Kinderwagen", intent,
                                                         channel="twilio"))
        text = "\n".join(m.text for m in reply.messages)
        assert reply.turn.kind in ("out_of_scope", "fallback")
        assert text.startswith("I can only read English, so I may not have understood your message")
        assert "ask me in English" in text and "Sorry" not in text
        assert text.count(clinic["maternity_unit"]["phone"]) == 1 and clinic["emergency_number"] in text
    guessed = services.responder.reply("clarify", Inbound("ich habe eine Frage zum Kinderwagen", "nlu_fallback",
                                                          [("ask_vitamin_d", 0.3), ("ask_calcium_needs", 0.28)],
                                                          channel="rest"))
    assert [b.payload for m in guessed.messages for b in m.buttons] == ["/ask_human"]
    # read as out of scope rather than unclear, it still offers a person (the browser shows this one button)
    out = services.responder.reply("out_of_scope", Inbound("ich habe eine Frage zum Kinderwagen", "out_of_scope",
                                                           channel="rest"))
    assert [b.payload for m in out.messages for b in m.buttons] == ["/ask_human"]
    # read as small talk from words the bot cannot read: a guess too, so the notice instead, with a person offered
    thanks = services.responder.reply("smalltalk", Inbound("guten Tag, ich habe eine Frage zum Kinderwagen", "thank",
                                                           channel="rest"))
    assert len(thanks.messages) == 1 and "welcome" not in thanks.messages[0].text
    assert thanks.messages[0].text.startswith("I can only read English, so I may not have understood your message")
    assert [b.payload for m in thanks.messages for b in m.buttons] == ["/ask_human"]


def test_an_escalation_in_another_language_is_still_the_first_thing_said(services: Services):
    triage = {"findings": [{"red_flag": "rf-heavy-bleeding", "urgency": "emergency", "source": "rules"}],
              "urgency": "emergency", "question_topic": None, "suppressed": []}
    reply = services.responder.reply("escalate", Inbound("estoy sangrando mucho y tengo miedo", "report_heavy_bleeding",
                                                         channel="rest", triage=triage))
    assert reply.turn.kind == "escalation" and "EMERGENCY" in reply.messages[0].text
    assert not any("only read English" in m.text for m in reply.messages)


def test_the_crisis_line_and_the_reminder_come_before_the_other_language_notice(services: Services):
    triage = {"findings": [], "urgency": "routine", "question_topic": None, "crisis_line": True, "suppressed": []}
    clinic = yaml.safe_load(services.settings.clinic_file.read_text())
    reply = services.responder.reply("answer", Inbound("olá, tenho muita dor, what helps a sore back when pregnant",
                                                       "ask_back_pain_relief", channel="rest", triage=triage,
                                                       escalated="urgent"))
    texts = [m.text for m in reply.messages]
    assert len(texts) == 4
    assert clinic["mental_health"]["phone"] in texts[1] and texts[2].startswith("I can only read English")
    assert reply.turn.kind == "answer"


def test_typed_words_after_a_slash_are_read_but_a_button_payload_is_not(services: Services):
    typed = services.responder.reply("out_of_scope", Inbound("/ tengo una pregunta sobre el cochecito",
                                                             "out_of_scope", channel="rest"))
    pressed = services.responder.reply("handoff", Inbound("/ask_human", "ask_human", channel="rest"))
    assert typed.messages[0].text.startswith("I can only read English")
    assert not pressed.messages[0].text.startswith("I can only read English")


def test_a_close_call_between_two_topics_answers_the_likelier_and_offers_the_other(services: Services):
    close = services.responder.reply("answer", Inbound(
        "back ache most evenings, is that to be expected", "ask_back_pain_pregnancy",
        [("nlu_fallback", 0.7), ("ask_back_pain_pregnancy", 0.44), ("ask_back_pain_after_birth", 0.41)]))
    clear = services.responder.reply("answer", Inbound(
        "back ache most evenings, is that to be expected", "ask_back_pain_pregnancy",
        [("ask_back_pain_pregnancy", 0.7), ("ask_back_pain_after_birth", 0.2)]))

    assert close.turn.kind == "answer" and close.turn.topic == "back-pain-pregnancy"
    offered = [b for b in close.messages[0].buttons if b.payload == "/ask_back_pain_after_birth"]
    assert len(offered) == 1 and offered[0].title.startswith("Or: ")
    assert close.messages[0].buttons[0].payload == "/ask_more"  # "1" on SMS still means "Tell me more"
    assert not any(b.payload == "/ask_back_pain_after_birth" for b in clear.messages[0].buttons)


def test_the_close_call_margin_is_the_fallback_classifiers_ambiguity_threshold():
    config = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text(encoding="utf-8"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    assert fallback["ambiguity_threshold"] == CLOSE_CALL_MARGIN


def test_a_close_call_in_another_language_asks_instead_of_guessing(services: Services):
    reply = services.responder.reply("answer", Inbound(
        "me duele la espalda desde el parto, es normal tener dolor todavia", "ask_back_pain_after_birth",
        [("nlu_fallback", 0.7), ("ask_back_pain_after_birth", 0.33), ("ask_back_pain_pregnancy", 0.31)],
        channel="rest"))
    assert reply.turn.kind == "fallback"
    assert not any(b.payload.startswith("/ask_back_pain") for b in reply.messages[0].buttons)

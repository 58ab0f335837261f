"""The bot over Rasa's REST channel, as a patient's phone or the website talks to it."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from bot.content import editor
from bot.evaluate import contract_problem
from bot.serve import Servers
from bot.settings import Settings
from tests.e2e.conftest import Chat, custom_of, texts_of

pytestmark = pytest.mark.e2e

# One question per topic, in our own words (never the evaluation sample's).
TOPIC_QUESTIONS = {
    "back-pain-pregnancy": "why does my lower back ache so much now that I'm 35 weeks pregnant",
    "back-pain-relief": "what can I do to ease my back pain, would a maternity support belt help",
    "pelvic-girdle-pain": "I get a sharp pain at the front of my pelvis when I turn over in bed, is that SPD",
    "back-pain-after-birth": "my back has hurt since I had my baby 3 weeks ago, is that normal after delivery",
    "pain-medicines": "is paracetamol ok to take for back pain while pregnant",
    "bone-loss-breastfeeding": "does breastfeeding make you lose bone density",
    "calcium-needs": "how much calcium does a breastfeeding mum need each day",
    "vitamin-d": "should I take a vitamin D supplement while pregnant",
    "plo-overview": "what is pregnancy associated osteoporosis",
    "plo-symptoms": "what are the symptoms of PLO",
    "plo-risk-factors": "who is more likely to get PLO, what are the causes",
    "plo-diagnosis": "what scan do they do to check bone density",
    "plo-treatment": "how is PLO treated",
    "breastfeeding-with-plo": "do I have to stop breastfeeding if I have PLO",
    "plo-recovery": "will my bones get stronger again after PLO",
    "future-pregnancy": "is it safe to get pregnant again after having PLO",
    "bone-safe-activity": "how can I carry my baby safely with fragile bones",
}


@pytest.mark.parametrize("topic,question", sorted(TOPIC_QUESTIONS.items()))
def test_every_topic_is_answered_from_the_content_store_with_references(chat: Chat, topic: str, question: str):
    reply = chat.say(question)
    assert contract_problem(reply) is None, reply
    custom = custom_of(reply)
    assert (custom["kind"], custom["topic"]) == ("answer", topic)
    assert custom["urgency"] == "routine" and custom["red_flag"] is None
    assert isinstance(custom["content_version"], int) and custom["references"]
    assert any("Sources:" in t for t in texts_of(reply))


def test_the_turn_description_comes_before_the_text(chat: Chat):
    reply = chat.say("hello hello, anyone about?")
    assert "custom" in reply[0]
    assert custom_of(reply)["kind"] == "smalltalk"


def test_a_red_flag_after_a_topic_answer_escalates_first_with_the_clinic_number(chat: Chat, e2e_settings: Settings):
    chat.say("how much vitamin D do I need")
    reply = chat.say("I can't feel anything when I wipe and my back is agony")
    custom = custom_of(reply)
    assert (custom["kind"], custom["urgency"], custom["red_flag"]) == ("escalation", "emergency", "rf-cauda-equina")
    emergency_number = yaml.safe_load(e2e_settings.clinic_file.read_text())["emergency_number"]
    first_text = texts_of(reply)[0]
    assert "EMERGENCY" in first_text and str(emergency_number) in first_text


def test_a_red_flag_during_a_clarifying_question_still_escalates(chat: Chat):
    reply = chat.say("hmm the thing with the stuff")
    assert custom_of(reply)["kind"] == "fallback"
    reply = chat.say("baby hasn't moved at all today")
    custom = custom_of(reply)
    assert custom["kind"] == "escalation" and custom["red_flag"] == "rf-reduced-fetal-movement"
    assert custom["urgency"] in ("urgent", "emergency")


def test_after_an_escalation_small_talk_repeats_the_advice(chat: Chat):
    chat.say("my legs keep giving way and both feel numb")
    reply = chat.say("thank you")
    assert custom_of(reply)["kind"] == "smalltalk"
    assert "Remember" in texts_of(reply)[0]


def test_a_negated_symptom_is_answered_not_escalated(chat: Chat):
    reply = chat.say("I don't have a fever or any bleeding, which foods have lots of calcium?")
    custom = custom_of(reply)
    assert custom["urgency"] == "routine"
    assert (custom["kind"], custom["topic"]) == ("answer", "calcium-needs")


def test_tell_me_more_and_sources_follow_the_last_topic(chat: Chat):
    chat.say("how is PLO treated")
    more = custom_of(chat.say("tell me more"))
    assert (more["kind"], more["topic"]) == ("answer", "plo-treatment")
    sources = chat.say("where did you get that information")
    custom = custom_of(sources)
    assert (custom["kind"], custom["topic"]) == ("sources", "plo-treatment")
    assert all(ref["url"] in " ".join(texts_of(sources)) for ref in custom["references"])


def test_feedback_is_recorded_for_the_answer_shown(chat: Chat, e2e_settings: Settings):
    from bot.content.store import ContentStore

    store = ContentStore.from_url(e2e_settings.database_url)
    before = {r.item_id: r.helpful for r in store.report()[0]}
    chat.say("can I exercise with osteoporosis")
    reply = chat.say("/feedback_helpful")
    assert custom_of(reply)["kind"] == "feedback"
    after = {r.item_id: r.helpful for r in store.report()[0]}
    assert after["bone-safe-activity"] == before.get("bone-safe-activity", 0) + 1


def test_out_of_scope_is_answered_honestly(chat: Chat):
    reply = chat.say("what's the best way to get my newborn to sleep through the night")
    assert custom_of(reply)["kind"] == "out_of_scope"
    assert "can't help" in " ".join(texts_of(reply))


def test_a_message_in_another_language_is_told_first_that_only_english_is_read(chat: Chat, e2e_settings: Settings):
    clinic = yaml.safe_load(e2e_settings.clinic_file.read_text())
    reply = chat.say("buenas noches, tengo una pregunta sobre el cochecito del bebé")
    texts = texts_of(reply)
    assert custom_of(reply)["kind"] in ("out_of_scope", "fallback")
    assert texts[0].startswith("I can only read English")
    assert clinic["maternity_unit"]["phone"] in texts[0] and clinic["emergency_number"] in texts[0]


def test_asking_for_a_person_gives_the_clinic_contact(chat: Chat, e2e_settings: Settings):
    reply = chat.say("can I talk to a real midwife please")
    assert custom_of(reply)["kind"] == "handoff"
    contact = yaml.safe_load(e2e_settings.clinic_file.read_text())["contact"]["phone"]
    assert contact in " ".join(texts_of(reply))


def test_a_low_confidence_message_offers_topics_as_buttons(chat: Chat):
    reply = chat.say("bones")
    custom = custom_of(reply)
    assert custom["kind"] in ("fallback", "answer")
    if custom["kind"] == "fallback":
        buttons = [b for m in reply for b in m.get("buttons", [])]
        assert any(b["payload"].startswith("/ask_") for b in buttons)


@pytest.mark.parametrize(
    "message",
    ["", "   ", "🙂🙂🙂", "<script>alert('x')</script>", "<b>bold</b> is back pain normal?", "x" * 10_000,
     "back pain " * 1000],
    ids=["empty", "whitespace", "emoji", "script", "html", "10000-x", "long-words"],
)
def test_odd_input_gets_a_sensible_reply_with_its_turn_description(chat: Chat, message: str):
    reply = chat.say(message)
    assert contract_problem(reply) is None, reply


def test_a_brand_new_sender_asking_for_more_gets_a_sensible_reply(servers: Servers):
    reply = Chat(servers.rasa_url).say("tell me more")
    assert contract_problem(reply) is None
    assert custom_of(reply)["kind"] in ("fallback", "answer")


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"message": 5}', b"[]", b'{"sender": "a"}', b'{"message": "hi"}',
     b'{"sender": "a", "message": null}', b'{"sender": "a", "message": "' + b"x" * 30_000 + b'"}'],
    ids=["not-json", "number", "list", "no-message", "no-sender", "null-message", "too-long"],
)
def test_a_malformed_request_gets_a_4xx_not_a_500(servers: Servers, body: bytes):
    request = urllib.request.Request(servers.rasa_url + "/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert 400 <= err.value.code < 500


def test_a_published_change_reaches_the_next_message_within_a_second(chat: Chat, e2e_settings: Settings,
                                                                      tmp_path):
    path = e2e_settings.content_dir / "topics" / "vitamin-d.md"
    original = path.read_text()
    marker = f"Marker {uuid.uuid4().hex[:8].translate(str.maketrans('0123456789', 'ghijklmnop'))}: sunlight helps."
    changed = re.sub(r"^reviewed_on: .*$", f"reviewed_on: {dt.date.today().isoformat()}", original, flags=re.M)
    changed = re.sub(r"^reviewed_by: .*$", 'reviewed_by: "E2E reviewer"', changed, flags=re.M)
    changed = changed.replace("\n---\n", f"\n---\n{marker}\n", 1)
    path.write_text(changed)
    try:
        with (tmp_path / "out.txt").open("w") as out:
            assert editor.publish(e2e_settings, "e2e", "live test", out) == 0
        published = time.perf_counter()
        reply = chat.say("should I take a vitamin D supplement while pregnant")
        elapsed = time.perf_counter() - published
        assert marker in " ".join(texts_of(reply))
        assert elapsed < 1.0
        artifacts = Path(__file__).resolve().parents[2] / "artifacts"
        artifacts.mkdir(exist_ok=True)
        (artifacts / "publish-to-live.json").write_text(json.dumps({"seconds_from_publish_to_answer": elapsed}))
    finally:
        path.write_text(original)


@pytest.mark.parametrize("command", ["/restart", "/back", "/session_start", "/ask_more{broken"])
def test_a_typed_rasa_command_gets_a_turn_description_and_keeps_the_escalation_reminder(chat: Chat, command: str):
    chat.say("my calf is swollen, red and hot")
    reply = chat.say(command)
    assert custom_of(reply)["kind"] in {"fallback", "smalltalk", "out_of_scope", "answer"}
    assert texts_of(reply), reply
    assert any("Remember" in t for t in texts_of(reply)), "the earlier escalation's reminder was dropped"


def test_a_patient_is_answered_promptly_while_four_long_messages_are_in_flight(servers: Servers):
    """Nothing CPU-heavy on Rasa's event loop: 20,000-character messages must not stall other patients."""
    import threading

    def hello() -> float:
        started = time.perf_counter()
        Chat(servers.rasa_url).say("hiya, evening all")
        return time.perf_counter() - started

    normal = min(hello() for _ in range(3))
    heavy = ["numb legs can't pee no fever " * 680, "!" * 20_000, "x" * 20_000, "can't " * 3_300]
    answered: list[dict] = []
    threads = [threading.Thread(target=lambda t=text: answered.append(custom_of(Chat(servers.rasa_url).say(t))))
               for text in heavy]
    for t in threads:
        t.start()
    time.sleep(0.2)
    during = hello()
    for t in threads:
        t.join()
    assert during <= max(2.0, 3 * normal), f"hello took {during:.2f} s with long messages in flight ({normal:.2f} s)"
    assert len(answered) == 4 and answered[0] is not None


@pytest.mark.parametrize("path", ["/webhooks/rest/webhook", "/socket.io/?EIO=4&transport=polling"])
def test_a_huge_body_is_refused_before_it_is_read(servers: Servers, path: str):
    import http.client
    from urllib.parse import urlsplit

    from bot.serve import MAX_REQUEST_BYTES

    where = urlsplit(servers.rasa_url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(MAX_REQUEST_BYTES + 1))
        conn.endheaders()  # the body is never sent: the server must answer on the header alone
        answer = conn.getresponse()
        assert answer.status == 413
        assert b"size limit" in answer.read()  # Sanic's own refusal: no handler waited for the body
    finally:
        conn.close()

"""Redaction: personal details are replaced before a patient's words are stored for editors."""

from __future__ import annotations

import pytest

from bot.redact import redact


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, my name is Sarah Jones and my back hurts", "Sarah Jones"),
        ("I'm called Amy, is back pain normal?", "Amy"),
        ("Dr Patel said my bones are thin", "Patel"),
        ("Midwife Okafor told me to rest", "Okafor"),
    ],
)
def test_names_are_replaced(text: str, name: str) -> None:
    out = redact(text)

    assert "[name]" in out
    for part in name.split():
        assert part not in out


def test_a_name_introduction_keeps_its_words_and_loses_the_name() -> None:
    assert redact("my name is Sarah Jones") == "my name is [name]"


def test_a_name_typed_in_lower_case_after_my_name_is_is_replaced() -> None:
    # patients on phones often skip capitals; the introduction says what follows is a name
    assert redact("my name is sarah and my back hurts") == "my name is [name] and my back hurts"


@pytest.mark.parametrize("number", ["07700 900123", "+44 7700 900123", "(555) 123-4567", "07700900123"])
def test_phone_numbers_are_replaced(number: str) -> None:
    out = redact(f"please call me on {number} tonight")

    assert "[number]" in out
    assert not any(ch.isdigit() for ch in out), out


def test_an_nhs_number_is_replaced() -> None:
    assert redact("my NHS number is 943 476 5919") == "my NHS number is [number]"


def test_an_email_address_is_replaced() -> None:
    assert redact("write to jo.smith+baby@example.co.uk please") == "write to [email] please"


@pytest.mark.parametrize("date", ["12/03/2026", "3rd March 2026", "March 3", "2026-03-12", "3 march", "12.03.26"])
def test_dates_are_replaced(date: str) -> None:
    assert redact(f"my baby was born on {date} and my back hurts") == "my baby was born on [date] and my back hurts"


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH"])
def test_postcodes_are_replaced(postcode: str) -> None:
    assert redact(f"I live at {postcode} near the hospital") == "I live at [postcode] near the hospital"


def test_a_postcode_typed_in_lower_case_is_replaced() -> None:
    assert redact("I live at sw1a 1aa near the hospital") == "I live at [postcode] near the hospital"


def test_a_link_is_replaced() -> None:
    assert redact("see https://example.org/my-scan?id=42 please") == "see [link] please"


@pytest.mark.parametrize(
    "question",
    [
        "Is back pain normal at 34 weeks?",
        "How much calcium do I need while breastfeeding?",
        "Can I take paracetamol for back pain?",
        "Is 1000 mg of calcium too much?",
        "What does a T-score of -2.5 mean?",
        "I had my baby 3 weeks ago and my lower back still hurts",
        "Should I call my midwife or the doctor?",
        "My blood pressure was 140/90 today, is that bad?",
        "Is it safe to have an MRI scan at 20 weeks?",
        "Does vitamin D help with PLO?",
    ],
)
def test_ordinary_clinical_questions_are_unchanged(question: str) -> None:
    assert redact(question) == question


def test_extra_whitespace_is_collapsed() -> None:
    assert redact("  my   back\n hurts ") == "my back hurts"


@pytest.mark.parametrize(
    ("message", "kept_out"),
    [
        ("Hi I'm Sarah Jones, my back hurts", "Sarah"),
        ("I am Emma, 32, and breastfeeding", "Emma"),
        ("Sarah here, quick question about calcium", "Sarah"),
        ("my midwife Jane Smith said to ask", "Jane"),
        ("I live at 12 High Street, Leeds", "12 High Street"),
        ("my hospital number is RX12345678", "RX12345678"),
    ],
)
def test_introductions_addresses_and_record_numbers_are_removed(message, kept_out):
    assert kept_out not in redact(message)


def test_a_bare_hospital_number_is_removed_but_doses_and_weeks_stay_readable():
    assert "12345678" not in redact("my hospital number is 12345678")
    assert redact("is 1000mg calcium ok at 6weeks") == "is 1000mg calcium ok at 6weeks"


def test_a_long_hostile_text_is_redacted_in_bounded_time():
    import time

    from bot.redact import vocabulary

    vocabulary()  # read once per process, when the action server starts
    for text in ("x" * 40_000, "a@" * 20_000, "1" * 20_000, "a dot " * 400, "Bb " * 700, "my husband " * 200,
                 "x (at) y " * 300, "RJ 12 " * 400):
        started = time.perf_counter()
        out = redact(text)
        assert time.perf_counter() - started < 0.2
        assert len(out) <= 1000


def test_control_characters_and_lone_surrogates_are_not_stored():
    out = redact("\x1b[31mhello\x00 there \ud800 friend")
    assert "\x1b" not in out and "\x00" not in out and "\ud800" not in out
    out.encode("utf-8")  # storable


# Names and places found by cue words and by not being words the bot knows (issue 9: 7 of 12
# personal-detail messages stored something identifying). Each case is a category, in our own words.
@pytest.mark.parametrize(
    ("message", "kept_out"),
    [
        ("rosalind pemberton-hyde here, my back aches at night", "pemberton"),
        ("OLUWASEUN ADEBOWALE ASKING ABOUT CALCIUM", "OLUWASEUN"),
        ("good evening, this is mrs grzybowska, is PLO common", "grzybowska"),
        ("I'm Ifeoma and my partner Dariusz Kowal wants to know about vitamin D", "Dariusz"),
        ("I'm Ifeoma and my partner Dariusz Kowal wants to know about vitamin D", "Kowal"),
        ("im thandiwe, is it ok to lift my toddler", "thandiwe"),
        ("we named him Tobiloba, can I breastfeed with PLO", "Tobiloba"),
        ("my daughter Saoirse is 4 weeks and I still have back pain", "Saoirse"),
        ("write to rhiannon dot price at example dot org", "rhiannon"),
        ("my email is k.mwangi (at) example (dot) com", "mwangi"),
        ("we moved to great yarmouth last month, where can I get a DEXA scan", "yarmouth"),
        ("I live near Aberystwyth, is there a physio", "Aberystwyth"),
        ("my hospital number is QX 221 4478", "4478"),
        ("call me on 07700 900456 please", "900456"),
    ],
)
def test_names_and_places_without_the_usual_cues_are_removed(message, kept_out):
    assert kept_out.lower() not in redact(message).lower()


@pytest.mark.parametrize(
    "question",
    [
        "What exercises help SI joint pain at 30 weeks?",
        "My GP and the DEXA team both mentioned PLO, should I ask the physio too?",
        "My GP said my Z-score is low, what does that mean?",
        "Can I take ibuprofen and paracetamol together while breastfeeding?",
        "I am tired and my back hurts, is that normal?",
        "my husband thinks I should rest more",
        "call me back later, I am feeding the baby",
        "We live in a flat with lots of stairs, is carrying the pram up safe?",
    ],
)
def test_known_words_after_the_cues_stay(question):
    assert redact(question) == question

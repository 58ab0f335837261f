"""Reading grade: editors see a number for how hard a text is to read."""

from __future__ import annotations

import pytest

from bot.readability import reading_grade, syllables

SHORT_AND_PLAIN = "Back pain is common. It often gets better. Keep moving. Ask your midwife."
LONG_AND_POLYSYLLABIC = (
    "Multidisciplinary physiotherapeutic interventions incorporating individualised biomechanical "
    "reconditioning considerably ameliorate musculoskeletal discomfort experienced throughout "
    "gestational and postpartum periods, particularly regarding lumbopelvic instability."
)


def test_short_plain_sentences_grade_lower_than_long_polysyllabic_ones() -> None:
    assert reading_grade(SHORT_AND_PLAIN) < reading_grade(LONG_AND_POLYSYLLABIC)


def test_short_plain_sentences_are_within_the_editors_limit() -> None:
    assert reading_grade(SHORT_AND_PLAIN) <= 8.0


def test_long_polysyllabic_sentences_are_far_above_the_editors_limit() -> None:
    assert reading_grade(LONG_AND_POLYSYLLABIC) > 12.0


def test_splitting_a_long_sentence_lowers_the_grade() -> None:
    one = "You can walk and swim and rest and stretch and lift your baby with care every day."
    three = "You can walk and swim. You can rest and stretch. Lift your baby with care every day."

    assert reading_grade(three) < reading_grade(one)


def test_each_line_counts_as_a_sentence() -> None:
    as_bullets = "- walk every day\n- swim when you can\n- rest on your side"
    as_one_line = "walk every day swim when you can rest on your side"

    assert reading_grade(as_bullets) < reading_grade(as_one_line)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "... !? 123"])
def test_text_without_words_grades_zero(text: str) -> None:
    assert reading_grade(text) == 0.0


@pytest.mark.parametrize(("word", "count"), [("cat", 1), ("baby", 2), ("pregnancy", 3), ("medicine", 3), ("table", 2)])
def test_syllables_are_estimated_from_vowel_groups(word: str, count: int) -> None:
    assert syllables(word) == count

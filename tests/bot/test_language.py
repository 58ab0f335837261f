"""Messages in a language the bot cannot read: found from content/languages.yml, and said first in the reply."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
import yaml

from bot.content.items import load_content
from bot.language import ANOTHER_ALPHABET, LanguageListError, LiveLanguages, OtherLanguages, fold

ROOT = Path(__file__).resolve().parents[2]
LISTS = OtherLanguages.from_data({"words_needed": 2, "languages": {
    "Latinish": ["ego", "dolor", "dorsum", "valde"], "Otherish": ["zorp", "blik", "dolor"]}})


def test_two_words_of_one_list_name_the_language():
    assert LISTS.detect("Ego dolor in my back") == "Latinish"
    assert LISTS.detect("zorp blik, 30 weeks") == "Otherish"
    assert LISTS.detect("dolor at night") is None  # one word is not enough
    assert LISTS.detect("ego zorp") is None  # one word of each of two lists neither


def test_accents_case_and_apostrophes_do_not_matter():
    assert fold("Bebé") == "bebe" and fold("J'ai") == "jai" and fold("j\u2019ai") == "jai"
    assert LISTS.detect("EGO DÓLOR") == "Latinish"


def test_a_message_mostly_in_another_alphabet_is_found_without_a_list():
    assert OtherLanguages.none().detect("Болит спина, 30 недель") == ANOTHER_ALPHABET
    assert OtherLanguages.none().detect("ظهري يؤلمني") == ANOTHER_ALPHABET
    assert OtherLanguages.none().detect("my back 😭😭 so sore, 30 wks") is None
    assert OtherLanguages.none().detect("back pain, Болит") is None  # mostly English letters


@pytest.mark.parametrize(("data", "field"), [
    ("just words", "expected"),
    ({"words_needed": 0, "languages": {}}, "words_needed"),
    ({"words_needed": "two", "languages": {}}, "words_needed"),
    ({"languages": ["dolor"]}, "languages"),
    ({"languages": {"Latinish": "dolor"}}, "Latinish"),
    ({"languages": {"Latinish": ["dolor", ""]}}, "Latinish"),
    ({"languages": {"Latinish": ["dolor dorsum"]}}, "one word per entry"),
])
def test_unusable_lists_are_refused_with_the_field_named(data, field):
    with pytest.raises(LanguageListError, match=field):
        OtherLanguages.from_data(data)


def test_the_clinic_lists_catch_no_sentence_of_the_english_content():
    lists = OtherLanguages.from_content(ROOT / "content")
    assert len(lists.words) >= 5
    sentences = []
    for item in load_content(ROOT / "content").items:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", item.body) if len(s.split()) >= 3]
    assert len(sentences) > 300
    assert [s for s in sentences if lists.detect(s)] == []


def test_the_clinic_lists_hold_no_common_english_word():
    english = {"no", "me", "a", "i", "on", "in", "to", "do", "can", "my", "he", "she", "the", "and", "con", "para",
               "pan", "die", "bin", "hat", "man", "pie", "sin", "son", "mat", "dim", "sure", "ten", "ask"}
    data = yaml.safe_load((ROOT / "content" / "languages.yml").read_text(encoding="utf-8"))
    listed = {fold(w) for words in data["languages"].values() for w in words}
    assert listed & english == set()


def test_an_edit_to_the_lists_is_read_without_a_restart(tmp_path: Path):
    path = tmp_path / "languages.yml"
    path.write_text(yaml.safe_dump({"languages": {"Latinish": ["ego", "dolor"]}}))
    live = LiveLanguages(tmp_path)
    assert live.current().detect("ego dolor") == "Latinish"
    path.write_text(yaml.safe_dump({"languages": {"Otherish": ["zorp", "blik"]}}))
    later = time.time() + 5
    os.utime(path, (later, later))
    assert live.current().detect("ego dolor") is None and live.current().detect("zorp blik") == "Otherish"
    path.write_text("languages: [broken")
    os.utime(path, (later + 5, later + 5))
    assert live.current().detect("zorp blik") == "Otherish"  # a broken file keeps the lists already loaded

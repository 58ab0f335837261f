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


@pytest.fixture(scope="module")
def lists() -> OtherLanguages:
    """The clinic's own lists (content/languages.yml), read once for the module."""
    return OtherLanguages.from_content(ROOT / "content")


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


def test_a_word_in_another_alphabet_is_found_without_a_list():
    none = OtherLanguages.none()
    assert none.detect("Болит спина, 30 недель") == ANOTHER_ALPHABET
    assert none.detect("ظهري يؤلمني") == ANOTHER_ALPHABET
    assert none.detect("bleeding a lot 出血很多") == ANOTHER_ALPHABET  # the part it cannot read may be the red flag
    assert none.detect("back pain, Болит") == ANOTHER_ALPHABET
    assert none.detect("my back 😭😭 so sore, 30 wks") is None
    assert none.detect("¯\\_(ツ)_/¯ my back") is None  # one letter is not a word
    assert none.detect("is my β-hCG ok, and 10 µg of vitamin D?") is None
    assert none.detect("𝐡𝐞𝐥𝐩 𝐦𝐲 𝐛𝐚𝐜𝐤 hurts") is None  # styled letters are read as the letters they are


def test_a_phone_apostrophe_is_read_like_a_typed_one():
    lists = OtherLanguages.from_data({"languages": {"Frenchish": ["jai", "cest"]}})
    assert lists.detect("J\u2019ai mal, c\u2019est grave") == "Frenchish"
    assert lists.detect("J'ai mal, c'est grave") == "Frenchish"


def test_a_listed_word_with_a_capital_in_mid_sentence_is_a_name_or_place():
    lists = OtherLanguages.from_data({"languages": {"Spanishish": ["los", "las", "tengo"]}})
    assert lists.detect("we fly from Los Angeles to Las Vegas at 30 weeks, ok?") is None
    assert lists.detect("Los dolores... tengo las piernas hinchadas") == "Spanishish"


@pytest.mark.parametrize(("data", "field"), [
    ("just words", "expected"),
    ({"words_needed": 0, "languages": {}}, "words_needed"),
    ({"words_needed": "two", "languages": {}}, "words_needed"),
    ({"languages": ["dolor"]}, "languages"),
    ({"languages": {"Latinish": "dolor"}}, "Latinish"),
    ({"languages": {"Latinish": ["dolor", ""]}}, "Latinish"),
    ({"languages": {"Latinish": ["dolor dorsum"]}}, "one word per entry"),
    ({"languages": {"Latinish": ["est-ce"]}}, "one word per entry"),
])
def test_unusable_lists_are_refused_with_the_field_named(data, field):
    with pytest.raises(LanguageListError, match=field):
        OtherLanguages.from_data(data)


def test_the_clinic_lists_catch_no_sentence_of_the_english_content(lists: OtherLanguages):
    assert len(lists.words) >= 5
    sentences = []
    for item in load_content(ROOT / "content").items:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", item.body) if len(s.split()) >= 3]
    assert len(sentences) > 300
    assert [s for s in sentences if lists.detect(s)] == []


# Ordinary English from patients, with names, places, medicines and slang: none may be taken for another language.
ENGLISH = """since Mon my back hurts when I pour water from the kettle
the home care aide comes Mon and Wed, can she help me lift baby
I sang to the baby then had to pour away the expressed milk
had my anatomy sono today and the tech said bambino is head down
Dr Della Testa is my OB, she said take calcium
we live in Los Angeles but delivering at Cedars, is it ok to fly to Las Vegas at 30 weeks
hai hun, my back is killing me
Hai, im Meri, 34 wks, pelvic pain
my husband Abhi and I want to know if calcium is safe, Dr Kamar said ask
my mam says jak is too heavy for me to carry
Dan's sister Ela is 30 weeks too
baby Bebe is 3 weeks old, is ibuprofen ok while breastfeeding
hola! gracias for the info about PLO
ok merci! one more question about vitamin D
dulce de leche cravings, is sugar bad, que sera sera
a spate of headaches this week, mea culpa for not asking
my midwife Jai said c'est la vie
tut tut, my back again
can I take co-codamol, Nurofen or Oramorph while breastfeeding
on clexane injections and labetalol, back pain at night
my name is Ana Dias, I'm 32 weeks, is the Adcal ok
I read about it on Mumsnet, the NHS site and in a Que magazine
nan says it's the baby sitting on a nerve, is that a thing
lol my bump is huge, 38+2, back is wrecked, any tips x""".splitlines()


def test_tagalog_written_in_english_letters_is_another_language(lists: OtherLanguages):
    assert lists.detect("masakit po ang likod ko ngayon, buntis ako") == "Tagalog or Filipino"
    assert lists.detect("salamat po sa tulong") == "Tagalog or Filipino"
    assert lists.detect("my cousin Gabi says hi, back pain at 30 weeks") is None


def test_body_words_of_spanish_and_portuguese_mixed_into_english_name_the_language(lists: OtherLanguages):
    # an emergency told half in Portuguese (blind-bw's one missed emergency, in our own words): with one listed word
    # only ("semanas") the reply did not say that the bot reads English only
    assert lists.detect("a heavy pressure in my peito going down the braço, 37 semanas") == "Portuguese"
    assert lists.detect("me aprieta el pecho y no puedo respirar bien") == "Spanish"
    assert lists.detect("a heavy pressure in my chest going down my arm, 37 weeks") is None


def test_ordinary_english_with_names_places_and_slang_is_not_taken_for_another_language(lists: OtherLanguages):
    assert [m for m in ENGLISH if lists.detect(m)] == []


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
    path.write_bytes("languages:\n  Otherish: [beb\u00e9, zorp]\n".encode("latin-1"))  # saved in the wrong encoding
    os.utime(path, (later + 10, later + 10))
    assert live.current().detect("zorp blik") == "Otherish"
    with pytest.raises(LanguageListError, match="cannot be read"):
        OtherLanguages.from_content(tmp_path)
    path.unlink()
    assert live.current().detect("zorp blik") is None
    assert not live.in_another_language("zorp blik") and live.in_another_language("Болит спина")


def test_in_another_language_reads_the_lists_as_they_are_now(tmp_path: Path):
    path = tmp_path / "languages.yml"
    path.write_text(yaml.safe_dump({"languages": {"Latinish": ["ego", "dolor"]}}))
    live = LiveLanguages(tmp_path)
    assert live.in_another_language("ego dolor, 30 weeks") and not live.in_another_language("my back hurts")
    path.write_text(yaml.safe_dump({"languages": {"Otherish": ["zorp", "blik"]}}))
    later = time.time() + 5
    os.utime(path, (later, later))
    assert not live.in_another_language("ego dolor, 30 weeks") and live.in_another_language("zorp blik")


# The mixed languages of the blind sets (twentieth and twenty-third sessions), in our own words; names and English
# words that look like listed words stay English.
@pytest.mark.parametrize(("message", "language"), [
    ("elle a mal au ventre depuis hier, 33 semaines", "French"),
    ("ngo geuk hou tung, 30 weeks", "Chinese (in English letters)"),
    ("pikinini i no pulim susu gut, olsem wanem?", "Tok Pisin or Bislama"),
    ("mwen gen anpil doulè nan do", "Haitian Creole"),
    ("dahri fih bezaf dial lwja3", "Arabic or Darija (in English letters)"),
    ("Dr Chan and Dr Hou said my back pain is normal at 30 weeks", None),
    ("heori ga neomu apayo, oneul byeongwon ga ya dwaeyo?", "Korean (in English letters)"),
    ("toi khong biet phai lam gi, dau lung nhieu qua", "Vietnamese (in English letters)"),
    ("biko, ukwu m na-egbu m mgbu since Sunday", "Igbo"),
    ("don Allah, ina jin ciwon baya sosai", "Hausa"),
    ("e jowo, mo ni oyun osu meje, eyin mi dun", "Yoruba"),
    ("mo pa kapav dormi, bizin ale lopital?", "Mauritian or Reunion Creole"),
    ("Tuan and Minh came over, my back is sore at 30 weeks, can I take paracetamol?", None),
])
def test_languages_typed_in_english_letters_are_named_and_english_stays_english(lists: OtherLanguages, message,
                                                                              language):
    assert lists.detect(message) == language


def test_red_flags_said_in_the_new_languages_are_glossed_for_the_classifier(lists: OtherLanguages):
    assert lists.gloss("oneul gaseumi apayo, sum swigi himdeureoyo") == "chest pain cannot breathe"
    assert lists.gloss("toi bi chay mau nhieu qua, sau sinh 5 ngay") == "heavy bleeding after the birth"


def test_topic_questions_said_in_pinyin_korean_and_vietnamese_are_found_and_glossed(lists: OtherLanguages):
    # found as another language from their own words, and given the English of what they ask
    assert lists.gloss("wei nai shi hou gu tou hui bian song ma") == "breastfeeding bones weaker"
    assert lists.gloss("imsin jung golban tongjeung eonje kkaji gayo") == "pregnant pelvis pain how long"
    assert lists.gloss("cho con bu co bi loang xuong khong") == "breastfeeding osteoporosis"
    assert lists.gloss("ren shen xiang guan gu zhi shu song you shen me zheng zhuang") == (
        "pregnant osteoporosis symptoms")


def test_red_flags_said_in_turkish_swahili_russian_and_somali_are_glossed_for_the_classifier(lists: OtherLanguages):
    assert lists.gloss("dogumdan sonra cok kanama var, bayildim") == "after the birth heavy bleeding fainted"
    assert lists.gloss("mimi ni mjamzito, siwezi kupumua") == "pregnant cannot breathe"
    assert lists.gloss("ya beremennaya, malysh ne shevelitsya segodnya") == "pregnant baby moving less"
    assert lists.gloss("waxaan qabaa madax xanuun iyo qandho") == "headache fever"


def test_topic_questions_said_in_turkish_russian_and_swahili_are_found_and_glossed(lists: OtherLanguages):
    assert lists.gloss("kemik erimesi belirtileri nedir") == "osteoporosis symptoms what is"
    assert lists.gloss("skolko kaltsiya nuzhno, ya kormlyu grudyu") == "how much breastfeeding"
    assert lists.gloss("nina mimba ijayo, mifupa yangu ni kawaida?") == "next pregnancy bones is it normal"


GLOSSED = OtherLanguages.from_data({"languages": {"Latinish": ["ego", "dolor", "dorsum", "gravida", "hebdomadas"]},
                                    "glosses": {"back pain": ["dolor dorsi", "dorsum dolet"], "pregnant": ["gravida"],
                                                "weeks pregnant": ["hebdomadas gravida"]}})


def test_glosses_give_the_english_meaning_of_listed_phrases_in_order_each_once():
    assert GLOSSED.gloss("Ego dolor dorsi, Gravida 30 hebdomadas") == "back pain pregnant"
    assert GLOSSED.gloss("dorsum dolet, dolor dorsi again, ego hebdomadas gravida") == "back pain weeks pregnant"


def test_a_glossed_phrase_after_a_listed_denial_reads_no():
    denying = OtherLanguages.from_data({"languages": {"Latinish": ["ego", "dolor", "febris", "sine"]},
                                        "glosses": {"fever": ["febris"], "back pain": ["dolor dorsi"]},
                                        "gloss_denials": ["sine", "non habeo"]})
    assert denying.gloss("ego sine febris, dolor dorsi") == "no fever back pain"
    assert denying.gloss("ego non habeo febris, sed dolor dorsi") == "no fever back pain"
    # a denial further back does not reach it: "sine X febris" says nothing against the fever
    assert denying.gloss("ego sine dolor febris") == "fever"
    assert denying.gloss("febris sine febris ego dolor") == "fever no fever"


def test_the_clinic_denials_read_no_before_a_symptom_in_french_pinyin_and_spanish(lists: OtherLanguages):
    assert lists.gloss("bonjour, pas de fièvre, juste mal au dos, enceinte") == "no fever back pain pregnant"
    assert lists.gloss("wo mei you fa shao, dan shi yao teng") == "no fever back pain"
    assert lists.gloss("tengo fiebre desde ayer, estoy embarazada") == "fever pregnant"


def test_unusable_denials_are_refused():
    with pytest.raises(LanguageListError, match="gloss_denials"):
        OtherLanguages.from_data({"languages": {"Latinish": ["ego"]}, "gloss_denials": "sine"})


def test_an_english_message_gets_no_glosses_even_with_a_listed_phrase():
    assert GLOSSED.gloss("my friend Gravida has back pain") == ""  # no other language found: nothing added
    assert GLOSSED.gloss("ego dolor") == ""  # another language, but no listed phrase


@pytest.mark.parametrize("glosses, says", [
    ({"back pain": "dolor dorsi"}, "give a list of phrases"),
    ({"back pain": ["dolor 30 dorsi"]}, "words of letters only"),
    ({"back pain": ["dolor dorsi"], "pregnant": ["dolor dorsi"]}, "listed for both"),
    (["dolor dorsi"], "give each English meaning"),
])
def test_unusable_glosses_are_refused_with_the_field_named(glosses, says):
    with pytest.raises(LanguageListError, match=says):
        OtherLanguages.from_data({"languages": {"Latinish": ["ego", "dolor"]}, "glosses": glosses})


def test_the_clinic_glosses_load_and_name_english_meanings_for_the_listed_languages(lists: OtherLanguages):
    said = lists.gloss("wo yao teng, huai yun 30 zhou, zen me ban")
    assert said == "back pain pregnant weeks pregnant what should i do"
    assert "back pain" in lists.gloss("Bonjour, jai mal au dos depuis 3 jours, enceinte de 30 semaines")
    assert lists.gloss("my back hurts at 30 weeks, what should I do") == ""

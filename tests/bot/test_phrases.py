"""The phrase language of the red-flag files, and the ConText rules' own checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.context import ContextError, ContextRules
from bot.live_triage import rules_in_folder
from bot.phrases import (
    Phrase,
    PhraseIndex,
    expand,
    normalise,
    parse_all,
    part_matches,
    sentences,
    sentences_and_ends,
    words,
)
from bot.urgency import Urgency

ROOT = Path(__file__).resolve().parents[2]


def found(phrase: str, text: str) -> bool:
    index = PhraseIndex([("x", Phrase.parse(phrase))])
    return any(True for s, _ in sentences(text) for _ in index.find(words(s)))


@pytest.mark.parametrize("text", ["I can't feel it", "i cant feel it", "I cannot feel it", "I can not feel it"])
def test_a_contraction_matches_every_way_it_is_typed(text):
    assert found("can't feel", text)


def test_a_star_matches_the_start_of_a_word_only():
    assert found("tingl*", "tingling toes") and not found("tingl*", "a tinge of pink")


def test_a_gap_lets_up_to_three_words_through_but_never_a_denial():
    assert found("heart ... racing", "my heart is really racing")
    assert not found("heart ... racing", "my heart is not racing")
    assert not found("heart ... racing", "my heart is fine and my mind keeps racing")


def test_decimals_and_run_together_stops_stay_in_one_sentence():
    assert sentences("temp 38.5 and my calf.its red") == [("temp 38.5 and my calf.its red", False)]
    assert [q for _, q in sentences("Is this normal? I can't breathe.")] == [True, False]
    assert [e for _, e in sentences_and_ends("Blood everywhere, no! Fever? No. Now")] == ["!", "?", ".", ""]


@pytest.mark.parametrize("bad", ["...", "numb ...", "x*"])
def test_a_malformed_phrase_is_refused_with_a_reason(bad):
    with pytest.raises(ValueError):
        Phrase.parse(bad)


def test_a_parsed_phrase_is_remembered_but_a_malformed_one_is_refused_every_time():
    first = parse_all("legs (gone | going) numb*")
    again = parse_all("legs (gone | going) numb*")
    assert first == again and all(a is b for a, b in zip(first, again, strict=True))  # parsed once, the same objects
    again.append(Phrase.parse("numb"))
    assert len(parse_all("legs (gone | going) numb*")) == 2  # a caller's list is its own
    for _ in range(2):
        with pytest.raises(ValueError):
            parse_all("numb (one choice)")
        with pytest.raises(ValueError):
            Phrase.parse("x*")


def test_wanna_is_read_as_want_to_in_messages_and_phrases():
    assert normalise("i dont wanna be here") == normalise("i dont want to be here")
    assert found("want to die", "honestly i wana die") and found("wanna sleep", "I want to sleep")


def test_choices_in_brackets_stand_for_one_phrase_per_choice():
    assert expand("is it (bad | ok) if i (fell | passed out)") == [
        "is it bad if i fell", "is it bad if i passed out", "is it ok if i fell", "is it ok if i passed out"]
    assert expand("(a |) whole pack") == ["a whole pack", "whole pack"]
    index = PhraseIndex([("x", p) for p in parse_all("(can't | unable to) ... (feel | move) my legs")])
    hits = [s for s in ["I can't really feel my legs", "unable to move my legs", "I can move my legs"]
            if any(True for sent, _ in sentences(s) for _ in index.find(words(sent)))]
    assert hits == ["I can't really feel my legs", "unable to move my legs"]


@pytest.mark.parametrize("bad, reason", [("(bad | ok if i fell", "needs its"), ("bad | ok", "inside brackets"),
                                         ("(bad) if i fell", "two choices"), ("((a | b) | c)", "another group"),
                                         ("(|)", "no words"),
                                         ("(a|b) (c|d) (e|f) (g|h) (i|j)", "at most 4"),
                                         ("(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b)", "more than 64")])
def test_a_malformed_group_of_choices_is_refused_with_a_reason(bad, reason):
    with pytest.raises(ValueError, match=reason):
        parse_all(bad)


def test_the_context_rules_read_choices_in_brackets():
    rules = ContextRules.from_data({"triggers": {"negated": {"forward": ["(no | never)"]}},
                                    "pseudo": ["is it (bad | ok) if i fell"]})
    found = {m.phrase.text for text in ["never", "no", "is it ok if i fell", "is it bad if i fell"]
             for m in rules.index.find(words(text))}
    assert found == {"no", "never", "is it bad if i fell", "is it ok if i fell"}


def test_a_bare_no_in_the_context_rules_gets_a_plain_message():
    with pytest.raises(ContextError, match="quotes"):
        ContextRules.from_data({"triggers": {"negated": {"forward": [False]}}})


def test_an_unknown_context_category_is_refused():
    with pytest.raises(ContextError, match="unknown category"):
        ContextRules.from_data({"triggers": {"sarcasm": {"forward": ["yeah right"]}}})


def test_refers_back_lists_must_be_lists_of_words():
    with pytest.raises(ContextError, match="refers_back"):
        ContextRules.from_data({"triggers": {}, "refers_back": {"contrast": "but"}})


def test_a_past_event_after_but_it_reaches_the_earlier_clause_only_through_a_pronoun():
    rules = ContextRules.from_data({
        "triggers": {"historical": {"backward": ["wore off"]}}, "terminate": ["but"],
        "refers_back": {"contrast": ["but"], "pronouns": ["it"], "between": ["had"]},
    })
    pointing = "legs numb but it had wore off".split()
    other = "legs numb but the block wore off".split()
    assert rules.read(pointing).distance("historical", 0) is not None
    assert rules.read(other).distance("historical", 0) is None


def test_body_parts_written_as_emoji_read_as_words():
    from bot.phrases import normalise, words
    assert words(normalise("my \U0001f9b5 is hot")) == ["my", "leg", "is", "hot"]
    assert words(normalise("\U0001f9b5\U0001f9b5 numb, \U0001f519 sore")) == [
        "both", "legs", "numb", ",", "back", "sore"]
    # a peach or a pair of eyes says too many other things to read as a body part
    assert words(normalise("ate a \U0001f351 \U0001f440")) == ["ate", "a"]
    # other emoji still say nothing
    assert words(normalise("thanks \u2764\ufe0f\U0001f64f")) == ["thanks"]


def test_a_body_part_or_wound_with_s_reads_as_is_or_has_but_not_before_an_all_clear():
    from bot.phrases import normalise, words
    assert words(normalise("my scar's gone hot")) == ["my", "scar", "has", "gone", "hot"]
    assert words(normalise("her calf's puffy")) == ["her", "calf", "is", "puffy"]
    # "my temp's normal" keeps its old run-together form: a written-out all-clear reaches back over earlier symptoms
    assert words(normalise("my temp's normal")) == ["my", "temps", "normal"]
    # a possessive a phrase spells run together stays as it is
    assert words(normalise("my wife's legs")) == ["my", "wifes", "legs"]


def test_a_pseudo_trigger_holds_back_only_its_own_words_not_those_in_its_gap():
    rules = ContextRules.from_data({
        "triggers": {"historical": {"backward": ["wore off", "last night"]}},
        "pseudo": ["came on ... last night"],
    })
    onset = "numbness came on last night".split()  # when it began: the pseudo-trigger holds "last night" back
    over = "numbness came on and wore off last night".split()  # "wore off" stands in the gap and still acts
    assert rules.read(onset).distance("historical", 0) is None
    assert rules.read(over).distance("historical", 0) is not None


def test_a_red_flag_beside_a_gap_pseudo_trigger_still_escalates():
    rules = rules_in_folder(ROOT / "content")
    for text in ("soaking a pad every hour, had my baby a while ago", "had my baby two weeks ago and now I'm "
                 "soaking a pad every hour"):
        assert rules.assess(text).urgency is Urgency.EMERGENCY, text


def test_a_part_with_a_star_is_a_prefix_and_any_other_part_a_whole_word():
    assert part_matches("numb*", "numbness") and part_matches("numb*", "numb")
    assert not part_matches("numb*", "unnumbed")
    assert part_matches("legs", "legs") and not part_matches("legs", "legsore")


def test_vietnamese_tone_marks_decomposed_accents_and_the_turkish_dotted_i_stay_inside_their_words():
    assert words(normalise("Bé bú tốt, khó thở")) == ["bé", "bú", "tốt", ",", "khó", "thở"]
    assert words(normalise("na\u0303o consigo")) == ["não", "consigo"]  # "a" + combining tilde, as some phones send it
    assert words(normalise("İSTİYORUM")) == ["istiyorum"]

"""Misspelt red-flag words are read as meant; known words and short words are left alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.spelling import Speller, distance, lost_by_word, one_edit_misspellings, reading_changes


def test_distance_counts_a_swap_as_one_edit():
    assert distance("seizure", "siezure") == 1
    assert distance("bleeding", "sleeping") == 2
    assert distance("numb", "numb") == 0


def test_an_unknown_word_becomes_the_one_close_target():
    speller = Speller(["seizure", "numbness", "bleeding"], known=["sleeping"])
    assert speller.correct(["sieizure", "numbnes", "sleeping", "bled"]) == ["seizure", "numbness", "sleeping", "bled"]


def test_two_equally_close_targets_leave_the_word_alone():
    speller = Speller(["falling", "failing"], known=[])
    assert speller.correct(["fialing"]) in (["fialing"], ["failing"])  # never the farther one
    assert Speller(["aaaab", "aaaac"], known=[]).correct(["aaaad"]) == ["aaaad"]


def test_a_dropped_g_is_read_as_the_ing_word_even_when_known_or_tied():
    speller = Speller(["shaking", "shaken", "giving"], known=["givin", "cabin"])
    # "shakin" is one letter from both "shaking" and "shaken"; "givin" is a known word; "cabin" + g is no target
    assert speller.correct(["shakin", "givin", "cabin"]) == ["shaking", "giving", "cabin"]


def test_a_dropped_g_finds_the_red_flag(triage):
    assert "rf-seizure" in triage.assess("she was shakin all over and not answerin me").red_flags
    assert "rf-leg-weakness" in triage.assess("both my legs keep givin way").red_flags


@pytest.mark.parametrize(("message", "red_flag"), [
    ("my partner had a seizyre on the sofa", "rf-seizure"),
    ("both my legs have this numbnes since this morning", "rf-leg-weakness"),
    ("my woond is oozing yelow stuff", "rf-wound"),
])
def test_a_misspelt_red_flag_is_still_found(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags
    speller_off = Speller([], known=[])
    triage._speller, kept = speller_off, triage._speller
    try:
        assert red_flag not in triage.assess(message).red_flags  # it is the correction that finds it
    finally:
        triage._speller = kept


@pytest.mark.parametrize("message", [
    "the baby is sleeping heavily after the feed",
    "my back aches when I am feeding at night",
])
def test_known_words_are_not_turned_into_red_flag_words(triage, message):
    assert triage.assess(message).red_flags == ()


@pytest.mark.parametrize("message", [
    "I have 3 crush fractures in my spine from PLO, can I carry the car seat?",
    "trapped wind is making my tummy sore, 20 weeks",
])
def test_words_the_speller_reads_as_an_accident_are_excepted_where_they_mean_something_else(triage, message):
    assert triage.assess(message).red_flags == ()


@pytest.mark.parametrize(("message", "red_flag"), [
    ("we had a car crush this morning, I'm 30 weeks", "rf-trauma"),
    ("she feinted in the shower", "rf-seizure"),
    ("i past out on the kitchen floor", "rf-seizure"),
    ("blood poring out of me since the birth", "rf-heavy-bleeding"),
    ("my left angle is swollen, red and hot to touch", "rf-dvt"),
    ("chess pain and I can't get my breath", "rf-chest-pain-breathing"),
    ("i am enable to pee since this morning", "rf-cauda-equina"),
])
def test_misspellings_that_are_english_words_are_read_as_meant(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_a_rewrite_for_a_misspelling_stays_where_it_is_meant():
    from bot.phrases import normalise

    assert "pouring out" in normalise("blood poring out")
    assert "pored over" in normalise("I pored over the leaflets about bleeding")
    assert "right angle" in normalise("hold the baby at the right angle to feed")
    assert "contradictions" in normalise("so many contradictions in the advice about calcium")
    assert "contractions every" in normalise("contradictions every 5 minutes at 33 weeks")


def test_a_long_message_of_unknown_words_is_read_in_bounded_time(triage):
    import random
    import string

    rng = random.Random(7)
    message = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(2500))
    started = time.perf_counter()
    triage.assess(message)
    assert time.perf_counter() - started < 1.5


def test_one_slip_misspellings_are_every_single_edit():
    slips = one_edit_misspellings("black")
    assert {"blak", "balck", "blacck", "plack"} <= slips
    assert "black" not in slips and "plcak" not in slips  # the word itself and two slips are not
    assert all(distance(s, "black") == 1 for s in slips)


def test_a_new_word_that_ties_an_old_ones_misspelling_is_reported_as_a_loss():
    before = Speller(["black", "bleeding", "crotch"], known=[])
    after = Speller(["black", "bleeding", "crotch", "place", "crunch"], known=[])
    changes = reading_changes(before, after)
    lost = {c.typed: c for c in changes if c.lost(after)}
    assert lost["plack"].describe() == "'plack': read as 'black' before, left as typed now"
    assert "cronch" in lost  # one from "crotch" and from "crunch"
    assert "bleedin" not in lost and "blacck" not in lost  # nothing new near them
    gained = [c for c in changes if not c.lost(after)]
    assert any(c.typed == "plade" and c.after == "place" for c in gained)  # read as the new word: not a loss


def test_no_change_in_the_words_changes_no_reading_and_a_removed_word_is_no_loss():
    speller = Speller(["black", "crotch"], known=[])
    assert reading_changes(speller, speller) == []
    fewer = Speller(["black"], known=[])
    changes = reading_changes(speller, fewer)
    assert any(c.typed == "crotc" and c.before == "crotch" and c.after == "crotc" for c in changes)
    assert not any(c.lost(fewer) for c in changes)  # the editor removed "crotch" on purpose


def test_losses_are_listed_once_per_red_flag_word_most_first():
    before = Speller(["black", "plane", "crotch"], known=[])
    after = Speller(["black", "plane", "crotch", "place"], known=[])
    lines = lost_by_word(reading_changes(before, after), after, shown=3)
    assert lines[0].startswith("'plane' (") and lines[0].endswith("more")  # the most slips first, the rest counted
    black = next(line for line in lines if line.startswith("'black' ("))
    assert "plack" in black.split(": ", 1)[1].split(", ")
    assert not any(line.startswith("'crotch'") for line in lines)


@pytest.mark.parametrize(("message", "red_flag"), [
    ("keep thinking about an overdos, I can't go on", "rf-self-harm"),
    ("temperatur of 38.9 and shivering, 6 days after the birth", "rf-infection"),
    ("my family would be better off wthout me", "rf-self-harm"),
])
def test_misspellings_held_in_the_training_data_are_still_read_as_the_red_flag_word(triage, message, red_flag):
    assert red_flag in triage.assess(message).red_flags


def test_the_listed_misspellings_are_not_known_words():
    from bot.vocabulary import MISSPELLINGS, vocabulary

    assert MISSPELLINGS and not MISSPELLINGS & vocabulary()


HIDDEN_LIST = Path(__file__).with_name("hidden_misspellings.txt")


def test_a_known_word_hides_a_misspelling_only_when_it_would_have_been_read_as_the_red_flag_word():
    speller = Speller(["seizure", "shaking"], known=["seizures", "shakin", "table"])
    # "seizures" would be read as "seizure" if unknown; "shakin" still is (a dropped g); "table" is nowhere near
    assert speller.hidden_misspellings() == {"seizures": "seizure"}


def test_every_known_word_that_hides_a_red_flag_misspelling_has_been_looked_at(triage):
    listed = {}
    for line in HIDDEN_LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, meant = line.partition(" -> ")
            listed[word.strip()] = meant.strip()
    now = triage.speller.hidden_misspellings()
    new = [f"{w} -> {m}" for w, m in sorted(now.items()) if listed.get(w) != m]
    gone = [f"{w} -> {m}" for w, m in sorted(listed.items()) if now.get(w) != m]
    assert not new and not gone, (
        f"Known words that now hide a misspelling of a red-flag word (read the head of {HIDDEN_LIST.name} "
        f"and decide for each): {new}; lines to remove: {gone}")

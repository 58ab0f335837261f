"""Categories added from the development sets' misses, each in our own words (never an evaluation sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.live_triage import LiveTriage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def triage():
    return LiveTriage(None, ROOT / "content").current()


@pytest.mark.parametrize(("message", "red_flag", "urgency"), [
    ("my partner's legs just won't do what she tells them since this morning", "rf-leg-weakness", "emergency"),
    ("mum took a funny turn on the landing and isn't answering me properly", "rf-seizure", "emergency"),
    ("she has epilepsy and had one last night, first since the baby", "rf-seizure", "emergency"),
    ("my daughter-in-law was hit by a car crossing the road, she is 30 weeks", "rf-trauma", "emergency"),
    ("there's blood coming, running down my leg, 33 weeks", "rf-heavy-bleeding", "emergency"),
    ("I have to stop to catch my breath walking to the kitchen, baby is 2 weeks old", "rf-chest-pain-breathing",
     "emergency"),
    ("I keep praying god takes me so they can have a better mum", "rf-self-harm", "emergency"),
    ("feels like the baby wants to come out, so heavy down there, 32 weeks", "rf-preterm-labour", "urgent"),
    ("the dog knocked into me and I went flat on my face, 28 weeks", "rf-trauma", "urgent"),
    ("I had a couple of accidents with my bowels this week and my back is killing me", "rf-cauda-equina",
     "emergency"),
    # Development set F (blind-f, read after its first run), in our own words:
    ("she got up off the sofa and there was blood trickling down her thighs, 6 days after the birth",
     "rf-heavy-bleeding", "emergency"),
    ("honestly kms, nobody would even notice", "rf-self-harm", "emergency"),
    ("been thinking of stepping out in front of a lorry on the school run", "rf-self-harm", "emergency"),
    ("my upper back went really painful out of nowhere last week, it's not getting better with paracetamol",
     "rf-suspected-fracture", "urgent"),
    ("my back keeps me up at night and nothing touches it", "rf-night-pain-weight-loss", "urgent"),
    ("stabbing pain below my right ribs at 37 weeks, and it's not like the usual kicks", "rf-preeclampsia", "urgent"),
    ("someone drove into our back bumper and my seatbelt tightened hard over the bump, 29 weeks", "rf-trauma",
     "urgent"),
    # Development set D again: misses the classifier used to catch and the rules never did.
    ("there is altered sensation around the perianal area since this afternoon", "rf-cauda-equina", "emergency"),
    ("it's hard to start a wee and my bottom feels strange since my back went", "rf-cauda-equina", "emergency"),
    ("while I was feeding the baby a pain came in my chest and went up my neck", "rf-chest-pain-breathing",
     "emergency"),
    ("I can't get my legs to move properly this morning, they feel like lead", "rf-leg-weakness", "emergency"),
    ("there's a voice in my head that says the baby would be better in the bath water", "rf-self-harm",
     "emergency"),
])
def test_a_category_found_in_development_misses_escalates(triage, message, red_flag, urgency):
    result = triage.assess(message)
    assert red_flag in result.red_flags and result.urgency.value == urgency


@pytest.mark.parametrize("message", [
    "my lower back is stiff every morning when I wake up, any stretches?",
    "our cat had a seizure last week, the vet says she is fine; is sunshine enough for vitamin D?",
    "my husband fainted when he saw the needle, is that common?",
    "I soak a breast pad with milk every hour, does that take calcium from my bones?",
    "she kicks right up under my ribs and it's killing me, can she move lower?",
    "I had tightenings at 34 weeks, they monitored me and it all settled, nothing since",
    "I'm weak at the knees over this baby, how much calcium do I need?",
    "could you advise whether this needs attention: my back aches after feeding",
    "my knees felt numb from the spinal block but it wore off that evening; does a spinal cause back ache?",
    "I ran a temperature on monday but that has gone now, can I still have my calcium?",
    "nothing dramatic, my lower back is just stiff after the long drive",
    "I can't get my legs comfortable at night with this bump, which pillow helps?",
    "my chest feels tight and my nipples sting every time she feeds",
])
def test_a_near_miss_of_those_categories_does_not(triage, message):
    assert triage.assess(message).red_flags == ()


def test_the_rules_alone_are_measured_on_a_labelled_file(tmp_path: Path):
    import io

    from bot.evaluate import rules_figures

    labelled = tmp_path / "set.yml"
    labelled.write_text(
        "items:\n"
        "- {text: 'my chest is crushing and I cannot breathe', urgency: emergency, red_flag: rf-chest-pain-breathing}\n"
        "- {text: 'my calf is hot and swollen on one side', urgency: urgent, red_flag: rf-dvt}\n"
        "- {text: 'how much calcium do I need', urgency: routine, topic: calcium-needs}\n"
        "- {text: 'I can not feel my legs and I have wet myself', urgency: routine, topic: null}\n")
    out = io.StringIO()
    counts = rules_figures(labelled, ROOT / "content", out)
    assert counts == {"emergency": (1, 1), "urgent": (1, 1), "routine": (1, 2)}
    assert "calcium" not in out.getvalue()  # counts only, never a message


def test_the_wound_not_a_vaginal_discharge_when_pus_comes_from_the_scar(triage):
    result = triage.assess("there is pus coming out of my caesarean scar")
    assert result.red_flags == ("rf-wound",)


def test_a_past_event_reaches_over_but_only_when_its_subject_points_back(triage):
    assert triage.assess("my legs went numb but it wore off").red_flags == ()
    assert "rf-leg-weakness" in triage.assess("my legs are numb but the fever has cleared").red_flags

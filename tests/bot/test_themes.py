"""Unanswered questions grouped by theme for the editors' report, with the real encoder and without it."""

from __future__ import annotations

import pytest

from bot.themes import content_words, group

# Written for this test: questions outside the bot's topics, three themes in different words.
ASKED = [
    ("is hair colouring ok during the last trimester", 4),
    ("can I get my roots dyed at the salon", 2),
    ("bleaching my hair while nursing, any risk", 1),
    ("glass of wine with dinner, does it reach the milk", 3),
    ("how long after a beer before I can feed", 2),
    ("booking a long-haul flight at 30 weeks", 2),
    ("do airlines let you board late in the third trimester", 1),
]


@pytest.fixture(scope="module")
def embed():
    from bot.encoder import shared_encoder

    return shared_encoder().encode


def themes_of(themes) -> list[set[str]]:
    return [{text for text, _ in t.questions} for t in themes]


def test_the_encoder_groups_questions_by_meaning_not_by_shared_words(embed) -> None:
    themes = group(ASKED, embed)

    found = themes_of(themes)
    assert {q for q, _ in ASKED[:3]} in found
    assert {q for q, _ in ASKED[3:5]} in found
    assert {q for q, _ in ASKED[5:]} in found
    assert [t.total for t in themes] == [7, 5, 3]


def test_a_theme_is_named_by_its_most_asked_words_and_lists_the_most_asked_first(embed) -> None:
    hair = group(ASKED, embed)[0]

    assert hair.name.split(", ")[0] == "hair"
    assert hair.questions[0] == ASKED[0]


def test_without_the_encoder_questions_sharing_a_word_are_grouped() -> None:
    themes = group([("hair dye and feeding", 2), ("dye for grey hair", 1), ("flying at 30 weeks", 1)])

    assert themes_of(themes) == [{"hair dye and feeding", "dye for grey hair"}, {"flying at 30 weeks"}]
    assert themes[0].name == "dye, hair, feeding" or themes[0].name.startswith(("dye", "hair"))


def test_nothing_asked_gives_no_themes_and_placeholders_are_not_words() -> None:
    assert group([]) == []
    assert content_words("[name] said [date] was fine") == ["said", "fine"]

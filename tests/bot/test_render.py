"""Rendering content for each channel: placeholders filled, markup fit for the channel, editors sandboxed."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from bot.clinic import load_clinic
from bot.content.items import ContentItem, Reference, load_content
from bot.content.store import PublishedItem
from bot.render import Renderer, RenderError, family_of, month_year, plain, short_reference, telegram_escape

CHANNELS = ("rest", "twilio", "telegram", "facebook")
REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"
SHIPPED_TOPICS = [i for i in load_content(REPO_CONTENT).items if i.kind == "topic"]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(REPO_CONTENT / "templates", load_clinic(REPO_CONTENT / "clinic.yml"))


def live(item: ContentItem) -> PublishedItem:
    return PublishedItem(item.id, item.kind, 1, item.title, item.body, item.more, item.references,
                         item.reviewed_by, item.reviewed_on, item.urgency, dict(item.extra))


def answer(renderer: Renderer, item: ContentItem, channel: str) -> str:
    return renderer.text("answer", channel, item=live(item), body=renderer.body(item.body))


def test_there_are_shipped_topics_to_render() -> None:
    assert len(SHIPPED_TOPICS) == 17


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("item", SHIPPED_TOPICS, ids=lambda i: i.id)
def test_every_shipped_topic_renders_with_its_placeholders_filled(
    renderer: Renderer, item: ContentItem, channel: str
) -> None:
    text = answer(renderer, item, channel)

    assert "{{" not in text and "}}" not in text and "{%" not in text
    first_words = " ".join(plain(item.body).split()[:3])
    assert first_words in text


def test_a_clinic_placeholder_in_a_body_becomes_the_clinics_value(renderer: Renderer) -> None:
    text = renderer.body("Call {{ clinic.maternity_unit.name }} on {{ clinic.maternity_unit.phone }}.")

    assert text == "Call the maternity assessment unit on 01632 960001."


@pytest.mark.parametrize("item", SHIPPED_TOPICS, ids=lambda i: i.id)
def test_the_sms_answer_has_no_markdown(renderer: Renderer, item: ContentItem) -> None:
    text = answer(renderer, item, "twilio")

    for marker in ("**", "_", "[", "](", "`", "#"):
        assert marker not in text, (marker, text)


def test_the_messenger_answer_has_no_markdown(renderer: Renderer) -> None:
    """Messenger shows markup literally, like SMS (render.plain's docstring; SPEC section 4)."""
    item = next(i for i in SHIPPED_TOPICS if i.id == "back-pain-pregnancy")

    text = answer(renderer, item, "facebook")

    for marker in ("**", "_", "[", "](", "`", "#"):
        assert marker not in text, (marker, text)


def test_the_website_answer_keeps_its_light_markdown(renderer: Renderer) -> None:
    item = next(i for i in SHIPPED_TOPICS if i.id == "back-pain-pregnancy")

    text = answer(renderer, item, "rest")

    assert "\n- " in text
    assert "_Sources: " in text


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("item", SHIPPED_TOPICS, ids=lambda i: i.id)
def test_the_answer_names_its_sources_and_review_month(renderer: Renderer, item: ContentItem, channel: str) -> None:
    text = answer(renderer, item, channel)

    for ref in item.references:
        assert short_reference(ref) in text
    assert f"eviewed {month_year(item.reviewed_on)}" in text  # "Last reviewed ..." or "Reviewed ..."


def test_channels_map_to_template_families() -> None:
    assert [family_of(c) for c in (*CHANNELS, "twilio_whatsapp", None)] == [
        "default", "sms", "telegram", "plain", "sms", "default",
    ]


# ---- errors and the sandbox ----------------------------------------------------------------


@pytest.mark.parametrize("source", ["Call {{ clinic.no_such_line }}.", "Call {{ no_such_name }}."])
def test_an_undefined_placeholder_in_a_body_raises_render_error(renderer: Renderer, source: str) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.body(source)

    assert isinstance(raised.value.__cause__, UndefinedError)
    assert "no_such" in str(raised.value)


def test_a_body_that_is_not_a_valid_template_raises_render_error(renderer: Renderer) -> None:
    with pytest.raises(RenderError):
        renderer.body("Call {{ clinic.emergency_number ")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}",
        "{{ clinic.__class__ }}",
    ],
)
def test_a_body_trying_to_escape_the_sandbox_raises_render_error(renderer: Renderer, source: str) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.body(source)

    assert isinstance(raised.value.__cause__, SecurityError)


def test_an_undefined_variable_in_a_template_raises_render_error(renderer: Renderer) -> None:
    with pytest.raises(RenderError) as raised:
        renderer.text("answer", "rest", body="Some text.")  # no item

    assert "default/answer.j2" in str(raised.value)


# ---- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize("char", list("_*[]()~`>#+-=|{}.!\\"))
def test_telegram_escape_escapes_every_markdown_v2_special_character(char: str) -> None:
    assert telegram_escape(f"a{char}b") == f"a\\{char}b"


def test_telegram_escape_leaves_ordinary_text_alone() -> None:
    assert telegram_escape("Call 999 now, then rest") == "Call 999 now, then rest"


def test_plain_turns_a_link_into_text_and_address() -> None:
    assert plain("[a](https://b)") == "a (https://b)"


@pytest.mark.parametrize("source", ["**bold** text", "__bold__ text"])
def test_plain_strips_bold(source: str) -> None:
    assert plain(source) == "bold text"


def test_plain_strips_italics_headings_and_code() -> None:
    assert plain("## Heading\n_soft_ and *soft* and `code`") == "Heading\nsoft and soft and code"


def test_plain_keeps_underscores_inside_words() -> None:
    assert plain("see snake_case_name") == "see snake_case_name"


@pytest.mark.parametrize(
    ("citation", "short"),
    [
        ("Liddle SD, Pennick V (2015) Interventions for back pain", "Liddle 2015"),
        ("Kovacs CS, Ralston SH (2015) Presentation and management", "Kovacs 2015"),
        ("World Health Organization (2016). Antenatal care recommendations", "World Health Organization 2016"),
        ("NHS. Back pain in pregnancy", "NHS"),
    ],
)
def test_short_reference_is_first_author_and_year(citation: str, short: str) -> None:
    assert short_reference(Reference("x-ref", citation, "https://www.nhs.uk/")) == short

"""Reading and checking content files: every problem names the file and the field to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.content.items import Problem, load_content, split_more, valid_link
from bot.urgency import Urgency

# SPEC section 2: the stable topic ids.
SPEC_TOPIC_IDS = {
    "back-pain-pregnancy",
    "back-pain-relief",
    "pelvic-girdle-pain",
    "back-pain-after-birth",
    "pain-medicines",
    "bone-loss-breastfeeding",
    "calcium-needs",
    "vitamin-d",
    "plo-overview",
    "plo-symptoms",
    "plo-risk-factors",
    "plo-diagnosis",
    "plo-treatment",
    "breastfeeding-with-plo",
    "plo-recovery",
    "future-pregnancy",
    "bone-safe-activity",
}


def problems_of(root: Path) -> list[Problem]:
    return load_content(root / "content").problems


def assert_problem(root: Path, path: Path, field: str, words: str = "") -> None:
    """The content under ``root`` has a problem for ``path`` in ``field`` (whose message holds ``words``)."""
    result = load_content(root / "content")
    matching = [p for p in result.problems if p.path == str(path) and p.field == field]
    assert matching, f"no problem for {path.name} in {field!r}; got {[str(p) for p in result.problems]}"
    assert any(words.lower() in p.message.lower() for p in matching), [str(p) for p in matching]
    assert path.stem not in {i.id for i in result.items}


# ---- the shipped content ---------------------------------------------------------------------


def test_shipped_content_loads_without_problems(content_dir: Path) -> None:
    result = load_content(content_dir)

    assert [str(p) for p in result.problems] == []
    assert result.ok


def test_shipped_topics_are_exactly_the_spec_topic_ids(content_dir: Path) -> None:
    topics = [i.id for i in load_content(content_dir).items if i.kind == "topic"]

    assert len(topics) == 17
    assert set(topics) == SPEC_TOPIC_IDS


# ---- a valid file --------------------------------------------------------------------------


def test_a_valid_topic_file_loads_as_an_item(tmp_path: Path, write_item) -> None:
    write_item(tmp_path, "test-topic", more="Longer detail for tell me more.")

    result = load_content(tmp_path / "content")

    assert result.problems == []
    [item] = result.items
    assert (item.id, item.kind, item.title) == ("test-topic", "topic", "A test answer")
    assert item.reviewed_on == dt.date(2026, 1, 15)
    assert [r.id for r in item.references] == ["liddle-2015", "nhs-back-pain"]


def test_a_valid_red_flag_file_loads_with_its_urgency(tmp_path: Path, write_item) -> None:
    write_item(tmp_path, "rf-test", folder="red-flags")

    result = load_content(tmp_path / "content")

    assert result.problems == []
    [item] = result.items
    assert item.kind == "red-flag"
    assert item.urgency is Urgency.EMERGENCY
    assert item.extra["triggers"] == [["numb", "saddle"]]


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "content" / "topics").mkdir(parents=True)

    problems = problems_of(tmp_path)

    assert [(p.path, p.message) for p in problems] == [(str(tmp_path / "content" / "red-flags"), "folder is missing")]


# ---- invalid topic files -------------------------------------------------------------------


def test_missing_title_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, drop=("title",))

    assert_problem(tmp_path, path, "title", "required")


def test_id_that_does_not_match_the_file_name_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, "other-topic", file_name="test-topic")

    assert_problem(tmp_path, path, "id", "must match the file name")


def test_unparseable_reviewed_on_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, reviewed_on="21/11/2026")

    assert_problem(tmp_path, path, "reviewed_on", "as a date")


def test_reviewed_on_in_the_future_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, reviewed_on=dt.date.today() + dt.timedelta(days=30))

    assert_problem(tmp_path, path, "reviewed_on", "future")


def test_no_references_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, references=[])

    assert_problem(tmp_path, path, "references", "at least one reference")


def test_malformed_doi_url_is_refused(tmp_path: Path, write_item) -> None:
    ref = {"id": "bad-doi", "citation": "Someone A (2020) A paper title", "url": "https://doi.org/not-a-doi"}
    path = write_item(tmp_path, references=[ref])

    assert_problem(tmp_path, path, "references[0].url", "https://doi.org/not-a-doi")


def test_non_https_reference_url_is_refused(tmp_path: Path, write_item) -> None:
    good = {"id": "good-ref", "citation": "NHS. Back pain in pregnancy", "url": "https://www.nhs.uk/x"}
    plain_http = {"id": "http-ref", "citation": "NHS. Back pain in pregnancy", "url": "http://www.nhs.uk/x"}
    path = write_item(tmp_path, references=[good, plain_http])

    assert_problem(tmp_path, path, "references[1].url", "http://www.nhs.uk/x")


def test_a_dose_in_a_topic_without_intake_figures_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, body="For pain you can take 500 mg of it. Ask your midwife first.")

    assert_problem(tmp_path, path, "body", "dose")


def test_a_dose_in_the_more_section_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, more="Some people take 10 micrograms a day. Ask your GP.")

    assert_problem(tmp_path, path, "more", "dose")


def test_intake_figures_allow_amounts_in_an_intake_topic(tmp_path: Path, write_item) -> None:
    write_item(tmp_path, "calcium-needs", intake_figures=True,
               body="Most adults need 700 mg of calcium a day. Milk is a good source.")

    result = load_content(tmp_path / "content")

    assert result.problems == []
    assert result.items[0].extra == {"intake_figures": True}


def test_a_phone_number_in_the_body_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, body="If you are worried, call us on 01632 960001 today.")

    assert_problem(tmp_path, path, "body", "phone number")


def test_a_clinic_placeholder_is_not_a_phone_number(tmp_path: Path, write_item) -> None:
    write_item(tmp_path, body="If you are worried, call {{ clinic.maternity_unit.phone }} today.")

    assert problems_of(tmp_path) == []


def test_a_reading_grade_above_eight_is_refused(tmp_path: Path, write_item) -> None:
    sentence = (
        "Multidisciplinary physiotherapeutic interventions incorporating individualised biomechanical "
        "reconditioning considerably ameliorate musculoskeletal discomfort experienced throughout "
        "gestational and postpartum periods, particularly regarding lumbopelvic instability."
    )
    path = write_item(tmp_path, body=sentence)

    assert_problem(tmp_path, path, "body", "reading grade")


def test_a_body_longer_than_the_limit_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, body="You can walk. " * 70)  # 210 short, plain words

    assert_problem(tmp_path, path, "body", "210 words")


def test_broken_yaml_front_matter_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, raw="---\nid: test-topic\ntitle: [not closed\n---\nSome text.\n")

    assert_problem(tmp_path, path, "front matter", "not valid yaml")


def test_a_file_without_front_matter_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, raw="Back pain is common. Ask your midwife.\n")

    assert_problem(tmp_path, path, "front matter", "must start with")


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, drop=("title",), references=[], reviewed_on="soon")

    fields = {p.field for p in problems_of(tmp_path) if p.path == str(path)}

    assert {"title", "references", "reviewed_on"} <= fields


def test_an_id_used_in_both_folders_is_refused_naming_both_files(tmp_path: Path, write_item) -> None:
    topic_path = write_item(tmp_path, "shared-id")
    flag_path = write_item(tmp_path, "shared-id", folder="red-flags")

    duplicates = [p for p in problems_of(tmp_path) if p.field == "id"]

    assert len(duplicates) == 1
    assert duplicates[0].path in {str(topic_path), str(flag_path)}
    other = str(flag_path) if duplicates[0].path == str(topic_path) else str(topic_path)
    assert other in duplicates[0].message


# ---- invalid red-flag files ----------------------------------------------------------------


def test_a_red_flag_with_an_unknown_urgency_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, "rf-test", folder="red-flags", urgency="soonish")

    assert_problem(tmp_path, path, "urgency", "soonish")


def test_a_red_flag_with_routine_urgency_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, "rf-test", folder="red-flags", urgency="routine")

    assert_problem(tmp_path, path, "urgency", "emergency")


def test_a_red_flag_trigger_naming_an_unknown_term_list_is_refused(tmp_path: Path, write_item) -> None:
    path = write_item(tmp_path, "rf-test", folder="red-flags", triggers=[["numb", "fever"]])

    assert_problem(tmp_path, path, "triggers[0]", "unknown concept fever")


# ---- the "## More" section -----------------------------------------------------------------


def test_split_more_separates_the_answer_from_the_more_section() -> None:
    assert split_more("Short answer.\n\n## More\nLonger detail.\n") == ("Short answer.", "Longer detail.")


def test_split_more_heading_is_case_insensitive() -> None:
    assert split_more("Short answer.\n##   more  \nLonger detail.") == ("Short answer.", "Longer detail.")


def test_split_more_without_a_more_section_gives_an_empty_more() -> None:
    assert split_more("\nShort answer.\n\n- A point.\n") == ("Short answer.\n\n- A point.", "")


def test_a_file_with_a_more_section_loads_both_parts(tmp_path: Path, write_item) -> None:
    write_item(tmp_path, body="Short answer here.", more="Longer detail here.")

    [item] = load_content(tmp_path / "content").items

    assert (item.body, item.more) == ("Short answer here.", "Longer detail here.")


# ---- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["https://doi.org/10.1007/s00198-017-4165-2", "PMID:12345678", "https://www.nhs.uk/x"],
)
def test_valid_link_accepts_doi_urls_pmids_and_https_urls(link: str) -> None:
    assert valid_link(link)


@pytest.mark.parametrize(
    "link",
    ["http://x.org", "doi:10.1/x", "ftp://files.example.org/paper.pdf", "https://doi.org/abc", "PMID:", ""],
)
def test_valid_link_rejects_other_links(link: str) -> None:
    assert not valid_link(link)


@pytest.mark.parametrize(
    ("body", "field_text"),
    [
        ("If it gets worse, call 999 now.", "phone number"),
        ("Ring NHS 111 for advice.", "phone number"),
        ('Call {{ "01632 960000" }} now.', "only clinic placeholders"),
        ("Take 2 tablets every 4 hours.", "dose"),
        ("You can have up to eight tablets a day.", "dose"),
    ],
    ids=["short-emergency-number", "short-advice-number", "number-in-placeholder", "tablets", "tablets-in-words"],
)
def test_numbers_and_doses_written_without_units_are_refused(tmp_path, write_item, body, field_text):
    from bot.content.items import load_content

    write_item(tmp_path, "back-pain-relief", body=body)
    problems = [str(p) for p in load_content(tmp_path / "content").problems]
    assert any(field_text in p for p in problems), problems


def test_only_the_intake_topics_may_give_amounts(tmp_path, write_item):
    from bot.content.items import load_content

    write_item(tmp_path, "pain-medicines", intake_figures=True, body="Paracetamol is usually first.")
    assert any("intake_figures" in str(p) for p in load_content(tmp_path / "content").problems)

"""The editors' `bot content ...` commands, run as an editor would, against a copy of content/ and a fresh store."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from bot.cli import main
from bot.content.items import load_content
from bot.content.store import ContentStore

TOPIC = "back-pain-pregnancy"


@dataclass
class Workspace:
    content: Path
    url: str
    root: Path

    def topic_file(self, item_id: str = TOPIC) -> Path:
        return self.content / "topics" / f"{item_id}.md"

    def edit(self, item_id: str, old: str, new: str) -> None:
        path = self.topic_file(item_id)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def edit_and_review(self, item_id: str, old: str, new: str, reviewer: str = "B. Physio MCSP") -> None:
        """Change the text and record a new reviewer, as a reviewed change would."""
        self.edit(item_id, old, new)
        path = self.topic_file(item_id)
        text = re.sub(r"^reviewed_by: .*$", f"reviewed_by: {reviewer}", path.read_text(encoding="utf-8"),
                      count=1, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")

    def store(self) -> ContentStore:
        store = ContentStore.from_url(self.url)
        store.create_schema()
        return store

    def item_count(self) -> int:
        return len(list(self.content.glob("topics/*.md"))) + len(list(self.content.glob("red-flags/*.md")))


@pytest.fixture
def ws(tmp_path: Path, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    content = tmp_path / "content"
    shutil.copytree(content_dir, content)
    (content / "red-flags").mkdir(exist_ok=True)  # git keeps no empty folder
    url = f"sqlite:///{tmp_path / 'var' / 'content.db'}"
    monkeypatch.setenv("CONTENT_DIR", str(content))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CLINIC_CONFIG", str(content / "clinic.yml"))
    monkeypatch.chdir(tmp_path)
    yield Workspace(content, url, tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["content", *args])
    return code, capsys.readouterr().out


def published_versions(ws: Workspace) -> dict[str, int]:
    store = ws.store()
    try:
        return {i.id: i.version for i in store.published_items()}
    finally:
        store.engine.dispose()


# ---- validate ------------------------------------------------------------------------------


def test_validate_accepts_the_shipped_content(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "validate")

    assert code == 0
    assert re.search(rf"^ok\s+{TOPIC}\s+grade\s+\d", out, re.MULTILINE)
    assert out.rstrip().endswith(f"{ws.item_count()} items valid, 0 problems")


def test_validate_marks_an_item_reviewed_more_than_a_year_ago_as_stale(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    old = dt.date.today() - dt.timedelta(days=400)
    path = ws.topic_file()
    path.write_text(re.sub(r"^reviewed_on: .*$", f"reviewed_on: {old.isoformat()}", path.read_text(encoding="utf-8"),
                           count=1, flags=re.MULTILINE), encoding="utf-8")

    code, out = run(capsys, "validate")

    assert code == 0
    stale = [line for line in out.splitlines() if "STALE" in line]
    assert len(stale) == 1
    assert stale[0].startswith(f"ok    {TOPIC} ") and f"reviewed {old.isoformat()}" in stale[0]


def test_validate_reports_the_file_and_field_of_a_problem(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    ws.edit(TOPIC, "title: Back pain in pregnancy\n", "")

    code, out = run(capsys, "validate")

    assert code == 1
    assert f"ERROR {ws.topic_file()}: title: is required" in out
    assert out.rstrip().endswith("1 problems")


def test_validate_reports_a_context_rules_file_that_cannot_be_read(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    context = ws.content / "red-flags" / "context.yml"
    context.write_text(context.read_text(encoding="utf-8") + "\nanswers_no: [nope, [unclosed\n", encoding="utf-8")

    code, out = run(capsys, "validate")

    assert code == 1
    assert f"ERROR {context}: -: " in out and "cannot be read" in out


def test_validate_reports_a_placeholder_the_clinic_file_does_not_have(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    ws.edit(TOPIC, "Who to ask: your midwife or GP.", "Who to ask: call {{ clinic.no_such_line }}.")

    code, out = run(capsys, "validate")

    assert code == 1
    assert f"ERROR {TOPIC}: template (default):" in out
    assert "no_such_line" in out


def test_validate_refuses_a_clinic_file_with_a_missing_number(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic = ws.content / "clinic.yml"
    clinic.write_text(clinic.read_text(encoding="utf-8").replace('emergency_number: "999"\n', ""), encoding="utf-8")

    code, out = run(capsys, "validate")

    assert code == 1
    assert "emergency_number is required" in out


# ---- diff ----------------------------------------------------------------------------------


def test_diff_on_an_empty_store_lists_every_item_as_new(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "diff")

    assert code == 0
    assert re.search(rf"^new\s+{TOPIC}$", out, re.MULTILINE)
    assert len(out.splitlines()) == ws.item_count()


def test_diff_after_publishing_shows_nothing(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")

    code, out = run(capsys, "diff")

    assert (code, out) == (0, "")


def test_diff_names_the_changed_item_its_version_and_fields(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    ws.edit_and_review(TOPIC, "so you are not alone", "and you are not alone")

    code, out = run(capsys, "diff")

    assert code == 0
    assert out.splitlines() == [f"changed   {TOPIC} from version 1 (body, reviewed_by)"]


# ---- publish -------------------------------------------------------------------------------


def test_publish_stores_every_item_as_version_one(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "publish", "--by", "alice", "--reason", "first import")

    assert code == 0
    assert f"published {TOPIC} (new)" in out
    assert out.rstrip().endswith(f"{ws.item_count()} published, 0 unchanged")
    assert set(published_versions(ws).values()) == {1}
    assert len(published_versions(ws)) == ws.item_count()


def test_publishing_again_unchanged_publishes_nothing(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")

    code, out = run(capsys, "publish", "--by", "bob")

    assert code == 0
    assert out.strip() == f"0 published, {ws.item_count()} unchanged"


def test_publish_of_a_reviewed_change_makes_version_two_live(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    ws.edit_and_review(TOPIC, "so you are not alone", "and you are not alone")

    code, out = run(capsys, "publish", "--by", "bob", "--reason", "wording")

    assert code == 0
    assert f"published {TOPIC} (changed)" in out
    assert published_versions(ws)[TOPIC] == 2


def test_publish_of_invalid_content_exits_1_names_file_and_field_and_stores_nothing(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    ws.edit(TOPIC, "title: Back pain in pregnancy\n", "")

    code, out = run(capsys, "publish", "--by", "alice")

    assert code == 1
    assert "Nothing was published" in out
    assert f"{ws.topic_file()}: title:" in out
    assert published_versions(ws) == {}


def test_publish_of_invalid_content_leaves_the_live_versions_alone(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    before = published_versions(ws)
    ws.edit_and_review("plo-overview", "PLO is very rare", "PLO is rare")  # a valid, reviewed change ...
    ws.edit(TOPIC, "reviewed_on: 2026-11-21", "reviewed_on: 21 November")  # ... next to an invalid file

    code, out = run(capsys, "publish", "--by", "bob")

    assert code == 1
    assert f"{ws.topic_file()}: reviewed_on:" in out
    assert published_versions(ws) == before


def test_publish_of_an_unreviewed_change_is_refused_naming_the_item(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    ws.edit(TOPIC, "so you are not alone", "and you are not alone")

    code, out = run(capsys, "publish", "--by", "bob")

    assert code == 1
    assert "Nothing was published:" in out
    assert f"  {TOPIC}: the text changed but the review did not" in out
    assert published_versions(ws)[TOPIC] == 1


# ---- history and rollback ------------------------------------------------------------------


def test_history_lists_each_version_with_author_reviewer_and_the_live_one(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice", "--reason", "first import")
    ws.edit_and_review(TOPIC, "so you are not alone", "and you are not alone")
    run(capsys, "publish", "--by", "bob", "--reason", "wording")

    code, out = run(capsys, "history", TOPIC)

    assert code == 0
    first, second = out.splitlines()
    assert first.startswith("v1 ") and "by alice;" in first and "first import" in first
    assert not first.endswith("<- live")
    assert second.startswith("v2 ") and "by bob;" in second and "reviewed by B. Physio MCSP" in second
    assert second.endswith("<- live")


def test_history_of_an_unknown_item_exits_1(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "history", "no-such-topic")

    assert code == 1
    assert "No item called 'no-such-topic'" in out


def test_rollback_makes_the_old_text_live_as_a_new_version(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    ws.edit_and_review(TOPIC, "so you are not alone", "and you are not alone")
    run(capsys, "publish", "--by", "bob")

    code, out = run(capsys, "rollback", TOPIC, "1", "--by", "carol", "--reason", "undo")

    assert code == 0
    assert out.strip() == f"{TOPIC}: version 1 is live again, as version 3"
    store = ws.store()
    live = store.published(TOPIC)
    store.engine.dispose()
    assert live is not None and live.version == 3
    assert "so you are not alone" in live.body


def test_rollback_to_a_missing_version_exits_1_and_changes_nothing(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    before = published_versions(ws)

    code, out = run(capsys, "rollback", TOPIC, "9", "--by", "carol")

    assert code == 1
    assert out.startswith("Nothing was changed:") and "no version 9" in out
    assert published_versions(ws) == before


# ---- export --------------------------------------------------------------------------------


def test_export_writes_files_that_load_back_valid(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    target = ws.root / "exported"

    code, out = run(capsys, "export", "--to", str(target))

    assert code == 0
    n = ws.item_count()
    assert out.strip() == (f"{n} items written to {target} (0 clinically approved, {n} not yet), "
                           "with red-flags/context.yml")
    result = load_content(target)
    assert [str(p) for p in result.problems] == []
    assert len(result.items) == ws.item_count()


def test_export_of_a_store_without_red_flags_still_loads_back_valid(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (ws.content / "red-flags").glob("*.md"):
        path.unlink()
    run(capsys, "publish", "--by", "alice")
    target = ws.root / "exported"

    code, _ = run(capsys, "export", "--to", str(target))

    assert code == 0
    assert [str(p) for p in load_content(target).problems] == []


def test_exported_files_hold_the_published_text(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    target = ws.root / "exported"
    (target / "red-flags").mkdir(parents=True)  # so the comparison does not depend on export creating it

    run(capsys, "export", "--to", str(target))

    exported = {i.id: i for i in load_content(target).items}
    store = ws.store()
    published = {i.id: i.as_content_item() for i in store.published_items()}
    plan = store.plan(list(exported.values()))
    store.engine.dispose()
    assert exported.keys() == published.keys()
    for item_id, item in published.items():
        assert (exported[item_id].body, exported[item_id].more) == (item.body, item.more), item_id
        assert exported[item_id].references == item.references, item_id
    assert {c.action for c in plan} == {"unchanged"}


def test_exported_files_are_the_live_version_after_a_change(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    ws.edit_and_review(TOPIC, "so you are not alone", "and you are not alone")
    run(capsys, "publish", "--by", "bob")
    target = ws.root / "exported"

    run(capsys, "export", "--to", str(target))

    text = (target / "topics" / f"{TOPIC}.md").read_text(encoding="utf-8")
    assert "and you are not alone" in text
    assert "reviewed_by: B. Physio MCSP" in text


def test_export_records_who_approved_and_reading_it_back_changes_nothing(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    run(capsys, "approve", TOPIC, "--by", "Dr Carol Reviewer")
    target = ws.root / "exported"

    code, out = run(capsys, "export", "--to", str(target))

    assert code == 0 and f"(1 clinically approved, {ws.item_count() - 1} not yet)" in out
    text = (target / "topics" / f"{TOPIC}.md").read_text(encoding="utf-8")
    assert "approved_by: Dr Carol Reviewer" in text
    assert "approved_by" not in (target / "topics" / "vitamin-d.md").read_text(encoding="utf-8")
    context = Path("red-flags") / "context.yml"
    assert (target / context).read_bytes() == (ws.content / context).read_bytes()
    before = ws.store().history(TOPIC)
    # The round trip: the exported folder published back into the store changes nothing, approval included.
    for folder in ("topics", "red-flags"):
        shutil.rmtree(ws.content / folder)
        shutil.copytree(target / folder, ws.content / folder)
    code, out = run(capsys, "publish", "--by", "dave")
    assert code == 0 and out.strip().endswith(f"0 published, {ws.item_count()} unchanged")
    assert ws.store().history(TOPIC) == before
    assert ws.store().published(TOPIC).approved_by == "Dr Carol Reviewer"
    # and exporting again writes the same bytes
    again = ws.root / "again"
    run(capsys, "export", "--to", str(again))
    for path in sorted(target.rglob("*.md")):
        assert (again / path.relative_to(target)).read_bytes() == path.read_bytes(), path.name


def test_a_file_claiming_approval_is_not_approved_by_being_published(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    ws.edit(TOPIC, "reviewed_on:", "approved_by: Dr Nobody\napproved_at: 2026-01-01 10:00\nreviewed_on:")

    code, _ = run(capsys, "publish", "--by", "alice")

    assert code == 0
    assert ws.store().published(TOPIC).approved_by is None


# ---- report --------------------------------------------------------------------------------


def test_report_shows_ratings_times_shown_and_unanswered_questions(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "publish", "--by", "alice")
    store = ws.store()
    for helpful in (True, True, False):
        store.record_feedback(TOPIC, 1, helpful)
    for _ in range(5):
        store.record_impression(TOPIC, 1, "rest")
    store.record_unanswered("can i dye my hair", "out_of_scope")
    store.record_unanswered("can i dye my hair", "out_of_scope")
    store.engine.dispose()

    code, out = run(capsys, "report")

    assert code == 0
    line = next(la for la in out.splitlines() if la.startswith(TOPIC))
    assert line.split()[1:5] == ["1", "5", "67%", "1"]
    assert "Most frequent unanswered questions (redacted):" in out
    assert "   2  can i dye my hair" in out


def test_report_without_questions_says_none_yet(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")

    code, out = run(capsys, "report")

    assert code == 0
    assert out.rstrip().endswith("none yet")
    line = next(la for la in out.splitlines() if la.startswith(TOPIC))
    assert line.split()[1:5] == ["1", "0", "-", "0"]


# ---- try -----------------------------------------------------------------------------------


def _red_flag_edit(ws: Workspace, item_id: str, old: str, new: str) -> None:
    path = ws.content / "red-flags" / f"{item_id}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_try_shows_only_the_messages_an_unpublished_edit_changes(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    # an editor adds a loose phrase to a red flag, and tries it before publishing
    _red_flag_edit(ws, "rf-trauma", "  fall: [", "  fall: [went down, ")
    messages = ws.root / "mine.txt"
    messages.write_text("my milk supply went down this week\nmy back aches at 30 weeks\n\n", encoding="utf-8")

    code, out = run(capsys, "try", str(messages))

    assert code == 0
    assert out.splitlines() == ["routine -> urgent rf-trauma | my milk supply went down this week",
                                "1 of 2 messages change",
                                "Spelling: no misspelling of a red-flag word is lost (0 read differently)"]


def test_try_names_the_misspellings_a_new_word_takes_from_an_old_one(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    # "place" is as close to "plack" as "black" is: a message typed "plack" would no longer be read as "black"
    _red_flag_edit(ws, "rf-trauma", "  fall: [", "  fall: [fell in that place, ")
    messages = ws.root / "mine.txt"
    messages.write_text("my back aches at 30 weeks\n", encoding="utf-8")

    code, out = run(capsys, "try", str(messages))

    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("Spelling: ") and "no longer read as those words" in lines[1]
    assert any(line.startswith("  'black' (") and "plack" in line.split(": ", 1)[1].split(", ") for line in lines)


def test_diff_names_the_lost_misspellings_of_a_red_flag_edit_and_stays_quiet_without_one(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "publish", "--by", "alice")
    _red_flag_edit(ws, "rf-trauma", "  fall: [", "  fall: [fell in that place, ")
    code, out = run(capsys, "diff")
    assert code == 0
    assert "rf-trauma from version 1" in out.splitlines()[0]
    assert any(line.startswith("  'black' (") and "plack" in line for line in out.splitlines())

    _red_flag_edit(ws, "rf-trauma", "  fall: [fell in that place, ", "  fall: [")
    code, out = run(capsys, "diff")
    assert code == 0 and "plack" not in out


def test_try_against_a_folder_shows_a_context_change_too(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    before = ws.root / "before"
    shutil.copytree(ws.content, before)
    context = ws.content / "red-flags" / "context.yml"
    context.write_text(context.read_text(encoding="utf-8").replace("      - last week\n", "", 1), encoding="utf-8")
    messages = ws.root / "mine.txt"
    messages.write_text("I had a fever last week\n", encoding="utf-8")

    code, out = run(capsys, "try", str(messages), "--against", str(before))

    assert code == 0
    assert out.splitlines()[0].startswith("routine -> urgent rf-infection | ")


def test_try_says_why_it_cannot_compare(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "try", str(ws.root / "missing.txt"))
    assert code == 1 and out.startswith("Cannot compare:")

    (ws.root / "mine.txt").write_text("a test sentence of the editor's own\n", encoding="utf-8")
    code, out = run(capsys, "try", str(ws.root / "mine.txt"))
    assert code == 1 and "publish once" in out

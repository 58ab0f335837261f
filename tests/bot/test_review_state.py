"""Review is a state: a version reaches patients as reviewed only once a reviewer other than its author approved it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import editor
from bot.content.store import ContentStore, PublishRefused
from bot.respond import Inbound
from bot.services import Services, build_services
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
NOT_CHECKED = "Not yet checked by a clinician"


def clinic_with(tmp_path: Path, unreviewed: str) -> Settings:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    clinic_file = tmp_path / "content" / "clinic.yml"
    clinic = yaml.safe_load(clinic_file.read_text())
    clinic["unreviewed_content"] = unreviewed
    clinic_file.write_text(yaml.safe_dump(clinic))
    settings = Settings(f"sqlite:///{tmp_path / 'content.db'}", tmp_path / "content", clinic_file)
    assert editor.publish(settings, "Ann Editor", "import", io.StringIO()) == 0
    return settings


@pytest.fixture
def withholding(tmp_path: Path) -> tuple[Settings, Services]:
    settings = clinic_with(tmp_path, "withhold")
    return settings, build_services(settings)


def ask(services: Services, text: str, intent: str, **more) -> tuple[str, str, str | None]:
    reply = services.responder.reply("answer", Inbound(text, intent, **more))
    return reply.turn.kind, " ".join(m.text for m in reply.messages), reply.turn.topic


def test_nobody_approves_their_own_change(withholding):
    settings, _ = withholding
    store = ContentStore.from_url(settings.database_url)
    with pytest.raises(PublishRefused, match="different reviewer"):
        store.approve("vitamin-d", 1, " ann  editor ")
    assert not store.published("vitamin-d").clinically_reviewed


def test_a_version_is_approved_once_and_only_if_it_exists(withholding):
    settings, _ = withholding
    store = ContentStore.from_url(settings.database_url)
    with pytest.raises(PublishRefused, match="no version 7"):
        store.approve("vitamin-d", 7, "Dr Rhee")
    store.approve("vitamin-d", 1, "Dr Rhee", "checked against NICE")
    with pytest.raises(PublishRefused, match="already approved"):
        store.approve("vitamin-d", 1, "Dr Other")
    live = store.published("vitamin-d")
    assert (live.clinically_reviewed, live.approved_by) == (True, "Dr Rhee")


def test_in_a_clinic_an_unreviewed_answer_is_withheld_with_the_contact(withholding):
    settings, services = withholding
    kind, text, topic = ask(services, "how much vitamin d", "ask_vitamin_d")
    contact = yaml.safe_load(settings.clinic_file.read_text())["contact"]["phone"]
    assert (kind, topic) == ("fallback", "vitamin-d")
    assert "can't answer" in text and contact in text


def test_an_approved_answer_is_shown_without_a_notice_and_a_new_version_needs_approval_again(withholding):
    settings, services = withholding
    ContentStore.from_url(settings.database_url).approve("vitamin-d", 1, "Dr Rhee")
    kind, text, _ = ask(services, "how much vitamin d", "ask_vitamin_d")
    assert kind == "answer" and NOT_CHECKED not in text
    path = settings.content_dir / "topics" / "vitamin-d.md"
    edited = path.read_text().replace("reviewed_on: 2026-11-21", "reviewed_on: 2026-11-30")
    path.write_text(edited.rstrip("\n") + "\n\nAsk your midwife which supplement suits you.\n")
    out = io.StringIO()
    assert editor.publish(settings, "Ann Editor", "edit", out) == 0, out.getvalue()
    assert ContentStore.from_url(settings.database_url).published("vitamin-d").version == 2
    assert ask(services, "how much vitamin d", "ask_vitamin_d")[0] == "fallback"


def test_red_flag_advice_is_never_withheld(withholding):
    _, services = withholding
    reply = services.responder.reply("escalate", Inbound("my legs have both gone weak and numb", "report_leg_weakness"))
    assert reply.turn.kind == "escalation"
    assert "999" in " ".join(m.text for m in reply.messages)


def test_in_the_demo_an_unreviewed_answer_says_so(tmp_path: Path):
    services = build_services(clinic_with(tmp_path, "show"))
    kind, text, _ = ask(services, "how much vitamin d", "ask_vitamin_d")
    assert kind == "answer" and NOT_CHECKED in text


def test_an_unknown_setting_is_refused_at_start(tmp_path: Path):
    from bot.clinic import ClinicConfigError, load_clinic

    clinic = yaml.safe_load((ROOT / "content" / "clinic.yml").read_text())
    clinic["unreviewed_content"] = "sometimes"
    (tmp_path / "clinic.yml").write_text(yaml.safe_dump(clinic))
    with pytest.raises(ClinicConfigError, match="unreviewed_content"):
        load_clinic(tmp_path / "clinic.yml")


def test_the_approve_command_refuses_the_author_and_changes_nothing(withholding):
    settings, _ = withholding
    out = io.StringIO()
    assert editor.approve(settings, "vitamin-d", None, "Ann Editor", "", out) == 1
    assert "Nothing was changed" in out.getvalue()
    out = io.StringIO()
    assert editor.approve(settings, "vitamin-d", None, "Dr Rhee", "ok", out) == 0
    history = io.StringIO()
    editor.history(settings, "vitamin-d", history)
    assert "approved by Dr Rhee" in history.getvalue()

"""Accounts, sessions and the review workflow of the editors' workspace, without the web layer."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bot.content import editor
from bot.content.store import ContentStore
from bot.settings import Settings
from bot.workspace.service import NotAllowed, Workspace, WorkspaceError, hash_password, password_matches

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    settings = Settings(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "content", tmp_path / "content" / "clinic.yml")
    assert editor.publish(settings, "import", "files", io.StringIO()) == 0
    ws = Workspace(ContentStore.from_url(settings.database_url))
    ws.add_account("Ann Editor", "editor", "a long password 1")
    ws.add_account("Dr Rhee", "reviewer", "a long password 2")
    return ws


def test_a_password_is_stored_salted_and_checked():
    stored = hash_password("correct horse battery")
    assert "correct horse" not in stored and stored != hash_password("correct horse battery")
    assert password_matches("correct horse battery", stored)
    assert not password_matches("correct horse batterY", stored)
    assert not password_matches("anything", "not a hash")


@pytest.mark.parametrize(("name", "role", "password", "why"), [
    ("Ann Editor", "editor", "another long one", "already an account"),
    ("Bo", "admin", "a long password 3", "role"),
    ("Bo", "editor", "short", "12 characters"),
    ("  ", "editor", "a long password 3", "name"),
])
def test_bad_accounts_are_refused(workspace, name, role, password, why):
    with pytest.raises(WorkspaceError, match=why):
        workspace.add_account(name, role, password)


def test_a_session_is_a_random_token_whose_hash_is_kept(workspace):
    token = workspace.sign_in("Ann Editor", "a long password 1")
    assert token and workspace.person(token).role == "editor"
    assert workspace.person(token + "x") is None and workspace.person(None) is None
    workspace.sign_out(token)
    assert workspace.person(token) is None


def test_the_workflow_enforces_roles_and_publishes_with_the_approval(workspace):
    ann = workspace.person(workspace.sign_in("Ann Editor", "a long password 1"))
    rhee = workspace.person(workspace.sign_in("Dr Rhee", "a long password 2"))
    pk = workspace.start_draft(ann, "vitamin-d")
    fields = dict(workspace.draft(pk).fields, body=workspace.draft(pk).fields["body"] + " Ask your midwife.")
    assert workspace.save(ann, pk, fields) == []
    with pytest.raises(WorkspaceError, match="not waiting for review"):
        workspace.approve(rhee, pk)
    workspace.submit(ann, pk)
    with pytest.raises(WorkspaceError, match="waiting for review"):
        workspace.save(ann, pk, fields)
    with pytest.raises(NotAllowed):
        workspace.approve(ann, pk)
    workspace.request_changes(rhee, pk, "shorter please")
    assert workspace.draft(pk).state == "changes_requested"
    workspace.submit(ann, pk)
    version = workspace.approve(rhee, pk, "fine")
    live = workspace.store.published("vitamin-d")
    assert (live.version, live.approved_by, live.clinically_reviewed) == (version, "Dr Rhee", True)
    assert workspace.history("vitamin-d")[0][2] == "Ann Editor"  # the author is the version's author


def test_a_draft_with_problems_cannot_be_submitted(workspace):
    ann = workspace.person(workspace.sign_in("Ann Editor", "a long password 1"))
    pk = workspace.start_draft(ann, "back-pain-relief")
    fields = dict(workspace.draft(pk).fields, body="Take 400 mg of ibuprofen.")
    problems = workspace.save(ann, pk, fields)
    assert any("dose" in p.message for p in problems)
    with pytest.raises(WorkspaceError, match="fix the problems"):
        workspace.submit(ann, pk)


def test_a_rollback_is_a_new_draft_through_review(workspace):
    ann = workspace.person(workspace.sign_in("Ann Editor", "a long password 1"))
    rhee = workspace.person(workspace.sign_in("Dr Rhee", "a long password 2"))
    first_body = workspace.store.published("vitamin-d").body
    pk = workspace.start_draft(ann, "vitamin-d")
    workspace.save(ann, pk, dict(workspace.draft(pk).fields, body=first_body + " Ask your midwife."))
    workspace.submit(ann, pk)
    workspace.approve(rhee, pk)
    assert workspace.store.published("vitamin-d").version == 2
    back = workspace.restore(ann, "vitamin-d", 1)
    with pytest.raises(WorkspaceError, match="open draft"):
        workspace.restore(ann, "vitamin-d", 1)
    assert workspace.draft(back).fields["body"] == first_body
    workspace.submit(ann, back)
    assert workspace.store.published("vitamin-d").version == 2  # nothing changes until a reviewer approves
    workspace.approve(rhee, back)
    live = workspace.store.published("vitamin-d")
    assert (live.version, live.body, live.approved_by) == (3, first_body, "Dr Rhee")


def test_weekly_times_shown_for_the_report(workspace):
    store = workspace.store
    store.record_impression("vitamin-d", 1, "rest")
    store.record_impression("vitamin-d", 1, "rest")
    weeks = store.weekly_shown()
    assert len(weeks["vitamin-d"]) == 8 and weeks["vitamin-d"][-1] == 2 and sum(weeks["vitamin-d"]) == 2

"""The whole loop in a browser: an editor changes an answer, a reviewer approves it in the workspace,
and the patient's page shows the new text on her next message, within a second of the approval."""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from typing import Iterator

import pytest
from playwright.sync_api import Browser, expect

from bot.content.store import ContentStore
from bot.serve import Servers
from bot.settings import Settings
from tests.e2e import test_browser
from tests.e2e.conftest import ROOT
from tests.e2e.test_browser import SHOTS, Tab
from tests.e2e.test_workspace import EDITOR, REVIEWER, running_workspace, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
browser, tab = test_browser.browser, test_browser.tab  # the patient's browser and page, as in test_browser
ITEM = "bone-safe-activity"


@pytest.fixture(scope="module")
def workspace(servers: Servers, e2e_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The workspace over the same content store the running bot reads (as make run starts them)."""
    port = int(os.environ.get("E2E_PORT_BASE", "5200")) + 62
    for url, _ in running_workspace(e2e_settings, port, tmp_path_factory.mktemp("workspace-live")):
        yield url


def test_an_approved_change_reaches_the_patient_page_within_a_second(browser: Browser, tab: Tab, workspace: str,
                                                                      restored: None):
    tab.send("is it safe to exercise with weak bones")  # a patient already talking to the bot
    marker = "Marker " + uuid.uuid4().hex[:6].translate(str.maketrans("0123456789", "ghijklmnop"))
    added = f"{marker}: a short walk outside helps too."
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    editor_page = context.new_page()
    sign_in(editor_page, workspace, *EDITOR)
    editor_page.get_by_role("link", name="Staying active with fragile bones").click()
    editor_page.get_by_role("button", name="Edit (start a draft)").click()
    body = editor_page.get_by_label(re.compile("^Answer"))
    body.fill(added + "\n\n" + body.input_value())
    editor_page.get_by_role("button", name="Save and check").click()
    expect(editor_page.get_by_text("All checks pass.")).to_be_visible()
    editor_page.get_by_role("button", name="Submit for clinical review").click()
    editor_page.get_by_role("button", name="Sign out").click()

    sign_in(editor_page, workspace, *REVIEWER)
    editor_page.get_by_role("link", name="Staying active with fragile bones").click()
    editor_page.get_by_role("link", name=re.compile("in review")).click()
    editor_page.get_by_role("button", name="Approve and publish").click()
    expect(editor_page.get_by_text("approved by Dr Rhee")).to_be_visible()
    approved = time.perf_counter()

    turn = tab.send("which exercises are safe for my bones after PLO")
    expect(turn).to_contain_text(marker)
    elapsed = time.perf_counter() - approved

    tab.shot("24-patient-sees-approved-change")
    SHOTS.mkdir(parents=True, exist_ok=True)
    context.close()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "approval-to-patient.json").write_text(json.dumps({"seconds": elapsed}))
    assert elapsed < 1.0, f"{elapsed:.2f} s from approval to the patient's answer"


@pytest.fixture
def restored(e2e_settings: Settings) -> Iterator[None]:
    """The changed answer is rolled back afterwards (as a new version), so other tests see the files' text."""
    yield
    store = ContentStore.from_url(e2e_settings.database_url)
    if store.published(ITEM) and store.published(ITEM).version > 1:  # type: ignore[union-attr]
        store.rollback(ITEM, 1, "e2e", "undo the test's change")

"""The editors' workspace in a browser and over HTTP: sign-in, roles, CSRF, draft -> review -> publish."""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot.content import editor
from bot.content.store import ContentStore
from bot.settings import Settings
from bot.workspace.service import Workspace
from tests.e2e.conftest import ROOT
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, CONTRAST_JS, SHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
EDITOR, REVIEWER, OTHER_REVIEWER = ("Ann Editor", "editor pass 1234"), ("Dr Rhee", "reviewer pass 1234"), \
    ("Dr Osei", "other reviewer 1234")


@pytest.fixture(scope="module")
def workspace_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    work = tmp_path_factory.mktemp("workspace")
    shutil.copytree(ROOT / "content", work / "content")
    settings = Settings(f"sqlite:///{work / 'content.db'}", work / "content", work / "content" / "clinic.yml")
    assert editor.publish(settings, "import", "files", io.StringIO()) == 0
    port = int(os.environ.get("E2E_PORT_BASE", "5200")) + 61
    yield from running_workspace(settings, port, work)


def running_workspace(settings: Settings, port: int, work: Path) -> Iterator[tuple[str, Settings]]:
    """The editors' workspace on ``port`` over the store of ``settings``, with the test's three accounts."""
    accounts = Workspace(ContentStore.from_url(settings.database_url))
    for name, role, password in ((EDITOR[0], "editor", EDITOR[1]), (REVIEWER[0], "reviewer", REVIEWER[1]),
                                 (OTHER_REVIEWER[0], "reviewer", OTHER_REVIEWER[1])):
        accounts.add_account(name, role, password)
    env = dict(os.environ, DATABASE_URL=settings.database_url, CONTENT_DIR=str(settings.content_dir),
               CLINIC_CONFIG=str(settings.clinic_file))
    log = (work / "workspace.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "bot.workspace", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/signin", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"the workspace did not start: {(work / 'workspace.log').read_text()}")
    yield url, settings
    proc.terminate()
    proc.wait(timeout=20)


class Client:
    """A browser-like HTTP client: cookies kept, redirects followed, forms posted."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, **form: str) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(self.base + path, data=data))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def sign_in(self, name: str, password: str) -> tuple[int, str]:
        _, page = self.get("/signin")
        return self.post("/signin", csrf=_csrf(page), name=name, password=password)

    def csrf(self) -> str:
        return _csrf(self.get("/")[1])


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_pages_need_a_sign_in_and_a_wrong_password_is_refused(workspace_url):
    url, _ = workspace_url
    client = Client(url)
    status, page = client.get("/")
    assert status == 200 and "Sign in" in page and "vitamin-d" not in page
    assert client.sign_in(EDITOR[0], "wrong password")[0] == 401
    status, page = client.sign_in(*EDITOR)
    assert status == 200 and "vitamin-d" in page and "not clinically reviewed" in page


def test_a_form_without_its_csrf_token_is_refused(workspace_url):
    url, _ = workspace_url
    client = Client(url)
    client.sign_in(*EDITOR)
    assert client.post("/items/vitamin-d/draft")[0] == 403
    assert client.post("/signin", name=EDITOR[0], password=EDITOR[1])[0] == 403


def test_checking_a_draft_as_you_type_needs_the_token_and_saves_nothing(workspace_url):
    url, settings = workspace_url
    client = Client(url)
    client.sign_in(*EDITOR)
    status, page = client.post("/items/plo-recovery/draft", csrf=client.csrf())
    pk = int(re.search(r'/drafts/(\d+)/save', page).group(1))  # type: ignore[union-attr]
    before = Workspace(ContentStore.from_url(settings.database_url)).draft(pk).fields
    form = {"title": before["title"], "body": "Take 2 tablets every 4 hours.", "more": "",
            "references": "x | y | not a link"}
    assert client.post(f"/drafts/{pk}/check", **form)[0] == 403
    status, text = client.post(f"/drafts/{pk}/check", csrf=client.csrf(), **form)
    result = json.loads(text)
    assert status == 200
    messages = " / ".join(f"{p['field']}: {p['message']}" for p in result["problems"])
    assert "body: contains a dose" in messages and "references[0].url" in messages
    assert "references[0].citation" in messages
    assert set(result["grades"]) == {"body"}
    assert Workspace(ContentStore.from_url(settings.database_url)).draft(pk).fields == before


def test_an_account_is_locked_after_five_failed_sign_ins(workspace_url):
    url, settings = workspace_url
    Workspace(ContentStore.from_url(settings.database_url)).add_account("Locked Person", "editor", "the right one!!")
    client = Client(url)
    for _ in range(5):
        assert client.sign_in("Locked Person", "not the right one")[0] == 401
    assert client.sign_in("Locked Person", "the right one!!")[0] == 401


def test_an_editor_cannot_approve_and_nobody_approves_their_own_draft(workspace_url):
    url, settings = workspace_url
    author = Client(url)
    author.sign_in(*REVIEWER)  # a reviewer may draft too
    status, page = author.post("/items/calcium-needs/draft", csrf=author.csrf())
    pk = re.search(r'/drafts/(\d+)/save', page).group(1)  # type: ignore[union-attr]
    assert author.post(f"/drafts/{pk}/submit", csrf=author.csrf())[0] == 200
    status, page = author.post(f"/drafts/{pk}/approve", csrf=author.csrf())
    assert status == 403 and "another reviewer" in page
    plain = Client(url)
    plain.sign_in(*EDITOR)
    assert plain.post(f"/drafts/{pk}/approve", csrf=plain.csrf())[0] == 403
    assert not ContentStore.from_url(settings.database_url).published("calcium-needs").clinically_reviewed


def test_draft_check_preview_review_and_publish_in_the_browser(workspace_url):
    url, settings = workspace_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    with signed_in_on_a_phone(url, EDITOR) as page:
        page.get_by_role("link", name="Vitamin D").click()
        page.get_by_role("button", name="Edit (start a draft)").click()
        body = page.get_by_label(re.compile("^Answer"))
        original = body.input_value()
        body.fill(original + "\n\nCall 01632 960999 to ask.")  # a phone number: refused, as by bot content validate
        live = page.locator("#live-check")  # checked as she types, before anything is saved
        expect(live).to_contain_text("contains a phone number")
        expect(live).to_contain_text(re.compile(r"Reading grade: Answer \d+\.\d"))
        expect(page.get_by_text("All checks pass.")).to_be_hidden()  # the last save's verdict is out of date
        expect(body).to_have_attribute("aria-invalid", "true")
        page.screenshot(path=str(SHOTS / "19-workspace-as-you-type.png"), full_page=False)
        pk = int(page.url.rstrip("/").split("/")[-1])
        saved = Workspace(ContentStore.from_url(settings.database_url)).draft(pk).fields["body"]
        assert "01632" not in saved, "checking as you type must not save"
        page.get_by_role("button", name="Save and check").click()
        expect(page.get_by_text("contains a phone number")).to_be_visible()
        expect(page.get_by_role("button", name="Submit for clinical review")).to_have_count(0)
        page.screenshot(path=str(SHOTS / "20-workspace-problem.png"), full_page=False)
        body.fill(original + "\n\nAsk your midwife which vitamin D supplement suits you.")
        page.get_by_role("button", name="Save and check").click()
        expect(page.get_by_text("All checks pass.")).to_be_visible()
        expect(page.get_by_role("heading", name="SMS and WhatsApp")).to_be_visible()
        expect(page.locator("pre.preview").first).to_contain_text("which vitamin D supplement")
        page.get_by_role("button", name="Submit for clinical review").click()
        expect(page.get_by_text("Waiting for a clinical reviewer other than Ann Editor")).to_be_visible()
        page.screenshot(path=str(SHOTS / "21-workspace-submitted.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, url, *REVIEWER)
        expect(page.get_by_role("row", name=re.compile("Vitamin D"))).to_contain_text("in review")
        page.get_by_role("link", name="Vitamin D").click()
        page.get_by_role("link", name=re.compile("in review")).click()
        expect(page.locator("div.diff")).to_contain_text("midwife")
        page.get_by_label("Comment (optional)").fill("Checked against NICE guidance")
        page.screenshot(path=str(SHOTS / "22-workspace-review.png"), full_page=True)
        page.get_by_role("button", name="Approve and publish").click()
        expect(page.get_by_text("approved by Dr Rhee")).to_be_visible()
        low = [f for f in page.evaluate(CONTRAST_JS, ["h1", "a", "td", "button", "label", ".id", "p"])
               if f["ratio"] < 4.5]
        assert low == []
        page.screenshot(path=str(SHOTS / "23-workspace-published.png"), full_page=True)
    live = ContentStore.from_url(settings.database_url).published("vitamin-d")
    assert live.clinically_reviewed and live.approved_by == "Dr Rhee" and live.version == 2
    assert "which vitamin D supplement" in live.body


def test_a_red_flag_draft_shows_the_typing_slips_its_new_words_take(workspace_url):
    url, _ = workspace_url
    with signed_in_on_a_phone(url, EDITOR) as page:
        page.get_by_role("link", name="A fall, an accident or a blow to the bump").click()
        page.get_by_role("button", name="Edit (start a draft)").click()
        definition = page.get_by_label(re.compile("^What patients say"))
        text = definition.input_value()
        assert "\n  fall:\n  - " in text
        # "place" is as close to "plack" as "black" (passing out, chest pain) is: "plack" would be left as typed
        definition.fill(text.replace("  fall:\n  - ", "  fall:\n  - fell in that place\n  - ", 1))
        page.get_by_role("button", name="Save and check").click()
        slips = page.get_by_role("region", name="Typing slips this draft takes from other red-flag words")
        black = slips.get_by_role("listitem").filter(has_text=re.compile(r"^'black' \(\d+\): "))
        expect(black).to_contain_text("plack")
        slips.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "24-workspace-typing-slips.png"), full_page=False)

        definition.fill(text)  # back to the live words: nothing is taken
        page.get_by_role("button", name="Save and check").click()
        expect(page.get_by_text("All checks pass.")).to_be_visible()
        expect(page.get_by_role("region", name="Typing slips this draft takes from other red-flag words")
               ).to_have_count(0)


@contextlib.contextmanager
def signed_in_on_a_phone(url: str, who: tuple[str, str]) -> Iterator[Page]:
    """A phone-sized page of headless Chromium, signed in to the workspace as ``who`` (name, password)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2).new_page()
            sign_in(page, url, *who)
            yield page
        finally:
            browser.close()


def sign_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(url + "/signin")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Topics and red flags")).to_be_visible()


def test_reports_compare_and_restore_pages(workspace_url):
    url, settings = workspace_url
    store = ContentStore.from_url(settings.database_url)
    store.record_impression("bone-safe-activity", 1, "rest")
    store.record_feedback("bone-safe-activity", 1, True)
    for question in ("is hair colouring ok during the last trimester",) * 2 + ("can I get my roots dyed at the salon",
                                                                              "booking a long-haul flight at 30 weeks"):
        store.record_unanswered(question, "out_of_scope")
    client = Client(url)
    client.sign_in(*EDITOR)
    status, page = client.get("/reports")
    assert status == 200 and "<svg" in page and "100% of 1" in page
    assert "asked 3 times, 2 different questions" in page  # the hair questions, grouped by meaning
    assert "asked 1 time, 1 different question" in page
    status, page = client.get("/items/bone-safe-activity/diff?a=1&b=1")
    assert status == 200 and "Version 1" in page
    assert client.get("/items/vitamin-d/diff?a=1&b=99")[0] == 404
    status, page = client.post("/items/back-pain-after-birth/restore/1", csrf=client.csrf())
    assert status == 200 and "Draft of" in page and "waiting for review" not in page

"""The website chat page in headless Chromium on a 360-pixel phone screen, against the real servers.

Screenshots of every step go to artifacts/screenshots/ (look at them: they are the visual check).
Needs Debian's Chromium at /usr/bin/chromium (`make test` installs it; or `apt-get install chromium`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright

from bot.serve import Servers
from tests.e2e.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
SHOTS = ROOT / "artifacts" / "screenshots"
REPLY_TIMEOUT_MS = 30_000
WEBHOOK = "**/webhooks/rest/webhook"

TOPIC_QUESTION = "is it normal to have back pain at 30 weeks"
RED_FLAG = "I suddenly can't feel my legs and they keep giving way"
XSS = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"

# WCAG contrast of the text colour against the nearest opaque background, for every element matched.
CONTRAST_JS = """
(selectors) => {
  const parse = (c) => { const m = (c.match(/[\\d.]+/g) || []).map(Number);
                         return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.a > 0.99) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.getClientRects().length) continue;
      const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
      out.push({sel, text: el.textContent.trim().slice(0, 40),
                ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)});
    }
  }
  return out;
}
"""
CONTRAST_SELECTORS = [".topbar h1", ".topbar-sub", ".topbar-restart", ".notice li", ".notice-emergency",
                      ".starters-label", ".chip",
                      ".msg--bot p", ".msg--bot li", ".msg--user", ".md-note", ".sources a", ".sources-title",
                      ".feedback-label", ".thumb", ".escalation-level", ".escalation-text", ".call-link", ".error-text",
                      ".msg-failed-note"]


@dataclass
class Tab:
    page: Page
    problems: list[str] = field(default_factory=list)

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    @property
    def turns(self) -> Locator:
        return self.page.locator("#log .turn")

    def send(self, text: str) -> Locator:
        """Type a message, press Enter, wait for the bot's turn; returns that turn."""
        before = self.turns.count()
        box = self.page.get_by_role("textbox", name="Type your question")
        box.fill(text)
        box.press("Enter")
        return self.next_turn(before)

    def next_turn(self, before: int) -> Locator:
        """Wait for the bot's turn number `before` + 1 (or fail at once if the page shows an error)."""
        self.page.wait_for_function(
            "(n) => document.querySelectorAll('#log .turn').length > n || document.querySelector('#log .error')",
            arg=before, timeout=REPLY_TIMEOUT_MS)
        errors = self.page.locator("#log .error")
        if errors.count():
            pytest.fail(f"the page showed {errors.first.inner_text()!r} instead of a reply; "
                        f"browser console: {self.problems}")
        expect(self.turns).to_have_count(before + 1)
        expect(self.page.locator("#typing .typing-bubble")).to_be_hidden()
        return self.turns.nth(before)

    def csp_violations(self) -> list[str]:
        return [p for p in self.problems if "Content Security Policy" in p or p.startswith("pageerror")]

    def low_contrast(self) -> list[dict[str, Any]]:
        found = self.page.evaluate(CONTRAST_JS, CONTRAST_SELECTORS)
        assert found, "no text found to check"
        return [f for f in found if f["ratio"] < 4.5]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium (make test does it)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Browser, servers: Servers) -> Iterator[Tab]:
    """A fresh phone-sized tab (own sessionStorage, so its own sender id) with the chat page open."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="en-GB")
    page = context.new_page()
    opened = Tab(page)
    page.on("console", lambda msg: opened.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: opened.problems.append(f"pageerror: {err}"))
    page.goto(servers.web_url)
    expect(page.get_by_role("textbox", name="Type your question")).to_be_visible()
    yield opened
    context.close()


def test_the_privacy_and_scope_notice_is_shown_before_the_first_message(tab: Tab):
    page = tab.page
    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("not a doctor")
    expect(notice).to_contain_text("do not type your name, address")
    expect(notice).to_contain_text("call your local emergency number", ignore_case=True)
    expect(notice).to_contain_text("back and pelvic pain")
    expect(page.locator("#log .msg")).to_have_count(0)

    log = page.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("button", name="Send message")).to_be_visible()

    # Phone layout: no sideways scrolling, the message box sits at the bottom of the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    composer = page.locator("#composer").bounding_box()
    assert composer and abs(composer["y"] + composer["height"] - PHONE["height"]) <= 1
    for target in page.locator("#composer input, #composer button, #notice button").all():
        box = target.bounding_box()
        assert box and box["height"] >= 44, target
    assert tab.low_contrast() == []
    tab.shot("01-notice")
    assert tab.csp_violations() == []


def test_a_topic_question_gets_an_answer_with_reference_links(tab: Tab):
    page = tab.page
    held: list[Route] = []

    def hold(route: Route) -> None:  # keep the request waiting, to see the page while it waits
        if route.request.method == "OPTIONS":
            route.continue_()
        else:
            held.append(route)

    page.route(WEBHOOK, hold)
    box = page.get_by_role("textbox", name="Type your question")
    box.fill(TOPIC_QUESTION)
    box.press("Enter")
    expect(page.locator("#typing .typing-bubble")).to_be_visible()
    expect(page.locator("#typing")).to_contain_text("typing")
    expect(box).to_have_value("")
    tab.shot("02-typing")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)  # the route handler runs while Playwright waits
    assert len(held) == 1
    held[0].continue_()
    turn = tab.next_turn(0)
    page.unroute(WEBHOOK)
    expect(turn).to_have_attribute("data-kind", "answer")
    expect(page.locator("#log .msg--user").last).to_have_text(re.compile(re.escape(TOPIC_QUESTION)))
    expect(turn.locator(".msg--bot").first).to_contain_text(re.compile("back pain", re.I))
    expect(turn).to_contain_text("Last reviewed")
    tab.shot("03-answer")

    sources = turn.locator(".sources")
    expect(sources).to_contain_text("Sources")
    links = sources.get_by_role("link")
    assert links.count() >= 1
    for link in links.all():
        assert (link.get_attribute("href") or "").startswith("https://")
        assert link.get_attribute("target") == "_blank"
        assert set((link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
    expect(turn.get_by_role("button", name="Tell me more")).to_be_visible()
    for button in turn.get_by_role("button").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.low_contrast() == []
    sources.scroll_into_view_if_needed()
    tab.shot("04-answer-sources-and-feedback")
    assert tab.csp_violations() == []


def test_feedback_buttons_look_like_thumbs_and_get_a_thank_you(tab: Tab):
    page = tab.page
    turn = tab.send(TOPIC_QUESTION)
    feedback = turn.get_by_role("group", name="Was this helpful?")
    helpful = feedback.get_by_role("button", name="Helpful", exact=True)
    expect(feedback.get_by_role("button", name="Not helpful")).to_be_visible()
    expect(helpful.locator("svg")).to_have_count(1)  # the thumb icon

    before = tab.turns.count()
    helpful.click()
    thanks = tab.next_turn(before)
    expect(page.locator("#log .msg--user").last).to_contain_text("Helpful")
    expect(thanks).to_contain_text("Thank you")
    expect(helpful).to_have_attribute("aria-pressed", "true")
    tab.shot("05-feedback-thanks")
    assert tab.csp_violations() == []


def test_a_red_flag_shows_the_escalation_banner_first_with_a_call_link(tab: Tab):
    turn = tab.send(RED_FLAG)
    expect(turn).to_have_attribute("data-kind", "escalation")
    urgency = turn.get_attribute("data-urgency")
    assert urgency in ("urgent", "emergency")

    banner = turn.get_by_role("alert")
    expect(banner).to_be_visible()
    expect(banner).to_be_in_viewport()
    expect(banner).to_contain_text("Emergency" if urgency == "emergency" else "Urgent")
    call = banner.locator("a[href^='tel:']")
    expect(call).to_have_count(1)
    assert re.fullmatch(r"tel:\+?\d+", call.get_attribute("href") or "")
    assert call.bounding_box()["height"] >= 44  # type: ignore[index]

    # The banner comes before every other text of the turn, in DOM (and so reading) order.
    order = turn.evaluate("""(turn) => {
        const banner = turn.querySelector('[role=alert]');
        const texts = [...turn.querySelectorAll('.msg')];
        return {first: turn.firstElementChild === banner, texts: texts.length,
                after: texts.every((t) => banner.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")
    assert order == {"first": True, "texts": order["texts"], "after": True} and order["texts"] >= 1
    assert tab.low_contrast() == []
    tab.shot("06-escalation")
    assert tab.csp_violations() == []


def test_an_urgent_escalation_is_amber_and_its_call_link_dials_the_number(tab: Tab):
    """A crafted urgent turn (the network answer is replaced): amber banner, dialable tel: link, banner first."""
    page = tab.page
    reply = [{"custom": {"kind": "escalation", "topic": None, "urgency": "urgent", "red_flag": "rf-wound",
                         "content_version": 1, "references": []}},
             {"text": "**URGENT: get help today. Do not wait.**\n\nA wound that is red or oozing needs checking today.",
              "buttons": [{"title": "Call the maternity unit", "payload": "tel:01632 960001"},
                          {"title": "Talk to a person", "payload": "/ask_human"}]}]
    page.route(WEBHOOK, lambda route: fulfil_cors(route, reply))
    turn = tab.send("the cut from my section looks angry and weepy today")
    banner = turn.get_by_role("alert")
    expect(banner).to_have_class(re.compile(r"\bescalation--urgent\b"))
    expect(banner).to_contain_text("Urgent")
    expect(banner.get_by_role("link", name=re.compile("Call the maternity unit"))).to_have_attribute(
        "href", "tel:01632960001")
    expect(turn.locator("a[href^='tel:']")).to_have_count(1)  # moved into the banner, not shown twice
    expect(turn.get_by_role("button", name="Talk to a person")).to_be_visible()
    assert turn.evaluate("(t) => t.firstElementChild.getAttribute('role')") == "alert"
    assert tab.low_contrast() == []
    tab.shot("07-escalation-urgent")
    assert tab.csp_violations() == []


def fulfil_cors(route: Route, reply: list[dict[str, Any]]) -> None:
    """Answer the webhook (and its CORS preflight) with a crafted reply."""
    if route.request.method == "OPTIONS":
        route.fulfill(status=204, headers={"Access-Control-Allow-Origin": "*",
                                           "Access-Control-Allow-Headers": "Content-Type",
                                           "Access-Control-Allow-Methods": "POST"})
        return
    route.fulfill(status=200, content_type="application/json", body=json.dumps(reply),
                  headers={"Access-Control-Allow-Origin": "*"})


def test_markup_in_a_message_is_shown_as_text_and_never_runs(tab: Tab):
    page = tab.page
    tab.send(XSS)
    expect(page.locator("#log .msg--user").last).to_have_text(re.compile(re.escape(XSS)))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    expect(page.locator("#log script, #log img")).to_have_count(0)
    tab.shot("08-markup-as-text")


def test_bot_markdown_is_rendered_safely(tab: Tab):
    """A crafted reply (the network answer is replaced): light markdown works, nothing else does."""
    page = tab.page
    text = ("**Bold words** and _italic words_ with snake_case_name kept.\n\n"
            "- first point\n- second point with [NHS](https://www.nhs.uk/)\n\n"
            "A [bad link](javascript:alert(1)) and <script>window.__pwned=3</script> "
            "and <img src=x onerror=window.__pwned=4> and https://example.org/a_b.")
    reply = [{"custom": {"kind": "answer", "topic": "back-pain-pregnancy", "urgency": "routine", "red_flag": None,
                         "content_version": 1,
                         "references": [{"id": "ok", "citation": "Good source", "url": "https://example.org/ok"},
                                        {"id": "bad", "citation": "Bad source", "url": "javascript:alert(2)"}]}},
             {"text": text}]

    page.route(WEBHOOK, lambda route: fulfil_cors(route, reply))
    turn = tab.send("show me some markdown")
    body = turn.locator(".msg--bot .msg-body")
    expect(body.locator("strong")).to_have_text("Bold words")
    expect(body.locator("em")).to_have_text("italic words")
    expect(body).to_contain_text("snake_case_name")
    expect(body.locator("li")).to_have_count(2)
    expect(body).to_contain_text("<script>window.__pwned=3</script>")
    expect(body).to_contain_text("<img src=x onerror=window.__pwned=4>")
    hrefs = [a.get_attribute("href") for a in turn.locator("a").all()]
    assert hrefs == ["https://www.nhs.uk/", "https://example.org/a_b", "https://example.org/ok"], hrefs
    expect(body).to_contain_text("A bad link and")
    expect(turn.locator(".sources")).to_contain_text("Bad source")
    expect(page.locator("#log script, #log img")).to_have_count(0)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    tab.shot("09-markdown")


def test_a_network_error_keeps_the_typed_text_and_offers_a_retry(tab: Tab):
    page = tab.page
    page.route(WEBHOOK, lambda route: route.abort("internetdisconnected"))
    box = page.get_by_role("textbox", name="Type your question")
    box.fill(TOPIC_QUESTION)
    box.press("Enter")
    error = page.locator("#log .error[role=alert]")
    expect(error).to_contain_text("could not be sent")
    expect(box).to_have_value(TOPIC_QUESTION)  # the patient's words are back in the box
    expect(page.locator("#log .msg--failed")).to_contain_text("Not sent")
    assert tab.turns.count() == 0
    tab.shot("10-network-error")

    page.unroute(WEBHOOK)
    error.get_by_role("button", name="Try again").click()
    turn = tab.next_turn(0)
    expect(turn).to_have_attribute("data-kind", "answer")
    expect(page.locator("#log .error")).to_have_count(0)
    expect(page.locator("#log .msg--failed")).to_have_count(0)
    expect(box).to_have_value("")
    tab.shot("11-after-retry")


def test_the_keyboard_alone_can_ask_and_use_the_buttons(tab: Tab):
    page = tab.page
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "message":
            break
    else:
        pytest.fail("Tab never reached the message box")
    page.keyboard.type(TOPIC_QUESTION)
    page.keyboard.press("Enter")
    turn = tab.next_turn(0)
    expect(turn).to_have_attribute("data-kind", "answer")
    assert page.evaluate("document.activeElement.id") == "message"  # ready for the next question

    # Buttons of the answer are in the Tab order: one step back from the box is "Not helpful".
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("""() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {text: el.textContent.trim(), visible: el.matches(':focus-visible'),
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["text"] == "Not helpful" and focused["visible"], focused
    assert focused["outline"] != "none" and focused["width"] >= 2, focused
    tab.shot("12-keyboard-focus")
    page.keyboard.press("Enter")
    thanks = tab.next_turn(1)
    expect(thanks).to_contain_text("Thank you")
    tab.shot("13-keyboard-feedback")


SENDER = "() => window.sessionStorage.getItem('plo-chat-sender')"


def test_a_reload_keeps_the_conversation_and_start_again_ends_it(tab: Tab):
    page = tab.page
    answer = tab.send(TOPIC_QUESTION)
    expect(answer).to_have_attribute("data-kind", "answer")
    sender = page.evaluate(SENDER)
    assert sender and sender.startswith("web-")

    page.reload()
    expect(tab.turns).to_have_count(1)
    expect(page.locator("#log .msg--user")).to_have_text([re.compile(re.escape(TOPIC_QUESTION))])
    expect(tab.turns.first).to_contain_text(re.compile("back pain", re.I))
    assert page.evaluate(SENDER) == sender
    tab.shot("12-after-reload")
    sources = tab.send("where did you get that information")  # the server still knows the last topic
    expect(sources).to_have_attribute("data-kind", "sources")
    expect(sources.get_by_role("link").first).to_be_visible()

    restart = page.get_by_role("button", name="Start again")
    assert restart.bounding_box()["height"] >= 44  # type: ignore[index]
    page.once("dialog", lambda dialog: dialog.accept())
    restart.click()
    expect(tab.turns).to_have_count(0)
    expect(page.locator("#log .msg--user")).to_have_count(0)
    assert page.evaluate(SENDER) is None
    page.reload()
    expect(tab.turns).to_have_count(0)
    tab.send("a first message after starting again")
    assert page.evaluate(SENDER) not in (None, sender)
    assert tab.low_contrast() == []
    assert tab.csp_violations() == []


def test_start_again_can_be_cancelled(tab: Tab):
    page = tab.page
    tab.send(TOPIC_QUESTION)
    sender = page.evaluate(SENDER)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Start again").click()
    expect(tab.turns).to_have_count(1)
    assert page.evaluate(SENDER) == sender


def test_a_message_in_another_language_is_told_first_that_only_english_is_read(tab: Tab):
    turn = tab.send("dzień dobry, mam pytanie o wózek dla dziecka")
    first = turn.locator(".msg--bot").first
    expect(first).to_contain_text("I can only read English")
    expect(first).to_contain_text("If you feel unwell now")
    expect(turn.get_by_role("button")).to_have_count(1)  # only "talk to a person": no topics guessed from it
    assert tab.low_contrast() == []
    tab.shot("13-other-language")

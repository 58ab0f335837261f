"""The editors' workspace as a web app (Sanic, already installed with Rasa; Jinja2 pages).

Every page works without JavaScript; one small script of ours (``static/check.js``) checks a draft
as the editor types, through the same checks as saving.

Every form carries a CSRF token; the session cookie is HttpOnly and SameSite=Strict; pages say
nothing to a person who is not signed in but the sign-in form. Roles are enforced in
``bot.workspace.service``, whatever the page shows.
"""

from __future__ import annotations

import difflib
import logging
import secrets
from pathlib import Path
from typing import Any, Callable

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import strict_yaml
from bot.clinic import load_clinic
from bot.content.items import ContentItem, Reference, plain_words
from bot.content.store import SERVING_WAIT_SECONDS, ContentStore, PublishedItem, PublishRefused, same_person
from bot.readability import reading_grade
from bot.render import Renderer
from bot.settings import Settings
from bot.themes import group
from bot.workspace.service import NotAllowed, Person, Workspace, WorkspaceError, definition_text
from bot.workspace.slips import SlipCheck

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "ws_session"
PRE_COOKIE = "ws_pre"  # the sign-in form's CSRF token (double submit), before there is a session
GAPS_GROUPED = 500  # the most asked unanswered questions, grouped into themes on the reports page
PREVIEWS = (("Website", "rest"), ("SMS and WhatsApp", "twilio"), ("Telegram", "telegram"), ("Messenger", "facebook"))
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
                               "connect-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def create_app(settings: Settings, secure_cookies: bool = False) -> Sanic:
    store = ContentStore.from_url(settings.database_url, SERVING_WAIT_SECONDS * 4)
    store.create_schema()
    workspace = Workspace(store)
    slip_check = SlipCheck()
    pages = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    app = Sanic("editors_workspace")
    app.config.REQUEST_MAX_SIZE = 200_000
    app.config.FALLBACK_ERROR_FORMAT = "text"
    # Sanic writes "Secure=False" for a false flag, which some browsers read as Secure: set it only when true.
    cookie_flags: dict[str, Any] = {"httponly": True, "samesite": "Strict", "path": "/"}
    if secure_cookies:
        cookie_flags["secure"] = True

    def page(name: str, status: int = 200, **context: Any) -> HTTPResponse:
        return response.html(pages.get_template(name).render(**context), status=status)

    def signed_in(request: Request) -> Person | None:
        return workspace.person(request.cookies.get(SESSION_COOKIE))

    def csrf_ok(request: Request, person: Person) -> bool:
        sent = (request.form or {}).get("csrf", "")
        return bool(sent) and secrets.compare_digest(sent, person.csrf)

    def renderer() -> Renderer:
        return Renderer(settings.templates_dir, load_clinic(settings.clinic_file))  # the clinic file as it is now

    @app.middleware("response")
    async def security_headers(_: Request, resp: HTTPResponse) -> None:
        resp.headers.update(HEADERS)

    @app.get("/style.css")
    async def style(_: Request) -> HTTPResponse:
        return await response.file(str(HERE / "static" / "style.css"), mime_type="text/css")

    @app.get("/check.js")
    async def check_script(_: Request) -> HTTPResponse:
        return await response.file(str(HERE / "static" / "check.js"), mime_type="text/javascript")

    @app.get("/signin")
    async def signin_form(_: Request) -> HTTPResponse:
        token = secrets.token_urlsafe(24)
        resp = page("signin.html", csrf=token, error=None)
        resp.cookies[PRE_COOKIE] = token
        resp.cookies[PRE_COOKIE].update(cookie_flags)
        return resp

    @app.post("/signin")
    async def signin(request: Request) -> HTTPResponse:
        form = request.form or {}
        sent, expected = form.get("csrf", ""), request.cookies.get(PRE_COOKIE, "")
        if not sent or not expected or not secrets.compare_digest(sent, expected):
            return response.text("The form expired; reload the page and sign in again.", status=403)
        token = workspace.sign_in(form.get("name", "")[:200], form.get("password", "")[:1000])
        if token is None:
            log.warning("a sign-in to the editors' workspace failed")
            return page("signin.html", status=401, csrf=expected,
                        error="That name and password do not match, or the account is locked for 15 minutes "
                              "after too many tries.")
        resp = response.redirect("/", status=303)
        resp.cookies[SESSION_COOKIE] = token
        resp.cookies[SESSION_COOKIE].update(dict(cookie_flags, **{"max-age": 8 * 3600}))
        del resp.cookies[PRE_COOKIE]
        return resp

    @app.post("/signout")
    async def signout(request: Request) -> HTTPResponse:
        person = signed_in(request)
        if person and csrf_ok(request, person):
            workspace.sign_out(request.cookies.get(SESSION_COOKIE))
        resp = response.redirect("/signin", status=303)
        del resp.cookies[SESSION_COOKIE]
        return resp

    @app.get("/")
    async def overview(request: Request) -> HTTPResponse:
        person = signed_in(request)
        if person is None:
            return response.redirect("/signin", status=303)
        query = (request.args.get("q") or "")[:100]
        return page("list.html", person=person, rows=workspace.overview(query), q=query)

    @app.get("/items/<item_id>")
    async def item_page(request: Request, item_id: str) -> HTTPResponse:
        person = signed_in(request)
        if person is None:
            return response.redirect("/signin", status=303)
        live = store.published(item_id)
        if live is None:
            return page("error.html", status=404, person=person, message="There is no item with that name.")
        drafts = [d for d in workspace.open_drafts() if d.item_id == item_id]
        return page("item.html", person=person, item=live, drafts=drafts, history=workspace.history(item_id))

    @app.post("/items/<item_id>/draft")
    async def new_draft(request: Request, item_id: str) -> HTTPResponse:
        person = signed_in(request)
        if person is None or not csrf_ok(request, person):
            return response.text("Sign in again, then try again.", status=403)
        try:
            pk = workspace.start_draft(person, item_id)
        except WorkspaceError as err:
            return page("error.html", status=400, person=person, message=str(err))
        return response.redirect(f"/drafts/{pk}", status=303)

    @app.get("/items/<item_id>/diff")
    async def compare(request: Request, item_id: str) -> HTTPResponse:
        person = signed_in(request)
        if person is None:
            return response.redirect("/signin", status=303)
        try:
            a, b = int(request.args.get("a", "0")), int(request.args.get("b", "0"))
        except ValueError:
            a = b = 0
        left, right = store.version(item_id, a), store.version(item_id, b)
        if left is None or right is None:
            return page("error.html", status=404, person=person, message="Choose two versions that exist.")
        diff = _diff(left, right, f"Version {a}", f"Version {b}")
        return page("compare.html", person=person, item_id=item_id, a=a, b=b, diff=diff,
                    versions=[v[0] for v in workspace.history(item_id)])

    @app.post("/items/<item_id>/restore/<version:int>")
    async def restore(request: Request, item_id: str, version: int) -> HTTPResponse:
        person = signed_in(request)
        if person is None or not csrf_ok(request, person):
            return response.text("Sign in again, then try again.", status=403)
        try:
            pk = workspace.restore(person, item_id, version)
        except WorkspaceError as err:
            return page("error.html", status=400, person=person, message=str(err))
        return response.redirect(f"/drafts/{pk}", status=303)

    @app.get("/reports")
    async def reports(request: Request) -> HTTPResponse:
        person = signed_in(request)
        if person is None:
            return response.redirect("/signin", status=303)
        rows, gaps = store.report(gap_limit=GAPS_GROUPED)
        themes = await request.app.loop.run_in_executor(None, lambda: group(gaps, _embedder()))
        weekly = store.weekly_shown()
        return page("reports.html", person=person, rows=rows, themes=themes[:20],
                    bars={r.item_id: _bars(weekly.get(r.item_id, [0] * 8)) for r in rows})

    @app.get("/drafts/<pk:int>")
    async def draft_page(request: Request, pk: int) -> HTTPResponse:
        person = signed_in(request)
        if person is None:
            return response.redirect("/signin", status=303)
        return show_draft(person, pk)

    def show_draft(person: Person, pk: int, error: str | None = None, status: int = 200) -> HTTPResponse:
        try:
            draft = workspace.draft(pk)
        except WorkspaceError as err:
            return page("error.html", status=404, person=person, message=str(err))
        item, problems = workspace.check(draft.kind, draft.fields)
        previews = []
        if item is not None:
            shown = PublishedItem.preview(item)
            paint = renderer()
            template = "escalation" if item.kind == "red-flag" else "answer"
            for label, channel in PREVIEWS:
                previews.append((label, paint.text(template, channel, item=shown, body=paint.body(item.body),
                                                   urgency=item.urgency.value if item.urgency else "routine")))
        live = store.published(draft.item_id)
        diff = ""
        if live is not None and item is not None:
            diff = _diff(live, item, f"Live (version {live.version})", "This draft")
        slips = []
        if item is not None and item.kind == "red-flag":
            slips = slip_check.lost([i.as_content_item() for i in store.published_items("red-flag")], item)
        may_review = (person.reviews and draft.state == "in_review"
                      and not same_person(draft.author, person.name))
        return page("draft.html", status=status, person=person, draft=draft, problems=problems, previews=previews,
                    diff=diff, error=error, may_review=may_review, definition=definition_text(draft.fields),
                    slips=slips,
                    references="\n".join(f"{r.get('id', '')} | {r.get('citation', '')} | {r.get('url', '')}"
                                         for r in draft.fields.get("references", [])))

    @app.post("/drafts/<pk:int>/check")
    async def draft_check(request: Request, pk: int) -> HTTPResponse:
        """The checks saving would run, on the form as it is now; nothing is stored (validation as you type)."""
        person = signed_in(request)
        if person is None or not csrf_ok(request, person):
            return response.json({"error": "Sign in again, then try again."}, status=403)
        try:
            draft = workspace.draft(pk)
            fields = _edited_fields(draft.kind, draft.fields, request.form or {})
        except WorkspaceError as err:
            return response.json({"problems": [{"field": "form", "message": str(err)}], "grades": {}})
        _, problems = workspace.check(draft.kind, fields)
        grades = {name: round(reading_grade(plain_words(fields.get(name) or "")), 1)
                  for name in ("body", "more") if (fields.get(name) or "").strip()}
        return response.json({"problems": [{"field": p.field, "message": p.message} for p in problems],
                              "grades": grades})

    @app.post("/drafts/<pk:int>/<action:(save|submit|approve|changes)>")
    async def draft_action(request: Request, pk: int, action: str) -> HTTPResponse:
        person = signed_in(request)
        if person is None or not csrf_ok(request, person):
            return response.text("Sign in again, then try again.", status=403)
        form = request.form or {}
        try:
            if action == "save":
                draft = workspace.draft(pk)
                workspace.save(person, pk, _edited_fields(draft.kind, draft.fields, form))
            elif action == "submit":
                workspace.submit(person, pk)
            elif action == "approve":
                workspace.approve(person, pk, form.get("comment", "").strip()[:2000])
            else:
                workspace.request_changes(person, pk, form.get("comment", "")[:2000])
        except NotAllowed as err:
            return show_draft(person, pk, str(err), 403)
        except (WorkspaceError, PublishRefused, ValueError) as err:
            return show_draft(person, pk, str(err), 400)
        return response.redirect(f"/drafts/{pk}" if action != "approve" else f"/items/{workspace.draft(pk).item_id}",
                                 status=303)

    return app


def _embedder() -> Callable[[list[str]], Any] | None:
    """The sentence encoder's encode, or None (questions are then grouped by shared words)."""
    try:
        from bot.encoder import EncoderError, shared_encoder

        return shared_encoder().encode
    except (ImportError, EncoderError) as err:
        log.warning("unanswered questions are grouped by shared words: %s", err)
        return None


def _edited_fields(kind: str, saved: dict[str, Any], form: Any) -> dict[str, Any]:
    """A draft's fields with the form's edits applied (WorkspaceError for a reference or definition it can't read)."""
    fields = dict(saved)
    fields.update(title=form.get("title", "").strip(), body=form.get("body", "").strip(),
                  more=form.get("more", "").strip(), references=_references(form.get("references", "")))
    if kind == "red-flag":
        fields["urgency"] = form.get("urgency", fields.get("urgency"))
        fields.update(_definition(form.get("definition", "")))
    return fields


def _bars(counts: list[int], width: int = 96, height: int = 24) -> list[dict[str, float]]:
    """A small bar chart (one bar a week) as rectangles for an inline SVG drawn on the server."""
    top = max(counts) or 1
    step = width / len(counts)
    return [{"x": round(i * step + 1, 1), "w": round(step - 2, 1), "h": round(max(1.0, height * n / top), 1),
             "y": round(height - max(1.0, height * n / top), 1), "n": n} for i, n in enumerate(counts)]


def _diff(left: PublishedItem | ContentItem, right: PublishedItem | ContentItem, left_label: str,
          right_label: str) -> str:
    """Two versions' title, answer and "more" text side by side, as an HTML table."""
    def lines(item: PublishedItem | ContentItem) -> list[str]:
        more = ["", "## More"] + item.more.splitlines() if item.more else []
        return [f"# {item.title}", ""] + item.body.splitlines() + more

    return difflib.HtmlDiff(wrapcolumn=50).make_table(lines(left), lines(right), left_label, right_label)


def _references(text: str) -> list[dict[str, str]]:
    refs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise WorkspaceError(f"each reference is one line: id | citation | link (not {line[:60]!r})")
        refs.append(Reference(*parts).as_dict())
    return refs


def _definition(text: str) -> dict[str, Any]:
    try:
        data = strict_yaml.load(text) or {}
    except yaml.YAMLError as err:
        raise WorkspaceError(f"the red-flag definition is not readable: {str(err).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise WorkspaceError("the red-flag definition must be lines like 'concepts:' and 'triggers:'")
    keys = ("concepts", "triggers", "exceptions", "reassurances", "ignore_context")
    return {k: data.get(k) for k in keys}

"""Accounts, sign-in sessions and the draft -> review -> publish workflow, without the web layer.

Passwords are hashed with scrypt (Python's hashlib, OpenSSL's implementation: memory-hard, no new
dependency), a random salt each. Sessions are random tokens of which only a SHA-256 is stored.
Roles are enforced here, not in the pages: editors draft and submit; reviewers also approve or
request changes; nobody approves their own draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from bot.content.items import ContentItem, Problem, _item_from, format_review, review_time
from bot.content.models import Draft, EditorAccount, EditorSession, Item, ItemVersion, utc_now
from bot.content.store import ContentStore, PublishedItem, PublishRefused, same_person

ROLES = ("editor", "reviewer")
MAX_FAILED_SIGN_INS = 5
LOCKED_FOR = dt.timedelta(minutes=15)
SESSION_FOR = dt.timedelta(hours=8)
MIN_PASSWORD = 12
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class WorkspaceError(Exception):
    """What the person asked for cannot be done; the message says why, in plain words."""


class NotAllowed(WorkspaceError):
    """The person's role does not allow this."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        again = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), dklen=32, n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(again.hex(), digest)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    csrf: str

    @property
    def reviews(self) -> bool:
        return self.role == "reviewer"


@dataclass(frozen=True)
class DraftView:
    pk: int
    item_id: str
    kind: str
    author: str
    state: str
    fields: dict[str, Any]
    based_on_version: int | None
    review_comment: str
    reviewer: str | None
    updated_at: dt.datetime


STATE_WORDS = {"draft": "draft", "in_review": "in review", "changes_requested": "changes requested",
               "approved": "approved"}


class Workspace:
    def __init__(self, store: ContentStore):
        self.store = store
        self._sessions = store._sessions  # one database, one session factory

    # ---- accounts ------------------------------------------------------------------------

    def add_account(self, name: str, role: str, password: str) -> None:
        name = " ".join(name.split())
        if not name or len(name) > 200:
            raise WorkspaceError("give the person's name (at most 200 characters)")
        if role not in ROLES:
            raise WorkspaceError(f"the role must be one of: {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise WorkspaceError(f"the password must have at least {MIN_PASSWORD} characters")
        with self.store._writing() as session:
            if session.get(EditorAccount, name) is not None:
                raise WorkspaceError(f"there is already an account called {name!r}")
            session.add(EditorAccount(name=name, role=role, password_hash=hash_password(password)))

    def sign_in(self, name: str, password: str) -> str | None:
        """A new session token, or None (wrong name or password, or locked after too many failures)."""
        name = " ".join(name.split())
        now = utc_now()
        with self.store._writing() as session:
            account = session.get(EditorAccount, name)
            if account is None:
                hash_password(password)  # the same work either way: the timing does not tell who exists
                return None
            if account.locked_until is not None and account.locked_until > now:
                return None
            if not password_matches(password, account.password_hash):
                account.failed_sign_ins += 1
                if account.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                    account.locked_until, account.failed_sign_ins = now + LOCKED_FOR, 0
                return None
            account.failed_sign_ins, account.locked_until = 0, None
            token = secrets.token_urlsafe(32)
            session.add(EditorSession(token_hash=_hash(token), name=name, csrf=secrets.token_urlsafe(32),
                                      expires_at=now + SESSION_FOR))
            return token

    def person(self, token: str | None) -> Person | None:
        if not token or len(token) > 200:
            return None
        with self._sessions() as session:
            row = session.get(EditorSession, _hash(token))
            if row is None or row.expires_at < utc_now():
                return None
            account = session.get(EditorAccount, row.name)
            return Person(account.name, account.role, row.csrf) if account else None

    def sign_out(self, token: str | None) -> None:
        if not token:
            return
        with self.store._writing() as session:
            row = session.get(EditorSession, _hash(token))
            if row is not None:
                session.delete(row)

    # ---- the list and the drafts -----------------------------------------------------------

    def overview(self, query: str = "") -> list[dict[str, Any]]:
        """Every item with its state for the list page (live / not clinically reviewed / draft ...)."""
        query = query.strip().lower()
        live = {i.id: i for i in self.store.published_items()}
        drafts: dict[str, DraftView] = {}
        for d in self.open_drafts():
            drafts.setdefault(d.item_id, d)
        rows = []
        for item_id, item in sorted(live.items()):
            if query and query not in item_id and query not in item.title.lower():
                continue
            draft = drafts.get(item_id)
            states = ["live" if item.clinically_reviewed else "not clinically reviewed"]
            if draft:
                states.append(STATE_WORDS[draft.state])
            reviewed = review_time(item.reviewed_on)
            if reviewed is not None and (dt.datetime.now() - reviewed).days > 365:
                states.append("stale")
            rows.append({"id": item_id, "title": item.title, "kind": item.kind, "version": item.version,
                         "states": states, "draft": draft})
        return rows

    def open_drafts(self) -> list[DraftView]:
        with self._sessions() as session:
            rows = session.execute(select(Draft).where(Draft.state != "approved").order_by(Draft.updated_at.desc()))
            return [_view(d) for d in rows.scalars()]

    def draft(self, pk: int) -> DraftView:
        with self._sessions() as session:
            row = session.get(Draft, pk)
            if row is None:
                raise WorkspaceError("no such draft")
            return _view(row)

    def start_draft(self, person: Person, item_id: str) -> int:
        """A draft of the live item (an open draft of it is reused: one change at a time per item)."""
        for d in self.open_drafts():
            if d.item_id == item_id:
                return d.pk
        live = self.store.published(item_id)
        if live is None:
            raise WorkspaceError(f"there is no item called {item_id!r}")
        return self._new_draft(person, live, live)

    def save(self, person: Person, pk: int, fields: dict[str, Any]) -> list[Problem]:
        """Store the edited fields; the problems are those `bot content validate` would report."""
        with self.store._writing() as session:
            row = _open_row(session, pk)
            if row.state == "in_review":
                raise WorkspaceError("this draft is waiting for review; a reviewer must request changes first")
            row.fields_json = json.dumps(fields)
            row.author, row.updated_at = person.name, utc_now()
            kind = row.kind
        return self.check(kind, fields)[1]

    def check(self, kind: str, fields: dict[str, Any], reviewer: str = "pending review") -> tuple[
            ContentItem | None, list[Problem]]:
        meta = {k: v for k, v in fields.items() if k not in ("body", "more")}
        meta.update(kind=kind, reviewed_by=reviewer, reviewed_on=format_review(dt.datetime.now().replace(
            second=0, microsecond=0) - dt.timedelta(minutes=1)))
        raw = fields.get("body", "") + (f"\n\n## More\n{fields['more']}" if fields.get("more") else "")
        item, problems = _item_from(meta, raw, Path(f"{fields.get('id', '')}.md"), kind)
        return item, problems

    def submit(self, person: Person, pk: int) -> None:
        with self.store._writing() as session:
            row = _open_row(session, pk)
            if row.state == "in_review":
                raise WorkspaceError("this draft is already waiting for review")
            _, problems = self.check(row.kind, json.loads(row.fields_json))
            if problems:
                raise WorkspaceError("fix the problems shown before submitting for review")
            row.state, row.author, row.updated_at = "in_review", person.name, utc_now()

    def request_changes(self, person: Person, pk: int, comment: str) -> None:
        self._may_review(person, pk)
        if not comment.strip():
            raise WorkspaceError("say what needs to change")
        with self.store._writing() as session:
            row = _open_row(session, pk)
            row.state, row.review_comment, row.reviewer, row.updated_at = ("changes_requested", comment.strip(),
                                                                           person.name, utc_now())

    def approve(self, person: Person, pk: int, comment: str = "") -> int:
        """Publish the draft as the live version, approved by ``person``: both or neither."""
        draft = self._may_review(person, pk)
        item, problems = self.check(draft.kind, draft.fields, reviewer=person.name)
        if item is None or problems:
            raise WorkspaceError("the draft no longer passes the checks; request changes")
        version = self.store.publish_approved(item, draft.author, person.name, comment or "approved in the workspace")
        with self.store._writing() as session:
            row = _open_row(session, pk)
            row.state, row.reviewer, row.review_comment, row.updated_at = "approved", person.name, comment, utc_now()
        return version

    def _may_review(self, person: Person, pk: int) -> DraftView:
        if not person.reviews:
            raise NotAllowed("only a clinical reviewer can approve or request changes")
        draft = self.draft(pk)
        if draft.state != "in_review":
            raise WorkspaceError("this draft is not waiting for review")
        if same_person(draft.author, person.name):
            raise NotAllowed("you wrote this draft: another reviewer must review it")
        return draft

    def restore(self, person: Person, item_id: str, version: int) -> int:
        """A rollback: an old version's text becomes a new draft, which goes through review like any other."""
        if any(d.item_id == item_id for d in self.open_drafts()):
            raise WorkspaceError("this item already has an open draft; finish or use that one first")
        old = self.store.version(item_id, version)
        live = self.store.published(item_id)
        if old is None or live is None:
            raise WorkspaceError(f"{item_id} has no version {version}")
        return self._new_draft(person, old, live)

    def _new_draft(self, person: Person, text_of: PublishedItem, live: PublishedItem) -> int:
        """A draft holding ``text_of``'s fields, made against the live version."""
        with self.store._writing() as session:
            row = Draft(item_id=live.id, kind=live.kind, based_on_version=live.version, author=person.name,
                        state="draft", fields_json=json.dumps(fields_of(text_of)), review_comment="")
            session.add(row)
            session.flush()
            return int(row.pk)

    def history(self, item_id: str) -> list[tuple[int, dt.datetime, str, str | None, bool]]:
        with self._sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                return []
            return [(v.version, v.created_at, v.created_by, v.approval.approved_by if v.approval else None,
                     v.version == item.published_version)
                    for v in session.execute(select(ItemVersion).where(ItemVersion.item_id == item_id)
                                             .order_by(ItemVersion.version.desc())).scalars()]


def fields_of(item: PublishedItem) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": item.id, "title": item.title, "body": item.body, "more": item.more,
                              "references": [r.as_dict() for r in item.references]}
    if item.urgency is not None:
        fields["urgency"] = item.urgency.value
    fields.update(item.extra)
    return fields


def definition_text(fields: dict[str, Any]) -> str:
    """A red flag's concept lists, triggers and exceptions as the YAML an editor edits."""
    keys = ("concepts", "triggers", "exceptions", "reassurances", "ignore_context")
    return yaml.safe_dump({k: fields[k] for k in keys if fields.get(k) is not None}, sort_keys=False,
                          allow_unicode=True, width=100)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _open_row(session: Any, pk: int) -> Draft:
    row = session.get(Draft, pk)
    if row is None:
        raise WorkspaceError("no such draft")
    if row.state == "approved":
        raise WorkspaceError("this draft was approved and published; start a new one")
    return row


def _view(row: Draft) -> DraftView:
    return DraftView(row.pk, row.item_id, row.kind, row.author, row.state, json.loads(row.fields_json),
                     row.based_on_version, row.review_comment, row.reviewer, row.updated_at)


__all__ = ["Workspace", "WorkspaceError", "NotAllowed", "Person", "PublishRefused", "hash_password"]

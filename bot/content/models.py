"""The content store's tables: published versions, their references, the audit trail,
patient feedback, what was shown, and the questions the bot could not answer.

Plain SQLAlchemy Core-compatible declarative models that run on SQLAlchemy 1.4 (pinned
by Rasa 3.6) and are used only through 2.0-style ``select()`` and ``Session``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base: Any = declarative_base()  # Any: SQLAlchemy 1.4's declarative base is dynamic to type checkers


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Item(Base):
    """A topic or red flag; ``published_version`` points at what patients see."""

    __tablename__ = "content_items"
    id = Column(String(80), primary_key=True)
    kind = Column(String(20), nullable=False)
    published_version = Column(Integer, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    versions = relationship("ItemVersion", back_populates="item", order_by="ItemVersion.version")


class ItemVersion(Base):
    """One stored version of an item. Versions are never changed once written."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("item_id", "version", name="uq_item_version"),)
    pk = Column(Integer, primary_key=True, autoincrement=True)
    item_id = Column(String(80), ForeignKey("content_items.id"), nullable=False, index=True)
    version = Column(Integer, nullable=False)
    title = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    more = Column(Text, nullable=False, default="")
    urgency = Column(String(20), nullable=True)
    extra_json = Column(Text, nullable=False, default="{}")
    reviewed_by = Column(String(200), nullable=False)
    reviewed_on = Column(DateTime, nullable=False)
    checksum = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    created_by = Column(String(200), nullable=False)
    reason = Column(Text, nullable=False, default="")
    item = relationship("Item", back_populates="versions")
    references = relationship(
        "VersionReference", order_by="VersionReference.position", cascade="all, delete-orphan"
    )
    approval = relationship("Approval", uselist=False, lazy="selectin")


class Approval(Base):
    """A clinical reviewer's approval of one version: until it exists, the version is not clinically reviewed.

    Kept beside the version (versions are never changed once written); the reviewer is never the
    version's author.
    """

    __tablename__ = "content_approvals"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    version_pk = Column(Integer, ForeignKey("content_versions.pk"), nullable=False, unique=True)
    approved_by = Column(String(200), nullable=False)
    approved_at = Column(DateTime, nullable=False, default=utc_now)
    comment = Column(Text, nullable=False, default="")


class VersionReference(Base):
    """A reference as it stood in one version (citations get corrected over time)."""

    __tablename__ = "content_version_references"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    version_pk = Column(Integer, ForeignKey("content_versions.pk"), nullable=False, index=True)
    position = Column(Integer, nullable=False)
    ref_id = Column(String(80), nullable=False)
    citation = Column(Text, nullable=False)
    url = Column(Text, nullable=False)


class AuditEntry(Base):
    """Who changed what, when and why."""

    __tablename__ = "content_audit"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utc_now)
    actor = Column(String(200), nullable=False)
    action = Column(String(40), nullable=False)
    item_id = Column(String(80), nullable=False, index=True)
    version = Column(Integer, nullable=True)
    reason = Column(Text, nullable=False, default="")


class Feedback(Base):
    """A patient's rating of one version of an answer. No sender id is kept."""

    __tablename__ = "content_feedback"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utc_now)
    item_id = Column(String(80), nullable=False, index=True)
    version = Column(Integer, nullable=True)
    helpful = Column(Integer, nullable=False)  # 1 helpful, 0 not helpful


class Impression(Base):
    """An answer shown to a patient (for 'times shown' in the editors' report)."""

    __tablename__ = "content_impressions"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utc_now)
    item_id = Column(String(80), nullable=False, index=True)
    version = Column(Integer, nullable=True)
    channel = Column(String(40), nullable=False, default="")


class UnansweredQuestion(Base):
    """A message that ended in a fallback or out of scope, redacted before it is stored."""

    __tablename__ = "unanswered_questions"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, default=utc_now)
    kind = Column(String(20), nullable=False)
    text = Column(Text, nullable=False)


class Handoff(Base):
    """A conversation handed to a person: the bot stays quiet for it until an operator releases it.

    The sender id is stored only as a keyed hash; the operator's system gets the id itself in
    the notification and passes it back to release.
    """

    __tablename__ = "handoffs"
    sender_hash = Column(String(64), primary_key=True)
    requested_at = Column(DateTime, nullable=False, default=utc_now)
    released_at = Column(DateTime, nullable=True)


class EditorAccount(Base):
    """A person who edits (role 'editor') or also clinically reviews (role 'reviewer') content."""

    __tablename__ = "editor_accounts"
    name = Column(String(200), primary_key=True)
    role = Column(String(20), nullable=False)
    password_hash = Column(String(300), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utc_now)
    failed_sign_ins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)


class EditorSession(Base):
    """A signed-in browser: only a hash of its cookie is kept, with its CSRF token and expiry."""

    __tablename__ = "editor_sessions"
    token_hash = Column(String(64), primary_key=True)
    name = Column(String(200), ForeignKey("editor_accounts.name"), nullable=False, index=True)
    csrf = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)


class Draft(Base):
    """An editor's proposed change to one item, on its way through review to patients.

    state: draft -> in_review -> (changes_requested -> in_review ...) -> approved (published).
    ``fields_json`` holds the item as an editor's file would (title, body, more, references ...).
    """

    __tablename__ = "content_drafts"
    pk = Column(Integer, primary_key=True, autoincrement=True)
    item_id = Column(String(80), nullable=False, index=True)
    kind = Column(String(20), nullable=False)
    based_on_version = Column(Integer, nullable=True)
    author = Column(String(200), nullable=False)
    state = Column(String(20), nullable=False, default="draft")
    fields_json = Column(Text, nullable=False)
    review_comment = Column(Text, nullable=False, default="")
    reviewer = Column(String(200), nullable=True)
    updated_at = Column(DateTime, nullable=False, default=utc_now)

"""The content store: the runtime source of truth for what patients are shown.

Actions read published versions from here on every turn, so a publish is live for
the next message without retraining or restarting anything. A publish is one
transaction: all of it lands, or none of it does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.content.items import ContentItem, Reference, format_review, review_stamp, review_time
from bot.content.models import (
    Approval,
    AuditEntry,
    Feedback,
    Handoff,
    Impression,
    Item,
    ItemVersion,
    UnansweredQuestion,
    VersionReference,
    utc_now,
)
from bot.urgency import Urgency

STALE_AFTER_DAYS = 365
_WRITE = "content_store_write"


@dataclass(frozen=True)
class PublishedItem:
    """What a patient is shown for one item, with the version it came from."""

    id: str
    kind: str
    version: int
    title: str
    body: str
    more: str
    references: tuple[Reference, ...]
    reviewed_by: str
    reviewed_on: dt.date
    urgency: Urgency | None
    extra: dict[str, Any] = field(default_factory=dict)
    approved_by: str | None = None  # the clinical reviewer who approved this version; None: not reviewed yet
    approved_at: dt.datetime | None = None

    @property
    def clinically_reviewed(self) -> bool:
        return self.approved_by is not None

    @classmethod
    def preview(cls, item: ContentItem) -> PublishedItem:
        """An item from the files as it would look once published (version 0), for checking templates."""
        return cls(item.id, item.kind, 0, item.title, item.body, item.more, item.references,
                   item.reviewed_by, item.reviewed_on, item.urgency, dict(item.extra))

    def as_content_item(self) -> ContentItem:
        """The item as an editor's file would hold it (for rollback and export)."""
        return ContentItem(
            self.id, self.kind, self.title, self.body, self.more, self.references,
            self.reviewed_by, self.reviewed_on, self.urgency, dict(self.extra),
        )


@dataclass(frozen=True)
class PlannedChange:
    """What a publish would do to one item."""

    item_id: str
    action: str  # "new", "changed" or "unchanged"
    from_version: int | None
    fields: tuple[str, ...] = ()


class PublishRefused(Exception):
    """Nothing was published; ``problems`` say why, one line each."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class VersionInfo:
    version: int
    created_at: dt.datetime
    created_by: str
    reason: str
    reviewed_by: str
    reviewed_on: dt.date
    published: bool
    approved_by: str | None = None


@dataclass(frozen=True)
class ItemReport:
    item_id: str
    kind: str
    version: int | None
    shown: int
    helpful: int
    not_helpful: int
    reviewed_on: dt.date | None
    stale: bool


#: How long an editor's publish waits for a lock held by someone else.
EDITING_WAIT_SECONDS = 30.0
#: How long a patient's turn waits for the store: a locked or unreachable store must turn into
#: the safe answer (the clinic's numbers, the escalation) within a second, never a frozen server.
SERVING_WAIT_SECONDS = 0.5


def make_engine(url: str, wait_seconds: float = EDITING_WAIT_SECONDS) -> Engine:
    """An engine for ``url`` whose statements give up after about ``wait_seconds`` of waiting for a lock
    or a connection; SQLite also gets foreign keys and WAL so readers do not wait for a publish."""
    if url.startswith("sqlite"):
        engine = create_engine(url, future=True,
                               connect_args={"timeout": wait_seconds, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun by the listener below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # Writers take the write lock up front, so two publishes serialise instead of
            # interleaving; readers take none (WAL lets them read while a publish runs).
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

        return engine
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql"):
        ms = max(1, int(wait_seconds * 1000))
        connect_args = {"connect_timeout": max(2, int(wait_seconds + 0.999)),  # libpq's minimum is 2 s
                        "options": f"-c lock_timeout={ms} -c statement_timeout={max(ms, 2000)}"}
    return create_engine(url, future=True, pool_pre_ping=True, pool_timeout=wait_seconds, connect_args=connect_args)


def checksum(item: ContentItem) -> str:
    return hashlib.sha256(json.dumps(item.canonical(), sort_keys=True, default=str).encode()).hexdigest()


class ContentStore:
    """Read and write published content, feedback and gaps."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._sessions = sessionmaker(bind=engine, future=True, expire_on_commit=False)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session for writing, committed at the end (or rolled back on error)."""
        with self._sessions.begin() as session:
            session.connection(execution_options={_WRITE: True})
            yield session

    @classmethod
    def from_url(cls, url: str, wait_seconds: float = EDITING_WAIT_SECONDS) -> ContentStore:
        """A store on ``url``; servers answering patients pass ``SERVING_WAIT_SECONDS``."""
        return cls(make_engine(url, wait_seconds))

    @property
    def engine(self) -> Engine:
        return self._engine

    def create_schema(self) -> None:
        """Bring the store to the newest schema through the migrations (keeps existing data)."""
        from bot.content.schema import upgrade

        upgrade(self._engine)

    # ---- reading -------------------------------------------------------------------------

    def published(self, item_id: str) -> PublishedItem | None:
        """The live version of ``item_id``, or None when it has none."""
        with self._sessions() as session:
            row = _live_version(session, item_id)
            return _published(row, row.item.kind) if row else None

    def published_items(self, kind: str | None = None) -> list[PublishedItem]:
        """Every live item (of one kind), ordered by id."""
        with self._sessions() as session:
            query = (
                select(ItemVersion, Item.kind)
                .join(Item, _IS_LIVE)
                .options(selectinload(ItemVersion.references))
                .order_by(Item.id)
            )
            if kind:
                query = query.where(Item.kind == kind)
            return [_published(v, k) for v, k in session.execute(query).all()]

    def revision(self) -> int:
        """A number that changes whenever anything is published (cheap to poll)."""
        with self._sessions() as session:
            return int(session.execute(select(func.count(AuditEntry.pk))).scalar_one())

    def version(self, item_id: str, version: int) -> PublishedItem | None:
        with self._sessions() as session:
            row = session.execute(
                select(ItemVersion)
                .where(ItemVersion.item_id == item_id, ItemVersion.version == version)
                .options(selectinload(ItemVersion.references))
            ).scalar_one_or_none()
            return _published(row, row.item.kind) if row else None

    def history(self, item_id: str) -> list[VersionInfo]:
        with self._sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                return []
            return [
                VersionInfo(
                    v.version, v.created_at, v.created_by, v.reason, v.reviewed_by,
                    review_stamp(v.reviewed_on) or v.reviewed_on,
                    v.version == item.published_version,
                    v.approval.approved_by if v.approval else None,
                )
                for v in item.versions
            ]

    # ---- publishing ----------------------------------------------------------------------

    def plan(self, items: Iterable[ContentItem]) -> list[PlannedChange]:
        """What publishing ``items`` would change, without changing anything."""
        with self._sessions() as session:
            return [self._plan_one(session, item) for item in items]

    def _plan_one(self, session: Session, item: ContentItem) -> PlannedChange:
        live = _live_version(session, item.id)
        if live is None:
            return PlannedChange(item.id, "new", None)
        if live.checksum == checksum(item):
            return PlannedChange(item.id, "unchanged", live.version)
        old = _fields_of(_published(live, item.kind).as_content_item())
        new = _fields_of(item)
        changed = tuple(k for k in new if new[k] != old.get(k))
        return PlannedChange(item.id, "changed", live.version, changed)

    def publish(self, items: Sequence[ContentItem], actor: str, reason: str) -> list[PlannedChange]:
        """Store a new version of every new or changed item and make it live, in one transaction.

        Refused (PublishRefused, nothing changed) when an item's text changed but its review
        did not: a changed answer needs a new ``reviewed_on`` or ``reviewed_by``.
        """
        if not actor.strip():
            raise PublishRefused(["say who is publishing (--by NAME)"])
        try:
            with self._writing() as session:
                plan = [self._plan_one(session, item) for item in items]
                problems = []
                for item, change in zip(items, plan, strict=True):
                    if change.action != "changed":
                        continue
                    live = _live_version(session, item.id)
                    assert live is not None
                    older = session.execute(
                        select(ItemVersion).where(ItemVersion.item_id == item.id,
                                                  ItemVersion.checksum == checksum(item))
                    ).scalars().first()
                    if older is not None:
                        problems.append(
                            f"{item.id}: this is the text of version {older.version}, which has since been "
                            f"replaced (live: version {live.version}); update the file (bot content export) "
                            "or use bot content rollback"
                        )
                        continue
                    # The stamp must be new: not the live version's, nor any older version's (after a
                    # rollback the live stamp is an old one, and the file may carry a later one).
                    stamps = session.execute(
                        select(ItemVersion.reviewed_by, ItemVersion.reviewed_on).where(ItemVersion.item_id == item.id)
                    ).all()
                    if any(by == item.reviewed_by and review_time(on) == review_time(item.reviewed_on)
                           for by, on in stamps):
                        problems.append(
                            f"{item.id}: the text changed but the review did not; "
                            "a reviewer must check it and update reviewed_by / reviewed_on"
                        )
                if problems:
                    raise PublishRefused(problems)
                for item, change in zip(items, plan, strict=True):
                    if change.action != "unchanged":
                        _store_version(session, item, actor, reason, "publish")
            return plan
        except IntegrityError:
            raise PublishRefused(["another publish changed the same items at the same time; run it again"]) from None
        except OperationalError as err:
            raise PublishRefused([f"the content store could not be written ({err.orig})"]) from None

    def rollback(self, item_id: str, version: int, actor: str, reason: str) -> int:
        """Publish a new version whose content is that of ``version``; returns the new version number."""
        with self._writing() as session:
            old = session.execute(
                select(ItemVersion)
                .where(ItemVersion.item_id == item_id, ItemVersion.version == version)
                .options(selectinload(ItemVersion.references))
            ).scalar_one_or_none()
            if old is None:
                raise PublishRefused([f"{item_id} has no version {version}"])
            restored = _published(old, old.item.kind).as_content_item()
            why = reason or f"rollback to version {version}"
            return _store_version(session, restored, actor, why, f"rollback:{version}")

    def approve(self, item_id: str, version: int, reviewer: str, comment: str = "") -> None:
        """Record a clinical reviewer's approval of one version (live at once if it is the live version).

        Refused, changing nothing, when the version does not exist, is already approved, or the
        reviewer is its author: nobody approves their own change.
        """
        with self._writing() as session:
            row = _version_row(session, item_id, version)
            if row is None:
                raise PublishRefused([f"{item_id} has no version {version}"])
            if row.approval is not None:
                raise PublishRefused([f"{item_id} v{version} was already approved by {row.approval.approved_by}"])
            _record_approval(session, row, reviewer, comment)

    def publish_approved(self, item: ContentItem, author: str, reviewer: str, comment: str) -> int:
        """A reviewed draft becomes the live version, approved by ``reviewer``, in one transaction."""
        with self._writing() as session:
            number = _store_version(session, item, author, comment, "publish")
            row = _version_row(session, item.id, number)
            assert row is not None
            _record_approval(session, row, reviewer, comment)
            return number

    def weekly_shown(self, weeks: int = 8, today: dt.date | None = None) -> dict[str, list[int]]:
        """Per item, how often it was shown in each of the last ``weeks`` weeks (oldest first)."""
        today = today or dt.date.today()
        start = dt.datetime.combine(today - dt.timedelta(days=7 * weeks - 1), dt.time())
        out: dict[str, list[int]] = {}
        with self._sessions() as session:
            for item_id, at in session.execute(
                select(Impression.item_id, Impression.at).where(Impression.at >= start)
            ).all():
                week = min(weeks - 1, max(0, (at - start).days // 7))
                out.setdefault(item_id, [0] * weeks)[week] += 1
        return out

    # ---- patients' side ------------------------------------------------------------------

    def record_impression(self, item_id: str, version: int | None, channel: str) -> None:
        with self._writing() as session:
            session.add(Impression(item_id=item_id, version=version, channel=channel[:40]))

    def record_feedback(self, item_id: str, version: int | None, helpful: bool) -> None:
        with self._writing() as session:
            session.add(Feedback(item_id=item_id, version=version, helpful=1 if helpful else 0))

    def record_unanswered(self, redacted_text: str, kind: str) -> None:
        """Store a question the bot could not answer; the caller redacts it first."""
        with self._writing() as session:
            session.add(UnansweredQuestion(kind=kind, text=redacted_text[:1000]))

    def request_handoff(self, sender_hash: str) -> None:
        """Mark a conversation as handed to a person (again, if it was released before)."""
        with self._writing() as session:
            row = session.get(Handoff, sender_hash)
            if row is None:
                session.add(Handoff(sender_hash=sender_hash))
            else:
                row.requested_at, row.released_at = utc_now(), None

    def handoff_active(self, sender_hash: str) -> bool:
        with self._sessions() as session:
            row = session.get(Handoff, sender_hash)
            return row is not None and row.released_at is None

    def forget_handoff(self, sender_hash: str) -> bool:
        """Delete the handoff record of a conversation (erasure on request); False when there was none."""
        with self._writing() as session:
            row = session.get(Handoff, sender_hash)
            if row is None:
                return False
            session.delete(row)
            return True

    def release_handoff(self, sender_hash: str) -> bool:
        """Give the conversation back to the bot; False when it was not handed off."""
        with self._writing() as session:
            row = session.get(Handoff, sender_hash)
            if row is None or row.released_at is not None:
                return False
            row.released_at = utc_now()
            return True

    def report(self, today: dt.date | None = None,
               gap_limit: int = 20) -> tuple[list[ItemReport], list[tuple[str, int]]]:
        """Per item: times shown, ratings, last review, staleness; and the most frequent unanswered questions."""
        today = today or dt.date.today()
        with self._sessions() as session:
            shown = dict(
                session.execute(select(Impression.item_id, func.count()).group_by(Impression.item_id)).all()
            )
            ratings: Counter[tuple[str, int]] = Counter()
            for item_id, helpful, n in session.execute(
                select(Feedback.item_id, Feedback.helpful, func.count()).group_by(Feedback.item_id, Feedback.helpful)
            ).all():
                ratings[(item_id, helpful)] = n
            rows = []
            for item in session.execute(select(Item).order_by(Item.kind, Item.id)).scalars():
                live = _live_version(session, item.id)
                reviewed = review_time(live.reviewed_on).date() if live else None  # type: ignore[union-attr]
                rows.append(
                    ItemReport(
                        item.id, item.kind, item.published_version, shown.get(item.id, 0),
                        ratings[(item.id, 1)], ratings[(item.id, 0)], reviewed,
                        bool(reviewed and (today - reviewed).days > STALE_AFTER_DAYS),
                    )
                )
            gaps = session.execute(
                select(UnansweredQuestion.text, func.count().label("n"))
                .group_by(UnansweredQuestion.text)
                .order_by(func.count().desc(), UnansweredQuestion.text)
                .limit(gap_limit)
            ).all()
            return rows, [(t, int(n)) for t, n in gaps]


class LiveContent:
    """What patients are shown, read once per store revision instead of once per message.

    Every look-up still asks the store for its revision (one small query), so a publish, a
    rollback or an approval made anywhere, by any server, is seen by the very next message, as
    without the cache; only when the revision has changed are the live items read again. On a
    SQLite store a look-up measured about 1.3 ms against 6 ms for reading the item itself.
    """

    def __init__(self, store: ContentStore):
        self._store = store
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._items: dict[str, PublishedItem] = {}

    def published(self, item_id: str) -> PublishedItem | None:
        """The live version of ``item_id`` as of now (errors from the store are raised, as the store's are)."""
        revision = self._store.revision()
        with self._lock:  # one reader refreshes; the others wait for it rather than read the items too
            if revision != self._revision:
                # Read after the revision: a publish in between only makes the items newer than it, and
                # the next look-up, seeing a new revision, reads them again.
                self._items = {item.id: item for item in self._store.published_items()}
                self._revision = revision
            return self._items.get(item_id)


# A version joined to its item only where it is the one patients see.
_IS_LIVE = (Item.id == ItemVersion.item_id) & (Item.published_version == ItemVersion.version)


def _live_version(session: Session, item_id: str) -> ItemVersion | None:
    return session.execute(
        select(ItemVersion).join(Item, _IS_LIVE).where(Item.id == item_id)
        .options(selectinload(ItemVersion.references))
    ).scalar_one_or_none()


def _store_version(session: Session, item: ContentItem, actor: str, reason: str, action: str) -> int:
    row = session.get(Item, item.id)
    if row is None:
        row = Item(id=item.id, kind=item.kind)
        session.add(row)
        session.flush()
    latest = session.execute(
        select(func.max(ItemVersion.version)).where(ItemVersion.item_id == item.id)
    ).scalar_one()
    number = (latest or 0) + 1
    version = ItemVersion(
        item_id=item.id, version=number, title=item.title, body=item.body, more=item.more,
        urgency=item.urgency.value if item.urgency else None, extra_json=json.dumps(dict(item.extra), sort_keys=True),
        reviewed_by=item.reviewed_by, reviewed_on=review_time(item.reviewed_on), checksum=checksum(item),
        created_by=actor, reason=reason,
    )
    version.references = [
        VersionReference(position=i, ref_id=r.id, citation=r.citation, url=r.url) for i, r in enumerate(item.references)
    ]
    session.add(version)
    row.published_version = number
    session.add(AuditEntry(actor=actor, action=action, item_id=item.id, version=number, reason=reason))
    session.flush()
    return number


def same_person(a: str, b: str) -> bool:
    """Whether two names are one person's, however spaced or capitalised ("Dr  rhee" is "Dr Rhee")."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _version_row(session: Session, item_id: str, version: int) -> ItemVersion | None:
    return session.execute(
        select(ItemVersion).where(ItemVersion.item_id == item_id, ItemVersion.version == version)
    ).scalar_one_or_none()


def _record_approval(session: Session, row: ItemVersion, reviewer: str, comment: str) -> None:
    """The approval of one version and its audit entry; refused for a nameless reviewer or the author."""
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise PublishRefused(["a reviewer's name is needed"])
    if same_person(reviewer, row.created_by):
        raise PublishRefused([f"{reviewer} wrote {row.item_id} v{row.version}: a different reviewer must approve it"])
    session.add(Approval(version_pk=row.pk, approved_by=reviewer, comment=comment))
    session.add(AuditEntry(actor=reviewer, action="approve", item_id=row.item_id, version=row.version, reason=comment))


def _fields_of(item: ContentItem) -> dict[str, Any]:
    data = item.canonical()
    data["reviewed_by"] = item.reviewed_by
    data["reviewed_on"] = format_review(item.reviewed_on)
    return data


def _published(row: ItemVersion, kind: str) -> PublishedItem:
    return PublishedItem(
        id=row.item_id,
        kind=kind,
        version=row.version,
        title=row.title,
        body=row.body,
        more=row.more or "",
        references=tuple(Reference(r.ref_id, r.citation, r.url) for r in row.references),
        reviewed_by=row.reviewed_by,
        reviewed_on=review_stamp(row.reviewed_on) or row.reviewed_on,
        urgency=Urgency.parse(row.urgency) if row.urgency else None,
        extra=json.loads(row.extra_json or "{}"),
        approved_by=row.approval.approved_by if row.approval else None,
        approved_at=row.approval.approved_at if row.approval else None,
    )

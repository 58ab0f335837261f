"""The content store: versioned, reviewed, all-or-nothing publishing, and what editors learn from patients."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.content.items import ContentItem, Reference
from bot.content.models import Item, ItemVersion
from bot.content.store import ContentStore, PlannedChange, PublishRefused

REVIEWED = dt.date(2026, 1, 15)
REFERENCES = (
    Reference("kovacs-2015", "Kovacs CS, Ralston SH (2015) Presentation and management of PLO", "https://doi.org/10.1007/s00198-015-3093-8"),
    Reference("nhs-back-pain", "NHS. Back pain in pregnancy", "https://www.nhs.uk/pregnancy/back-pain/"),
    Reference("acog-2018", "ACOG (2018) Physical activity in pregnancy", "PMID:12345678"),
)


def topic(item_id: str = "back-pain", body: str = "Back pain is common.", **changes: object) -> ContentItem:
    item = ContentItem(
        id=item_id, kind="topic", title="Back pain", body=body, more="More detail.", references=REFERENCES,
        reviewed_by="A. Midwife RM", reviewed_on=REVIEWED,
    )
    return dataclasses.replace(item, **changes)  # type: ignore[arg-type]


def reviewed_again(item: ContentItem, body: str, days: int = 30) -> ContentItem:
    return dataclasses.replace(item, body=body, reviewed_on=item.reviewed_on + dt.timedelta(days=days))


def versions(store: ContentStore, item_id: str) -> list[int]:
    return [v.version for v in store.history(item_id)]


# ---- publishing ----------------------------------------------------------------------------


def test_first_publish_stores_version_one(store: ContentStore) -> None:
    plan = store.publish([topic()], "alice", "first import")

    assert plan == [PlannedChange("back-pain", "new", None)]
    live = store.published("back-pain")
    assert live is not None
    assert (live.version, live.kind, live.title, live.body, live.more) == (
        1, "topic", "Back pain", "Back pain is common.", "More detail.",
    )
    assert (live.reviewed_by, live.reviewed_on) == ("A. Midwife RM", REVIEWED)


def test_published_item_keeps_its_references_in_order(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")

    live = store.published("back-pain")

    assert live is not None
    assert live.references == REFERENCES


def test_an_unknown_item_has_nothing_published(store: ContentStore) -> None:
    assert store.published("no-such-item") is None
    assert store.history("no-such-item") == []


def test_publishing_unchanged_items_changes_nothing(store: ContentStore) -> None:
    store.publish([topic("a"), topic("b")], "alice", "first import")
    revision = store.revision()

    plan = store.publish([topic("a"), topic("b")], "bob", "again")

    assert [c.action for c in plan] == ["unchanged", "unchanged"]
    assert versions(store, "a") == [1]
    assert versions(store, "b") == [1]
    assert store.revision() == revision


def test_a_changed_and_reviewed_item_becomes_version_two(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")

    store.publish([reviewed_again(topic(), "Back pain is very common.")], "bob", "clearer wording")

    live = store.published("back-pain")
    assert live is not None
    assert (live.version, live.body) == (2, "Back pain is very common.")


def test_history_lists_every_version_with_who_and_why(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")
    store.publish([reviewed_again(topic(), "Back pain is very common.")], "bob", "clearer wording")

    history = store.history("back-pain")

    assert [(v.version, v.created_by, v.reason, v.published) for v in history] == [
        (1, "alice", "first import", False),
        (2, "bob", "clearer wording", True),
    ]
    assert [v.reviewed_on for v in history] == [REVIEWED, REVIEWED + dt.timedelta(days=30)]


def test_a_new_reviewer_alone_counts_as_a_new_review(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")

    store.publish([topic(body="Back pain is very common.", reviewed_by="B. Physio")], "bob", "reviewed by physio")

    assert versions(store, "back-pain") == [1, 2]


def test_an_older_version_stays_readable(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")
    store.publish([reviewed_again(topic(), "Back pain is very common.")], "bob", "clearer wording")

    old = store.version("back-pain", 1)

    assert old is not None
    assert (old.version, old.body, old.references) == (1, "Back pain is common.", REFERENCES)


def test_a_changed_text_without_a_new_review_is_refused_naming_the_item(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")

    with pytest.raises(PublishRefused) as refused:
        store.publish([topic(body="Back pain is rare.")], "bob", "sneaky edit")

    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith("back-pain: ")
    assert "review" in refused.value.problems[0]


def test_a_refused_publish_stores_nothing_at_all(store: ContentStore) -> None:
    store.publish([topic("a"), topic("b")], "alice", "first import")
    revision = store.revision()

    with pytest.raises(PublishRefused):
        store.publish(
            [
                reviewed_again(topic("a"), "A properly reviewed change."),  # would be fine alone
                topic("b", body="An unreviewed change."),  # refused
                topic("c"),  # new, would be fine alone
            ],
            "bob",
            "mixed publish",
        )

    assert versions(store, "a") == [1]
    assert versions(store, "b") == [1]
    assert store.published("a").body == "Back pain is common."  # type: ignore[union-attr]
    assert store.published("b").body == "Back pain is common."  # type: ignore[union-attr]
    assert store.published("c") is None
    assert store.revision() == revision


def test_a_publish_without_an_actor_is_refused(store: ContentStore) -> None:
    with pytest.raises(PublishRefused):
        store.publish([topic()], "  ", "no name")

    assert store.published("back-pain") is None


# ---- rollback ------------------------------------------------------------------------------


def test_rollback_publishes_a_new_version_with_the_old_text(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")
    store.publish([reviewed_again(topic(), "Back pain is very common.")], "bob", "clearer wording")

    number = store.rollback("back-pain", 1, "carol", "the new wording confused patients")

    live = store.published("back-pain")
    assert number == 3
    assert live is not None
    assert (live.version, live.body, live.reviewed_on, live.references) == (3, "Back pain is common.", REVIEWED,
                                                                             REFERENCES)
    assert [(v.version, v.created_by, v.reason) for v in store.history("back-pain")][-1] == (
        3, "carol", "the new wording confused patients",
    )


def test_rollback_without_a_reason_says_which_version_it_restored(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")
    store.publish([reviewed_again(topic(), "Back pain is very common.")], "bob", "clearer wording")

    store.rollback("back-pain", 1, "carol", "")

    assert store.history("back-pain")[-1].reason == "rollback to version 1"


def test_rollback_to_a_missing_version_is_refused_and_changes_nothing(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")
    revision = store.revision()

    with pytest.raises(PublishRefused) as refused:
        store.rollback("back-pain", 7, "carol", "oops")

    assert "back-pain has no version 7" in str(refused.value)
    assert versions(store, "back-pain") == [1]
    assert store.revision() == revision


# ---- plan ----------------------------------------------------------------------------------


def test_plan_reports_new_changed_and_unchanged_items_with_the_changed_fields(store: ContentStore) -> None:
    store.publish([topic("a"), topic("b")], "alice", "first import")

    plan = store.plan([reviewed_again(topic("a"), "New text."), topic("b"), topic("c")])

    assert plan == [
        PlannedChange("a", "changed", 1, ("body", "reviewed_on")),
        PlannedChange("b", "unchanged", 1),
        PlannedChange("c", "new", None),
    ]


def test_plan_names_a_changed_reference(store: ContentStore) -> None:
    store.publish([topic()], "alice", "first import")

    plan = store.plan([topic(references=REFERENCES[:2])])

    assert plan == [PlannedChange("back-pain", "changed", 1, ("references",))]


def test_plan_changes_nothing(store: ContentStore) -> None:
    store.plan([topic()])

    assert store.published("back-pain") is None
    assert store.revision() == 0


# ---- concurrency ---------------------------------------------------------------------------


def test_two_simultaneous_publishes_end_with_consecutive_versions_and_nothing_half_done(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    ContentStore.from_url(url).create_schema()
    ids = [f"topic-{n}" for n in range(8)]
    rounds = 4
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def editor(name: str, offset: int) -> None:
        own = ContentStore.from_url(url)
        try:
            barrier.wait()
            for r in range(rounds):
                day = REVIEWED + dt.timedelta(days=2 * r + offset)  # every round is a newly reviewed text
                own.publish([topic(i, body=f"Text by {name}, round {r}.", reviewed_on=day) for i in ids], name, f"r{r}")
        except Exception as err:  # reported to the main thread below
            errors.append(err)
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=editor, args=(name, n)) for n, name in enumerate(("alice", "bob"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    check = ContentStore.from_url(url)
    for item_id in ids:
        assert versions(check, item_id) == list(range(1, 2 * rounds + 1)), item_id
        live = check.published(item_id)
        assert live is not None and live.version == 2 * rounds
    with check.engine.connect() as conn:
        dangling = conn.execute(
            select(Item.id).outerjoin(
                ItemVersion, (ItemVersion.item_id == Item.id) & (ItemVersion.version == Item.published_version)
            ).where(ItemVersion.pk.is_(None))
        ).all()
    assert dangling == []
    # every publish landed whole: all items carry the same author and round in each version
    for number in range(1, 2 * rounds + 1):
        bodies = {check.version(i, number).body for i in ids}  # type: ignore[union-attr]
        assert len(bodies) == 1, (number, bodies)
    check.engine.dispose()


# ---- patients' side and the report ---------------------------------------------------------


def test_report_counts_times_shown_and_ratings_per_item(store: ContentStore) -> None:
    store.publish([topic("a"), topic("b")], "alice", "first import")
    for _ in range(3):
        store.record_impression("a", 1, "rest")
    store.record_impression("b", 1, "twilio")
    store.record_feedback("a", 1, helpful=True)
    store.record_feedback("a", 1, helpful=True)
    store.record_feedback("a", 1, helpful=False)

    rows, _ = store.report(today=REVIEWED)

    by_id = {r.item_id: r for r in rows}
    assert (by_id["a"].version, by_id["a"].shown, by_id["a"].helpful, by_id["a"].not_helpful) == (1, 3, 2, 1)
    assert (by_id["b"].version, by_id["b"].shown, by_id["b"].helpful, by_id["b"].not_helpful) == (1, 1, 0, 0)


def test_report_marks_items_reviewed_more_than_365_days_ago_as_stale(store: ContentStore) -> None:
    today = dt.date(2026, 6, 1)
    store.publish(
        [
            topic("old", reviewed_on=today - dt.timedelta(days=366)),
            topic("edge", reviewed_on=today - dt.timedelta(days=365)),
            topic("fresh", reviewed_on=today - dt.timedelta(days=10)),
        ],
        "alice",
        "import",
    )

    rows, _ = store.report(today=today)

    assert {r.item_id: r.stale for r in rows} == {"old": True, "edge": False, "fresh": False}
    assert {r.item_id: r.reviewed_on for r in rows}["old"] == dt.date(2025, 5, 31)


def test_report_lists_the_most_frequent_unanswered_questions_first(store: ContentStore) -> None:
    for text, times in (("can i dye my hair", 1), ("is coffee ok", 3), ("what about twins", 2)):
        for _ in range(times):
            store.record_unanswered(text, "out_of_scope")

    _, gaps = store.report(today=REVIEWED)

    assert gaps == [("is coffee ok", 3), ("what about twins", 2), ("can i dye my hair", 1)]


def test_report_on_an_empty_store_is_empty(store: ContentStore) -> None:
    assert store.report(today=REVIEWED) == ([], [])


def test_revision_changes_after_a_publish(store: ContentStore) -> None:
    before = store.revision()

    store.publish([topic()], "alice", "first import")

    assert store.revision() != before


def test_a_second_review_on_the_same_day_with_a_time_can_be_published(store: ContentStore) -> None:
    first = topic("calcium-needs", "First text.", reviewed_on=dt.date(2026, 3, 1))
    store.publish([first], "editor", "first")
    second = dataclasses.replace(first, body="Second text.", reviewed_on=dt.datetime(2026, 3, 1, 15, 30))
    store.publish([second], "editor", "fix the same day")
    live = store.published("calcium-needs")
    assert live is not None and (live.version, live.body) == (2, "Second text.")
    assert live.reviewed_on == dt.datetime(2026, 3, 1, 15, 30)


def test_a_reader_does_not_block_a_publish(tmp_path: Path) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = ContentStore.from_url(url)
    store.create_schema()
    item = topic("vitamin-d", "One.")
    store.publish([item], "editor", "first")
    reader = ContentStore.from_url(url)
    with reader._sessions() as session:  # a read transaction held open, as a busy server would
        session.execute(text("select count(*) from content_items")).scalar_one()
        store.publish([reviewed_again(item, "Two.")], "editor", "second")
    assert store.published("vitamin-d").body == "Two."  # type: ignore[union-attr]


def test_an_old_text_is_not_published_again_over_a_rollback(store: ContentStore) -> None:
    first = topic("vitamin-d", "First.")
    second = reviewed_again(first, "Second.")
    store.publish([first], "editor", "v1")
    store.publish([second], "editor", "v2")
    store.rollback("vitamin-d", 1, "editor", "v2 was wrong")
    with pytest.raises(PublishRefused, match="version 2"):
        store.publish([second], "editor", "a stale checkout")
    assert store.published("vitamin-d").body == "First."  # type: ignore[union-attr]


def test_after_a_rollback_a_changed_text_still_needs_a_new_review(store: ContentStore) -> None:
    a = topic("vitamin-d", "Text A.")
    b = reviewed_again(a, "Text B.")
    store.publish([a], "editor", "v1")
    store.publish([b], "editor", "v2")
    store.rollback("vitamin-d", 1, "editor", "back to A")
    never_reviewed = dataclasses.replace(b, body="Text C.")  # carries B's stamp
    with pytest.raises(PublishRefused, match="review"):
        store.publish([never_reviewed], "editor", "sneaky")
    assert store.published("vitamin-d").body == "Text A."  # type: ignore[union-attr]


def test_live_content_sees_another_servers_publish_on_the_next_look_up(store: ContentStore, tmp_path: Path) -> None:
    from bot.content.store import LiveContent

    store.publish([topic(body="Version one.")], "alice", "first")
    live = LiveContent(store)
    assert live.published("back-pain").body == "Version one."
    assert live.published("no-such-item") is None
    other_server = ContentStore.from_url(f"sqlite:///{tmp_path / 'store.db'}")  # same database, another process
    other_server.publish([reviewed_again(topic(), "Version two.")], "bob", "second")
    assert live.published("back-pain").body == "Version two."
    other_server.rollback("back-pain", 1, "bob", "back to the first")
    assert live.published("back-pain").body == "Version one."
    other_server.engine.dispose()


def test_live_content_reads_the_items_again_only_when_the_revision_changes(store: ContentStore,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.content.store import LiveContent

    store.publish([topic()], "alice", "first")
    live = LiveContent(store)
    reads = []
    original = store.published_items
    monkeypatch.setattr(store, "published_items", lambda kind=None: reads.append(kind) or original(kind))
    for _ in range(5):
        assert live.published("back-pain") is not None
    assert len(reads) == 1
    store.publish([reviewed_again(topic(), "Changed.")], "alice", "second")
    assert live.published("back-pain").body == "Changed."
    assert len(reads) == 2

"""Fixtures shared by the unit tests: where the repository is, content files written on the fly, a fresh store."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from bot.content.store import ContentStore

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def triage():
    """The red-flag rules as written in content/ (read once for every rule test)."""
    from bot.live_triage import rules_in_folder

    return rules_in_folder(REPO_ROOT / "content")

VALID_BODY = (
    "Back pain is common when you are pregnant. It often gets better after the birth.\n"
    "\n"
    "- Keep moving as much as you can.\n"
    "- Rest on your side when you are tired.\n"
    "\n"
    "Who to ask: your midwife or GP."
)
VALID_MORE = "A warm bath can help. So can a gentle walk. Ask your midwife about a physio."


def default_meta(item_id: str, folder: str) -> dict[str, Any]:
    """The front matter of a valid topic (or red-flag) file called ``item_id``."""
    meta: dict[str, Any] = {
        "id": item_id,
        "kind": "red-flag" if folder == "red-flags" else "topic",
        "title": "A test answer",
        "reviewed_by": "A. Midwife RM",
        "reviewed_on": dt.date(2026, 1, 15),
        "references": [
            {
                "id": "liddle-2015",
                "citation": "Liddle SD, Pennick V (2015) Interventions for preventing and treating back pain",
                "url": "https://doi.org/10.1002/14651858.CD001139.pub4",
            },
            {
                "id": "nhs-back-pain",
                "citation": "NHS. Back pain in pregnancy",
                "url": "https://www.nhs.uk/pregnancy/related-conditions/common-symptoms/back-pain/",
            },
        ],
    }
    if folder == "red-flags":
        meta["urgency"] = "emergency"
        meta["concepts"] = {"numb": ["numb*", "can't feel"], "saddle": ["between my legs", "bottom"]}
        meta["triggers"] = [["numb", "saddle"]]
    return meta


WriteItem = Callable[..., Path]


def _write_item(
    root: Path,
    item_id: str = "test-topic",
    *,
    folder: str = "topics",
    file_name: str | None = None,
    body: str = VALID_BODY,
    more: str = "",
    drop: tuple[str, ...] = (),
    raw: str | None = None,
    **fields: Any,
) -> Path:
    """Write one content file under ``root/content/<folder>/`` and return its path.

    ``fields`` override front-matter fields, ``drop`` removes them, ``raw`` replaces the whole file.
    Both ``topics/`` and ``red-flags/`` exist afterwards, so ``root/content`` loads as a content folder.
    """
    content = root / "content"
    for sub in ("topics", "red-flags"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    path = content / folder / f"{file_name or item_id}.md"
    if raw is None:
        meta = default_meta(item_id, folder)
        meta.update(fields)
        for name in drop:
            meta.pop(name, None)
        raw = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"
        if more:
            raw += "\n## More\n" + more + "\n"
    path.write_text(raw, encoding="utf-8")
    return path


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def content_dir(repo_root: Path) -> Path:
    return repo_root / "content"


@pytest.fixture
def write_item() -> WriteItem:
    """``write_item(tmp_path, "my-topic", title=..., body=...)`` writes a valid file with the given changes."""
    return _write_item


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ContentStore]:
    """A content store on a fresh SQLite file, with its tables created."""
    content_store = ContentStore.from_url(f"sqlite:///{tmp_path / 'store.db'}")
    content_store.create_schema()
    yield content_store
    content_store.engine.dispose()


@contextlib.contextmanager
def sqlite_locked(database_url: str) -> Iterator[None]:
    """Another process's exclusive lock on a SQLite store: readers and writers are refused until it ends."""
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE lock_probe (x)")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()

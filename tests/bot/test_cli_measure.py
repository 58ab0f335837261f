"""A measurement started with --start is of the content files as they are, never of an older published store."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.cli import _store_of_these_files
from bot.content.store import ContentStore
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_measurement_store_holds_the_red_flag_files_as_they_are_now(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    clinics_store = Settings(f"sqlite:///{tmp_path / 'clinic.db'}", content, content / "clinic.yml")
    rule = content / "red-flags" / "rf-dvt.md"
    rule.write_text(rule.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1), encoding="utf-8")

    measured = _store_of_these_files(clinics_store, tmp_path / "run")

    assert measured is not None and measured.database_url != clinics_store.database_url
    assert measured.conversations_url.startswith(f"sqlite:///{tmp_path / 'run'}")
    item = ContentStore.from_url(measured.database_url).published("rf-dvt")
    assert item is not None and item.title.startswith("Revised ")
    assert not (tmp_path / "clinic.db").exists()


def test_content_that_does_not_validate_is_not_measured(tmp_path: Path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "red-flags" / "rf-dvt.md").write_text("---\nid: rf-dvt\n---\n", encoding="utf-8")

    assert _store_of_these_files(Settings("sqlite:///unused.db", content, content / "clinic.yml"), tmp_path) is None
    assert "cannot be measured" in capsys.readouterr().err

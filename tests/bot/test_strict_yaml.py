"""A key written twice in a hand-edited content file is refused, never silently half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_a_red_flag_file_with_a_concept_written_twice_is_refused(tmp_path: Path):
    from bot.content.items import parse_file

    text = (ROOT / "content" / "red-flags" / "rf-wound.md").read_text(encoding="utf-8")
    assert parse_file(ROOT / "content" / "red-flags" / "rf-wound.md", "red-flag")[0] is not None
    doubled = text.replace("\nconcepts:\n", "\nconcepts:\n  wound: [a second list]\n", 1)
    assert doubled != text
    path = tmp_path / "rf-wound.md"
    path.write_text(doubled, encoding="utf-8")
    item, problems = parse_file(path, "red-flag")
    assert item is None
    assert any("'wound' is written twice" in p.message for p in problems)


def test_context_rules_with_a_section_written_twice_are_refused(tmp_path: Path):
    from bot.context import ContextError, ContextRules

    text = (ROOT / "content" / "red-flags" / "context.yml").read_text(encoding="utf-8")
    path = tmp_path / "context.yml"
    path.write_text(text + "\npseudo:\n  - not at all sure\n", encoding="utf-8")
    with pytest.raises(ContextError, match="'pseudo' is written twice"):
        ContextRules.from_file(path)


def test_the_workspace_refuses_a_definition_with_a_key_written_twice():
    from bot.workspace.app import WorkspaceError, _definition

    assert _definition("concepts:\n  cut: [cut]\ntriggers:\n  - [cut]\n")["concepts"] == {"cut": ["cut"]}
    with pytest.raises(WorkspaceError, match="written twice"):
        _definition("concepts:\n  cut: [cut]\n  cut: [scar]\ntriggers:\n  - [cut]\n")


def test_a_clinic_file_with_a_field_written_twice_is_refused(tmp_path: Path):
    from bot.clinic import ClinicConfigError, load_clinic

    text = (ROOT / "content" / "clinic.yml").read_text(encoding="utf-8")
    path = tmp_path / "clinic.yml"
    path.write_text(text + "\nclinic_name: Another Clinic\n", encoding="utf-8")
    with pytest.raises(ClinicConfigError, match="'clinic_name' is written twice"):
        load_clinic(path)


def test_the_fast_parser_reads_the_same_values_and_still_refuses_a_key_written_twice():
    import yaml

    from bot import strict_yaml

    text = "a: [1, 'two', {b: 3.5}]\nc: |\n  line one\n  line two\nd: null\n"
    assert strict_yaml.load(text) == yaml.safe_load(text)
    with pytest.raises(strict_yaml.DuplicateKeyError):
        strict_yaml.load("a: 1\nb: {c: 1, c: 2}\n")
    with pytest.raises(yaml.YAMLError):
        strict_yaml.load("a: [1, 2\nb: 3")

"""Content files: reading ``content/`` into items, and checking them before anything is published.

Every check returns problems as values (file, field, message an editor understands);
nothing here raises on bad content, so one run reports every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from bot import strict_yaml
from bot.readability import reading_grade
from bot.triage import RuleError, build_rule
from bot.urgency import Urgency

KINDS = {"topics": "topic", "red-flags": "red-flag"}
MAX_GRADE = 8.0
MAX_MAIN_WORDS = 180
MAX_MORE_WORDS = 320
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOI_URL = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^PMID:\s*\d{1,9}$")
_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#]\S*)?$")
_DOSE = re.compile(
    r"\d[\d,.]*\s*(?:mg|mcg|µg|ug|micrograms?|milligrams?|iu|units?|ml|g)\b|"
    r"\b(?:\d+|one|two|three|four|five|six|eight)\s+(?:tablets?|capsules?|pills?|caplets?|drops?|sachets?|"
    r"puffs?|injections?|doses?|spoonfuls?)\b|\bevery\s+\d+\s*(?:hours?|hrs?|h)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w.])\+?\d[\d ()-]{5,}\d(?![\w.])|"  # a long number
    r"\b(?:call|ring|dial|phone|text|contact)\b[^.\n]{0,25}?(?<![\w.])\d{3,}(?![\w.])",  # "call 999", "ring 111"
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}|\{%.*?%\}", re.DOTALL)
_ALLOWED_PLACEHOLDER = re.compile(r"^\s*clinic(?:\.\w+)+\s*(?:\|\s*\w+\s*)*$")
# Only these topics are about daily intake (calcium, vitamin D), where amounts are the answer.
INTAKE_TOPICS = frozenset({"calcium-needs", "vitamin-d"})
_MORE = re.compile(r"^##\s*more\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Reference:
    """A source an answer rests on."""

    id: str
    citation: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "citation": self.citation, "url": self.url}


@dataclass(frozen=True)
class ContentItem:
    """One topic answer or red-flag escalation, as an editor wrote it."""

    id: str
    kind: str
    title: str
    body: str
    more: str
    references: tuple[Reference, ...]
    reviewed_by: str
    reviewed_on: dt.date  # a date, or a date and time when it was reviewed twice in one day
    urgency: Urgency | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # terms, triggers, intake_figures

    def canonical(self) -> dict[str, Any]:
        """Everything that makes a version different from another, as plain data."""
        return {
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "more": self.more,
            "references": [r.as_dict() for r in self.references],
            "urgency": self.urgency.value if self.urgency else None,
            "extra": dict(self.extra),
        }


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be published: where, which field, and what to do."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


@dataclass
class LoadResult:
    items: list[ContentItem]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_content(content_dir: Path) -> LoadResult:
    """Read every topic and red-flag file; collect every problem rather than stopping at the first."""
    items: list[ContentItem] = []
    problems: list[Problem] = []
    for folder, kind in KINDS.items():
        directory = content_dir / folder
        if not directory.is_dir():
            problems.append(Problem(str(directory), "-", "folder is missing"))
            continue
        for path in sorted(directory.glob("*.md")):
            item, found = parse_file(path, kind)
            problems.extend(found)
            if item is not None:
                items.append(item)
    seen: dict[str, str] = {}
    unique = []
    for item in items:
        where = str(content_dir / _folder_of(item.kind) / f"{item.id}.md")
        if item.id in seen:
            problems.append(Problem(where, "id", f"'{item.id}' is used twice (also in {seen[item.id]})"))
            continue
        seen[item.id] = where
        unique.append(item)
    return LoadResult(unique, problems)


def _folder_of(kind: str) -> str:
    return next(folder for folder, k in KINDS.items() if k == kind)


def parse_file(path: Path, kind: str) -> tuple[ContentItem | None, list[Problem]]:
    """One file as an item, or the problems that stop it being one."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(where, "-", f"cannot be read ({err})")]
    parts = re.split(r"^---\s*$", text, maxsplit=2, flags=re.MULTILINE)
    if len(parts) != 3 or parts[0].strip():
        return None, [Problem(where, "front matter", "the file must start with a '---' block and close it with '---'")]
    try:
        meta = strict_yaml.load(parts[1]) or {}
    except yaml.YAMLError as err:
        return None, [Problem(where, "front matter", f"is not valid YAML ({err})".replace("\n", " "))]
    if not isinstance(meta, dict):
        return None, [Problem(where, "front matter", "must be a set of 'field: value' lines")]
    return _item_from(meta, parts[2], path, kind)


def _item_from(meta: dict[str, Any], raw_body: str, path: Path, kind: str) -> tuple[ContentItem | None, list[Problem]]:
    where = str(path)
    problems: list[Problem] = []

    def need_text(name: str) -> str:
        value = meta.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(where, name, "is required (a line of text)"))
            return ""
        return value.strip()

    item_id = need_text("id")
    if item_id and item_id != path.stem:
        problems.append(Problem(where, "id", f"'{item_id}' must match the file name '{path.stem}'"))
    if item_id and not _ID.match(item_id):
        problems.append(Problem(where, "id", "use lower-case letters, digits and dashes"))
    if meta.get("kind") != kind:
        problems.append(Problem(where, "kind", f"must be '{kind}' for files in this folder"))
    title = need_text("title")
    reviewed_by = need_text("reviewed_by")
    reviewed_on = review_stamp(meta.get("reviewed_on"))
    if reviewed_on is None:
        problems.append(Problem(where, "reviewed_on", "is required, as a date like 2026-11-21 "
                                                      "(or 2026-11-21 14:30 for a second review that day)"))
    elif review_time(reviewed_on) > dt.datetime.now():  # type: ignore[operator]
        problems.append(Problem(where, "reviewed_on", "is in the future"))
    references = _references(meta.get("references"), where, problems)

    urgency: Urgency | None = None
    extra: dict[str, Any] = {}
    if kind == "red-flag":
        try:
            urgency = Urgency.parse(meta.get("urgency", ""))
            build_rule(item_id, urgency.value, meta.get("concepts"), meta.get("triggers"), meta.get("reassurances"),
                       meta.get("ignore_context"), meta.get("exceptions"))
        except RuleError as err:
            problems.append(Problem(where, str(err).split(":")[0], str(err).split(":", 1)[-1].strip()))
        except ValueError as err:
            problems.append(Problem(where, "urgency", str(err)))
        extra = {"concepts": meta.get("concepts"), "triggers": meta.get("triggers")}
        for optional in ("reassurances", "ignore_context", "exceptions", "examples"):
            if meta.get(optional) is not None:
                extra[optional] = meta.get(optional)
    elif meta.get("intake_figures"):
        extra = {"intake_figures": True}
        if item_id not in INTAKE_TOPICS:
            problems.append(Problem(where, "intake_figures", f"only {', '.join(sorted(INTAKE_TOPICS))} may give "
                                                             "intake amounts; no other answer gives amounts"))

    body, more = split_more(raw_body)
    if not body:
        problems.append(Problem(where, "body", "the answer text is empty"))
    problems.extend(_check_text(where, body, more, extra.get("intake_figures", False)))
    if problems:
        return None, problems
    assert reviewed_on is not None
    return (
        ContentItem(item_id, kind, title, body, more, references, reviewed_by, reviewed_on, urgency, extra),
        [],
    )


def split_more(raw_body: str) -> tuple[str, str]:
    """The main answer and the optional '## More' section."""
    found = _MORE.search(raw_body)
    if not found:
        return raw_body.strip(), ""
    return raw_body[: found.start()].strip(), raw_body[found.end():].strip()


def review_time(value: object) -> dt.datetime | None:
    """A review stamp as a datetime: a date means midnight; None when it is neither."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        try:
            return review_time(dt.datetime.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None


def review_stamp(value: object) -> dt.date | None:
    """A review stamp as editors mean it: a date, or a datetime when a time was given."""
    stamp = review_time(value)
    if stamp is None:
        return None
    return stamp.date() if stamp.time() == dt.time() else stamp


def format_review(value: dt.date) -> str:
    """'2026-11-21', or '2026-11-21 14:30' for a review stamped with a time."""
    stamp = review_time(value)
    assert stamp is not None
    return stamp.strftime("%Y-%m-%d" if stamp.time() == dt.time() else "%Y-%m-%d %H:%M")


def _references(value: object, where: str, problems: list[Problem]) -> tuple[Reference, ...]:
    if not isinstance(value, list) or not value:
        problems.append(Problem(where, "references", "at least one reference is required"))
        return ()
    refs = []
    for i, ref in enumerate(value):
        name = f"references[{i}]"
        if not isinstance(ref, dict):
            problems.append(Problem(where, name, "give id, citation and url"))
            continue
        ref_id, citation, url = (str(ref.get(k) or "").strip() for k in ("id", "citation", "url"))
        if not _ID.match(ref_id):
            problems.append(Problem(where, f"{name}.id", "is required: lower-case letters, digits and dashes"))
        if len(citation) < 10:
            problems.append(Problem(where, f"{name}.citation", "is required: authors or organisation, year, title"))
        if not valid_link(url):
            problems.append(
                Problem(where, f"{name}.url", f"'{url}' is not a https URL, https://doi.org/10.… DOI or PMID:12345")
            )
        refs.append(Reference(ref_id, citation, url))
    return tuple(refs)


def valid_link(url: str) -> bool:
    """A DOI URL, a PMID, or another https URL."""
    if url.startswith("https://doi.org/"):
        return bool(_DOI_URL.match(url))
    return bool(_PMID.match(url) or _URL.match(url))


def _check_text(where: str, body: str, more: str, intake_figures: bool) -> list[Problem]:
    problems = []
    for name, text, limit in (("body", body, MAX_MAIN_WORDS), ("more", more, MAX_MORE_WORDS)):
        if not text:
            continue
        words = len(plain_words(text).split())
        if words > limit:
            problems.append(Problem(where, name, f"{words} words; keep it to {limit} or fewer"))
        grade = reading_grade(plain_words(text))
        if grade > MAX_GRADE:
            problems.append(
                Problem(where, name, f"reading grade {grade:.1f}; aim for {MAX_GRADE:.0f} or below "
                        "(shorter sentences, simpler words)")
            )
        for placeholder in _PLACEHOLDER.finditer(text):
            if placeholder.group(1) is None or not _ALLOWED_PLACEHOLDER.match(placeholder.group(1)):
                problems.append(Problem(where, name, f"{placeholder.group(0)[:40]!r}: only clinic placeholders "
                                                     "like {{ clinic.emergency_number }} are allowed"))
        if _PHONE.search(_without_placeholders(text)):
            problems.append(Problem(where, name, "contains a phone number; use a {{ clinic.… }} placeholder"))
        if not intake_figures and _DOSE.search(text):
            problems.append(Problem(where, name, "contains a dose or amount; the bot never gives doses"))
    return problems


def has_phone_number(text: str) -> bool:
    """Whether text outside the {{ clinic.… }} placeholders contains something like a phone number."""
    return bool(_PHONE.search(_without_placeholders(text)))


def _without_placeholders(text: str) -> str:
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.DOTALL)


def plain_words(markdown: str) -> str:
    """Markdown and template placeholders stripped, for counting and grading."""
    text = _without_placeholders(markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`#>]", " ", text)
    text = re.sub(r"^\s*[-+]\s+", "", text, flags=re.MULTILINE)
    return text


def triage_definitions(items: list[ContentItem]) -> list[tuple[str, str, object, object, object, object, object]]:
    """(id, urgency, concepts, triggers, reassurances, ignore_context, exceptions) of every red flag."""
    return [
        (i.id, i.urgency.value, i.extra.get("concepts"), i.extra.get("triggers"), i.extra.get("reassurances"),
         i.extra.get("ignore_context"), i.extra.get("exceptions"))
        for i in items
        if i.kind == "red-flag" and i.urgency is not None
    ]

"""The editors' commands behind ``bot content ...``: plain words in, plain words out, exit codes for scripts.

Each returns 0 on success and 1 when it refused or found problems; nothing is changed
when it refuses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

import yaml

from bot.clinic import ClinicConfigError, load_clinic
from bot.content.items import (
    KINDS,
    ContentItem,
    LoadResult,
    Problem,
    format_review,
    has_phone_number,
    load_content,
    plain_words,
    review_time,
)
from bot.content.store import STALE_AFTER_DAYS, ContentStore, PublishedItem, PublishRefused
from bot.context import CONTEXT_FILE, ContextError, ContextRules
from bot.language import LANGUAGES_FILE, LanguageListError, OtherLanguages
from bot.live_triage import rules_from_items, speller_of
from bot.readability import reading_grade
from bot.render import FAMILIES, Renderer, RenderError
from bot.settings import Settings
from bot.spelling import Speller, lost_by_word, reading_changes
from bot.triage import TriageResult


def check(settings: Settings) -> LoadResult:
    """Load and validate the files, including rendering every item for every channel."""
    result = load_content(settings.content_dir)
    try:
        ContextRules.from_content(settings.content_dir)
    except ContextError as err:  # the rules keep the last good version; the editor must hear of it here
        result.problems.append(Problem(str(settings.content_dir / CONTEXT_FILE), "-", str(err)))
    try:
        OtherLanguages.from_content(settings.content_dir)
    except LanguageListError as err:
        result.problems.append(Problem(str(settings.content_dir / LANGUAGES_FILE), "-", str(err)))
    try:
        renderer = Renderer(settings.templates_dir, load_clinic(settings.clinic_file))
    except ClinicConfigError as err:
        result.problems.append(Problem(str(settings.clinic_file), "-", str(err)))
        return result
    for item in result.items:
        result.problems.extend(render_problems(renderer, item))
    for template in sorted(settings.templates_dir.rglob("*")):
        if template.suffix in (".j2", ".yml") and has_phone_number(template.read_text(encoding="utf-8")):
            result.problems.append(Problem(str(template), "-", "contains a phone number; use a "
                                                               "{{ clinic.… }} placeholder"))
    return result


def render_problems(renderer: Renderer, item: ContentItem) -> list[Problem]:
    """Every channel's template must render this item (placeholders exist, templates parse)."""
    live = PublishedItem.preview(item)
    template = "escalation" if item.kind == "red-flag" else "answer"
    channel_of = {"default": "rest", "sms": "twilio", "telegram": "telegram", "plain": "facebook"}
    problems = []
    for family in FAMILIES:
        try:
            body = renderer.body(item.body)
            urgency = item.urgency.value if item.urgency else "routine"
            renderer.text(template, channel_of[family], item=live, body=body, urgency=urgency)
            if item.more:
                renderer.text("more", channel_of[family], item=live, more=renderer.body(item.more))
        except RenderError as err:
            problems.append(Problem(item.id, f"template ({family})", str(err)))
    return problems


def _store(settings: Settings) -> ContentStore:
    store = ContentStore.from_url(settings.database_url)
    store.create_schema()
    return store


def validate(settings: Settings, out: TextIO) -> int:
    result = check(settings)
    for item in result.items:
        grade = reading_grade(plain_words(item.body))
        more = f", more {reading_grade(plain_words(item.more)):.1f}" if item.more else ""
        stale = (dt.datetime.now() - review_time(item.reviewed_on)).days > STALE_AFTER_DAYS  # type: ignore[operator]
        out.write(f"ok    {item.id:32} grade {grade:4.1f}{more}  reviewed {format_review(item.reviewed_on)}"
                  f"{'  STALE: review due' if stale else ''}\n")
    for problem in result.problems:
        out.write(f"ERROR {problem}\n")
    out.write(f"{len(result.items)} items valid, {len(result.problems)} problems\n")
    return 0 if result.ok else 1


def diff(settings: Settings, out: TextIO) -> int:
    result = check(settings)
    if not result.ok:
        return validate(settings, out)
    store = _store(settings)
    published = [i.as_content_item() for i in store.published_items("red-flag")]
    red_flag_ids = {i.id for i in result.items if i.kind == "red-flag"} | {i.id for i in published}
    red_flags_change = False
    for change in store.plan(result.items):
        if change.action == "unchanged":
            continue
        fields = f" ({', '.join(change.fields)})" if change.fields else ""
        was = f" from version {change.from_version}" if change.from_version else ""
        out.write(f"{change.action:9} {change.item_id}{was}{fields}\n")
        red_flags_change |= change.item_id in red_flag_ids
    if red_flags_change and published:
        write_spelling_changes(speller_of(published), speller_of(result.items), out)
    return 0


def try_messages(settings: Settings, messages: Path, against: Path | None, out: TextIO) -> int:
    """The red-flag verdicts the files in content/ would change, on messages an editor writes (one per line).

    Before: the red flags published in the store (with the same context.yml), or a whole other content
    folder with ``against`` (a copy kept before editing: then context.yml changes show too). Only the
    messages whose verdict differs are printed; the messages are the editor's own test sentences.
    """
    result = check(settings)
    if not result.ok:
        return validate(settings, out)
    try:
        lines = [line.strip() for line in messages.read_text(encoding="utf-8").splitlines() if line.strip()]
        context = ContextRules.from_content(settings.content_dir)
        after = rules_from_items(result.items, context)
        if against is not None:
            other = load_content(against)
            if not other.ok:
                out.write(f"{against} has problems of its own; check it with a copy of the project\n")
                return 1
            before = rules_from_items(other.items, ContextRules.from_content(against))
        else:
            published = [i.as_content_item() for i in _store(settings).published_items("red-flag")]
            if not published:
                out.write("Nothing is published yet: publish once, or compare with --against FOLDER\n")
                return 1
            before = rules_from_items(published, context)
    except (OSError, UnicodeDecodeError, ContextError) as err:
        out.write(f"Cannot compare: {err}\n")
        return 1

    def verdict(r: TriageResult) -> str:
        return f"{r.urgency.value} {' '.join(r.red_flags)}".strip()

    changed = 0
    for line in lines:
        was, now = verdict(before.assess(line)), verdict(after.assess(line))
        if was != now:
            changed += 1
            out.write(f"{was} -> {now} | {line}\n")
    out.write(f"{changed} of {len(lines)} messages change\n")
    write_spelling_changes(before.speller, after.speller, out)
    return 0


def write_spelling_changes(before: Speller, after: Speller, out: TextIO) -> None:
    """Misspellings of red-flag words that the edit makes the rules stop reading as those words.

    A new word in a phrase can take a misspelling away from an old one (with "place" added, a one-letter slip of
    "black" is as close to both and left as typed), so a red flag written with that typo would no longer be found.
    Listed by the word they are no longer read as, so the editor can choose other words, or add the lost
    misspelling to the phrase that needs it.
    """
    changes = reading_changes(before, after)
    lines = lost_by_word(changes, after)
    if not lines:
        out.write(f"Spelling: no misspelling of a red-flag word is lost ({len(changes)} read differently)\n")
        return
    lost = sum(c.lost(after) for c in changes)
    out.write(f"Spelling: {lost} misspellings of red-flag words are no longer read as those words; "
              "messages typed with them would not be found by that phrase:\n")
    for line in lines:
        out.write(f"  {line}\n")


def publish(settings: Settings, actor: str, reason: str, out: TextIO) -> int:
    result = check(settings)
    if not result.ok:
        out.write("Nothing was published. Fix these first:\n")
        for problem in result.problems:
            out.write(f"  {problem}\n")
        return 1
    try:
        plan = _store(settings).publish(result.items, actor, reason)
    except PublishRefused as err:
        out.write("Nothing was published:\n")
        for reason in err.problems:
            out.write(f"  {reason}\n")
        return 1
    changed = [c for c in plan if c.action != "unchanged"]
    for change in changed:
        out.write(f"published {change.item_id} ({change.action})\n")
    out.write(f"{len(changed)} published, {len(plan) - len(changed)} unchanged\n")
    return 0


def history(settings: Settings, item_id: str, out: TextIO) -> int:
    versions = _store(settings).history(item_id)
    if not versions:
        out.write(f"No item called {item_id!r} in the store.\n")
        return 1
    for v in versions:
        live = "  <- live" if v.published else ""
        approved = f"approved by {v.approved_by}" if v.approved_by else "NOT clinically approved"
        out.write(f"v{v.version:<3} {v.created_at:%Y-%m-%d %H:%M} by {v.created_by}; reviewed by {v.reviewed_by} "
                  f"on {format_review(v.reviewed_on)}; {approved}; {v.reason or '-'}{live}\n")
    return 0


def approve(settings: Settings, item_id: str, version: int | None, reviewer: str, comment: str, out: TextIO) -> int:
    """A clinical reviewer approves a version (the live one by default); refused for its own author."""
    store = _store(settings)
    if version is None:
        live = store.published(item_id)
        if live is None:
            out.write(f"Nothing was changed: no live item called {item_id!r}\n")
            return 1
        version = live.version
    try:
        store.approve(item_id, version, reviewer, comment)
    except PublishRefused as err:
        out.write(f"Nothing was changed: {err}\n")
        return 1
    out.write(f"{item_id} v{version}: approved by {' '.join(reviewer.split())}\n")
    return 0


def rollback(settings: Settings, item_id: str, version: int, actor: str, reason: str, out: TextIO) -> int:
    try:
        number = _store(settings).rollback(item_id, version, actor, reason)
    except PublishRefused as err:
        out.write(f"Nothing was changed: {err}\n")
        return 1
    out.write(f"{item_id}: version {version} is live again, as version {number}\n")
    return 0


def export(settings: Settings, folder: Path, out: TextIO) -> int:
    store = _store(settings)
    count = approved = 0
    for sub_name in KINDS:
        (folder / sub_name).mkdir(parents=True, exist_ok=True)
    for item in store.published_items():
        sub = folder / ("topics" if item.kind == "topic" else "red-flags")
        meta: dict = {"id": item.id, "kind": item.kind, "title": item.title}
        if item.urgency:
            meta["urgency"] = item.urgency.value
        meta.update({"reviewed_by": item.reviewed_by, "reviewed_on": format_review(item.reviewed_on),
                     "references": [r.as_dict() for r in item.references]})
        meta.update({k: v for k, v in item.extra.items() if v is not None})
        if item.approved_by and item.approved_at:
            # A record of the store's approval for whoever reads the file; reading the file back never approves.
            meta.update({"approved_by": item.approved_by, "approved_at": item.approved_at.strftime("%Y-%m-%d %H:%M")})
            approved += 1
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + item.body + "\n"
        if item.more:
            text += "\n## More\n" + item.more + "\n"
        (sub / f"{item.id}.md").write_text(text, encoding="utf-8")
        count += 1
    # The context rules (denials, past events, other people) live in a file, not in the store: they go along, so
    # that a folder restored from an export reads messages the same way.
    rules = settings.content_dir / CONTEXT_FILE
    if rules.is_file():
        (folder / CONTEXT_FILE).write_bytes(rules.read_bytes())
    out.write(f"{count} items written to {folder} ({approved} clinically approved, "
              f"{count - approved} not yet){', with ' + str(CONTEXT_FILE) if rules.is_file() else ''}\n")
    return 0


def report(settings: Settings, out: TextIO) -> int:
    rows, gaps = _store(settings).report()
    out.write(f"{'item':32} {'ver':>3} {'shown':>6} {'helpful':>8} {'not':>5}  reviewed\n")
    for r in rows:
        rated = r.helpful + r.not_helpful
        share = f"{100 * r.helpful / rated:.0f}%" if rated else "-"
        out.write(f"{r.item_id:32} {r.version or '-':>3} {r.shown:>6} {share:>8} {r.not_helpful:>5}  "
                  f"{r.reviewed_on or '-'}{'  STALE' if r.stale else ''}\n")
    out.write("\nMost frequent unanswered questions (redacted):\n")
    for text, n in gaps:
        out.write(f"{n:>4}  {text}\n")
    if not gaps:
        out.write("   none yet\n")
    return 0

"""The triage rules as currently published, reloaded when editors publish.

Both the NLU component (Rasa server) and the actions (action server) read red flags
through this, so a published change to a trigger is live without a restart. If the
store cannot be read, the rules come from the content files instead: triage must
never be switched off by a database problem. Nor held up by one: the store is checked by a
worker thread, and a message waits for that check at most ``REFRESH_WAIT_SECONDS`` before it
is assessed with the rules already loaded.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitedTooLong
from pathlib import Path

from bot.content.items import KINDS, ContentItem, load_content, triage_definitions
from bot.content.store import ContentStore
from bot.context import CONTEXT_FILE, ContextError, ContextRules
from bot.spelling import Speller
from bot.triage import Triage, build_rule, speller_for

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 0.5
REFRESH_WAIT_SECONDS = 0.25


def rules_from_items(items: list[ContentItem], context: ContextRules) -> Triage:
    """The red-flag rules of these content items (the red flags among them), read with ``context``."""
    return Triage.from_definitions(triage_definitions(items), context)


def speller_of(items: list[ContentItem]) -> Speller:
    """How the red flags among these items read misspelt words (without building their whole rules)."""
    return speller_for(build_rule(*d) for d in triage_definitions(items))


def rules_in_folder(content_dir: Path, context: ContextRules | None = None) -> Triage:
    """The red-flag rules as written in a content folder, not as published in the store.

    ``context`` defaults to the folder's own context.yml. Used where the files are the truth: the
    fallback below, ``bot bench``, ``bot eval-rules`` and the rule tests.
    """
    loaded = load_content(content_dir)
    for problem in loaded.problems:
        if KINDS.get(Path(problem.path).parent.name) == "red-flag":
            # A red-flag file that does not load is a red flag nobody checks: never silent.
            log.critical("red-flag file unusable, its red flag is NOT checked until it is mended: %s", problem)
    return rules_from_items(loaded.items,
                            context if context is not None else ContextRules.from_content(content_dir))


class LiveTriage:
    def __init__(self, store: ContentStore | None, content_dir: Path):
        self._store = store
        self._content_dir = content_dir
        self._lock = threading.Lock()
        self._triage: Triage | None = None
        self._revision: int | None = None
        self._signature: tuple[tuple[str, int], ...] = ()  # the published red flags' (id, version)s in force
        self._checked = 0.0
        self._context_rules: ContextRules | None = None
        self._context_stamp: float | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="red-flag-rules")
        self._refresh: Future[Triage] | None = None

    def _context_file_stamp(self) -> float | None:
        """context.yml's modification time (None when it cannot be read): an edit is live without a restart."""
        try:
            return (self._content_dir / CONTEXT_FILE).stat().st_mtime
        except OSError:
            return None

    def _context(self) -> ContextRules:
        """The ConText trigger lists from the content files, read again when the file changes."""
        stamp = self._context_file_stamp()
        if self._context_rules is None or stamp != self._context_stamp:
            self._context_stamp = stamp
            try:
                self._context_rules = ContextRules.from_content(self._content_dir)
            except ContextError as err:
                if self._context_rules is None:
                    # Without context rules nothing is read as denied: every red-flag word escalates (safe side).
                    log.critical("red-flag context rules unusable (%s): denials and past events are not recognised",
                                 err)
                    self._context_rules = ContextRules.from_data({"triggers": {}})
                else:
                    log.error("red-flag context rules unusable (%s); keeping the rules already loaded", err)
        return self._context_rules

    def current(self) -> Triage:
        """The rules in force now (checked against the store at most every half second).

        A message never waits more than ``REFRESH_WAIT_SECONDS`` for a slow or locked store once
        rules are loaded; the first load waits for the store's own time-out, then uses the files.
        """
        with self._lock:
            loaded = self._triage
            if loaded is not None and time.monotonic() - self._checked < CHECK_EVERY_SECONDS:
                return loaded
            self._checked = time.monotonic()
            if self._refresh is None or self._refresh.done():
                self._refresh = self._worker.submit(self._refreshed)
            refresh = self._refresh
        if loaded is None:
            return refresh.result()
        try:
            return refresh.result(timeout=REFRESH_WAIT_SECONDS)
        except WaitedTooLong:
            log.warning("content store slow to answer; assessing with the red-flag rules already loaded")
            return loaded
        except Exception as err:  # noqa: BLE001 - a failed reload must not take the loaded rules away
            log.error("red-flag rules could not be reloaded (%s); keeping the rules already loaded",
                      type(err).__name__)
            return loaded

    def _refreshed(self) -> Triage:
        """Runs on the worker thread: the rules as published now (or the last good ones)."""
        context_changed = self._triage is not None and self._context_file_stamp() != self._context_stamp
        if context_changed:
            self._revision = None  # rebuild with the new context rules
        triage = self._reload_if_changed(None if context_changed else self._triage)
        with self._lock:
            self._triage = triage
        return triage

    def _reload_if_changed(self, previous: Triage | None) -> Triage:
        if self._store is not None:
            try:
                revision = self._store.revision()
                if previous is not None and revision == self._revision:
                    return previous
                items = self._store.published_items("red-flag")
                signature = tuple(sorted((i.id, i.version) for i in items))
                if items and previous is not None and signature == self._signature:
                    self._revision = revision  # a topic was published: the red flags are the same, no rebuild
                    return previous
                if items:
                    self._revision, self._signature = revision, signature
                    return rules_from_items([i.as_content_item() for i in items], self._context())
                log.error("content store has no published red flags; using the rules in %s", self._content_dir)
            except Exception as err:  # noqa: BLE001 - any store failure must fall back, and is logged
                if previous is not None:
                    log.error("content store unreadable (%s); keeping the red-flag rules already loaded",
                              type(err).__name__)
                    return previous
                log.error("content store unreadable (%s); using the red-flag rules in %s", type(err).__name__,
                          self._content_dir)
        if previous is not None and self._revision is None:
            return previous  # already read from the files
        self._revision, self._signature = None, ()
        triage = rules_in_folder(self._content_dir, self._context())
        if not triage.red_flags:
            log.critical("NO red-flag rules could be loaded (store or %s): triage relies on the classifier alone",
                         self._content_dir)
        return triage

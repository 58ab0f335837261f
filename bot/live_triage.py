"""The triage rules as currently published, reloaded when editors publish.

Both the NLU component (Rasa server) and the actions (action server) read red flags
through this, so a published change to a trigger is live without a restart. If the
store cannot be read, the rules come from the content files instead: triage must
never be switched off by a database problem.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from bot.content.items import load_content, triage_definitions
from bot.content.store import ContentStore
from bot.context import CONTEXT_FILE, ContextError, ContextRules
from bot.triage import Triage

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 0.5


class LiveTriage:
    def __init__(self, store: ContentStore | None, content_dir: Path):
        self._store = store
        self._content_dir = content_dir
        self._lock = threading.Lock()
        self._triage: Triage | None = None
        self._revision: int | None = None
        self._checked = 0.0
        self._context_rules: ContextRules | None = None
        self._context_stamp: float | None = None

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
        """The rules in force now (checked against the store at most every half second)."""
        now = time.monotonic()
        with self._lock:
            if self._triage is not None and now - self._checked < CHECK_EVERY_SECONDS:
                return self._triage
            self._checked = now
            if self._triage is not None and self._context_file_stamp() != self._context_stamp:
                self._revision = None  # rebuild with the new context rules
                self._triage = None
            self._triage = self._reload_if_changed()
            return self._triage

    def _reload_if_changed(self) -> Triage:
        if self._store is not None:
            try:
                revision = self._store.revision()
                if self._triage is not None and revision == self._revision:
                    return self._triage
                items = self._store.published_items("red-flag")
                if items:
                    self._revision = revision
                    return Triage.from_definitions(triage_definitions([i.as_content_item() for i in items]),
                                                   self._context())
                log.error("content store has no published red flags; using the rules in %s", self._content_dir)
            except Exception as err:  # noqa: BLE001 - any store failure must fall back, and is logged
                if self._triage is not None:
                    log.error("content store unreadable (%s); keeping the red-flag rules already loaded",
                              type(err).__name__)
                    return self._triage
                log.error("content store unreadable (%s); using the red-flag rules in %s", type(err).__name__,
                          self._content_dir)
        if self._triage is not None and self._revision is None:
            return self._triage  # already read from the files
        self._revision = None
        triage = Triage.from_definitions(triage_definitions(load_content(self._content_dir).items), self._context())
        if not triage.red_flags:
            log.critical("NO red-flag rules could be loaded (store or %s): triage relies on the classifier alone",
                         self._content_dir)
        return triage

"""The typing slips a red-flag draft would take from the live red flags' words, shown on its page.

A new word in a phrase can leave a misspelling of an older red-flag word as close to both, so the speller
no longer reads it ("place" added next to "black" leaves "plack" as typed): a patient who types it is then
not recognised by that phrase. ``bot content try`` and ``diff`` say so on the command line; this says it to
the editor and the clinical reviewer in the browser.
"""

from __future__ import annotations

import threading

from bot.content.items import ContentItem
from bot.live_triage import speller_of
from bot.spelling import Speller, lost_by_word, reading_changes
from bot.triage import known_words


class SlipCheck:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._words: dict[tuple[str, str], frozenset[str]] = {}  # (id, the item's rules) -> its speller words

    def _words_of(self, item: ContentItem) -> frozenset[str]:
        key = (item.id, repr(item.extra))
        with self._lock:
            if key not in self._words:
                if len(self._words) > 256:
                    self._words.clear()
                self._words[key] = speller_of([item]).targets
            return self._words[key]

    def lost(self, live: list[ContentItem], draft: ContentItem) -> list[str]:
        """Per red-flag word, its misspellings that the draft would stop the speller reading as it."""
        if draft.kind != "red-flag" or not live:
            return []
        others = frozenset().union(*(self._words_of(i) for i in live if i.id != draft.id))
        mine = [self._words_of(i) for i in live if i.id == draft.id]
        before = Speller(others.union(*mine), known_words())
        after = Speller(others | self._words_of(draft), known_words())
        return lost_by_word(reading_changes(before, after), after)

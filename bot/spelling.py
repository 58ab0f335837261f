"""Misspelt red-flag words read as the words they were meant to be ("siezure", "midle", "sudenly").

Patients type fast, phonetically and in a second language; a red flag must not be missed
because a word in it is misspelt. A word the bot does not know (not in its training data,
its content or its red-flag phrases) is replaced by the one red-flag phrase word it is
closest to, when that word is close enough: one letter wrong for words of 5 letters or more,
two for words of 8 or more that keep their first letter (a swap of two letters counts as
one). Shorter words are left alone: too many real words are one letter from each other.
Known words are never changed, so "sleeping" never becomes "bleeding"; but a red-flag "-ing" word with its g dropped
("shakin", "givin", "answerin") is always read as that word, known or not, before any near word ("shaken" ties it).

Candidates are found with a symmetric-deletion index (SymSpell's idea): a word and its
misspelling within two edits share a form with at most two letters deleted. Each unknown
word costs a few dozen dictionary look-ups, whatever the message holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Sequence

MIN_LENGTH = 5  # shorter words are not corrected
TWO_EDITS_FROM = 8  # words this long may be two edits away


def _deletions(word: str, most: int) -> set[str]:
    out = {word}
    for k in range(1, most + 1):
        if len(word) - k < 3:
            break
        out.update("".join(word[i] for i in range(len(word)) if i not in gone)
                   for gone in combinations(range(len(word)), k))
    return out


def distance(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring letters counts as one edit (optimal string alignment)."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


class Speller:
    """Corrects unknown words towards ``targets`` (the red-flag phrases' words)."""

    def __init__(self, targets: Iterable[str], known: Iterable[str]):
        self._targets = frozenset(t for t in targets if t.isalpha() and len(t) >= MIN_LENGTH)
        self._known = frozenset(known) | self._targets
        self._index: dict[str, set[str]] = {}
        for target in self._targets:
            for form in _deletions(target, 2 if len(target) >= TWO_EDITS_FROM - 1 else 1):
                self._index.setdefault(form, set()).add(target)
        self.correct_word = functools.lru_cache(maxsize=8192)(self._correct_word)

    @property
    def targets(self) -> frozenset[str]:
        """The words misspellings are read as (the red-flag phrases' words of 5 letters or more)."""
        return self._targets

    def correct(self, tokens: Sequence[str]) -> list[str]:
        return [self.read_word(t) for t in tokens]

    def read_word(self, token: str) -> str:
        """One token as the red-flag rules read it."""
        if len(token) < MIN_LENGTH:
            return token
        if token.endswith("in") and token + "g" in self._targets:
            return token + "g"  # a dropped g ("shakin", "givin"), even if the training data holds it that way
        return token if token in self._known else self.correct_word(token)

    def hidden_misspellings(self) -> dict[str, str]:
        """Known words that would be read as a red-flag word if the bot did not know them: {word: red-flag word}.

        A word becomes known when it appears in the training data or the content; from then on the speller
        leaves it as typed. So a patient's wording added to the training data ("siente") can silently stop a
        red-flag phrase from matching its misspelling-as-typed ("no siento"). Most of these are other real words
        ("block" near "black"); a new one should be looked at before it lands.
        """
        hidden = {}
        for word in self._known - self._targets:
            if len(word) >= MIN_LENGTH and self.read_word(word) == word:
                meant = self._correct_word(word)
                if meant != word:
                    hidden[word] = meant
        return hidden

    def _correct_word(self, word: str) -> str:
        if not word.isalpha() or len(word) > 30:
            return word
        most = 2 if len(word) >= TWO_EDITS_FROM else 1
        candidates: set[str] = set()
        for form in _deletions(word, most):
            candidates.update(self._index.get(form, ()))
        scored = sorted((distance(word, c), c) for c in candidates)
        # Two edits only for long words that keep their first letter: "attention" is not "retention".
        scored = [(d, c) for d, c in scored
                  if d <= 1 or (d == 2 and min(len(word), len(c)) >= TWO_EDITS_FROM and word[0] == c[0])]
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return word  # nothing close, or two equally close: leave it
        return scored[0][1]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_misspellings(word: str) -> set[str]:
    """Every spelling one typing slip from ``word``: a letter left out, added, changed, or two swapped."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in cuts if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    out |= {a + c + b[1:] for a, b in cuts if b for c in _LETTERS if c != b[0]}
    out |= {a + c + b for a, b in cuts for c in _LETTERS}
    out.discard(word)
    return out


@dataclass(frozen=True)
class ReadingChange:
    """A misspelling that an edit of the red-flag words makes the speller read differently."""

    typed: str
    before: str  # what it was read as (a red-flag word, or the typed word itself)
    after: str

    def describe(self) -> str:
        def reading(word: str) -> str:
            return "left as typed" if word == self.typed else f"read as '{word}'"
        return f"'{self.typed}': {reading(self.before)} before, {reading(self.after)} now"

    def lost(self, after: Speller) -> bool:
        """True when a misspelling of a word the rules still hold is no longer read as that word."""
        return self.before != self.typed and self.before in after.targets


def reading_changes(before: Speller, after: Speller) -> list[ReadingChange]:
    """The misspellings read differently once the red-flag words change from ``before`` to ``after``.

    A new red-flag word can take a misspelling away from an old one: it is then as close to both, and
    left as typed ("plack" between "black" and the new "place"), or closer to the new one. Checked: every
    one-slip misspelling of the new and removed words and of the old words near them (a slip from an old word
    that a new word can reach is at most two more edits away), so an editor sees the cost of a new word before it
    is live. Misspellings two slips from an old word are not enumerated (too many); the reviews' probes cover those.
    """
    new, gone = after.targets - before.targets, before.targets - after.targets
    changed = new | gone
    near = {t for t in before.targets & after.targets
            if any(abs(len(t) - len(c)) <= 3 and distance(t, c) <= 3 for c in changed)}
    reach = set().union(*(_deletions(c, 2) for c in changed)) if changed else set()
    typed: set[str] = set(changed)
    for word in changed | near:
        typed |= {m for m in one_edit_misspellings(word) if len(m) >= MIN_LENGTH and not reach.isdisjoint(
            _deletions(m, 2 if len(m) >= TWO_EDITS_FROM else 1))}
    out = []
    for word in sorted(typed):
        was, now = before.read_word(word), after.read_word(word)
        if was != now:
            out.append(ReadingChange(word, was, now))
    return out


def lost_by_word(changes: Iterable[ReadingChange], after: Speller, shown: int = 12) -> list[str]:
    """The lost readings, one line per red-flag word: "'black' (2): blace, plack" (a slip now read as another
    word says which: "plade -> place")."""
    by_word: dict[str, list[str]] = {}
    for change in changes:
        if change.lost(after):
            by_word.setdefault(change.before, []).append(
                change.typed if change.after == change.typed else f"{change.typed} -> {change.after}")
    lines = []
    for word, slips in sorted(by_word.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        more = f", and {len(slips) - shown} more" if len(slips) > shown else ""
        lines.append(f"'{word}' ({len(slips)}): {', '.join(slips[:shown])}{more}")
    return lines


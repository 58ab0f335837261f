"""Near-copies between evaluation messages and training data or tests (token Jaccard).

An evaluation figure only means something on text the bot was not built from, so a
message within ``THRESHOLD`` token-Jaccard of a training example or a test string
counts as leaked. Candidates are found by prefix filtering (two sets this similar must
share one of each set's rarest tokens), so the check stays fast for thousands of texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterable

THRESHOLD = 0.8


def tokens(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def near_copies(held_out: Iterable[str], built_from: Iterable[str],
                threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(held-out text, training/test text, similarity) for every pair at or above the threshold."""
    left = [(t, tokens(t)) for t in held_out]
    right = [(t, tokens(t)) for t in built_from]
    frequency = Counter(tok for _, toks in left + right for tok in toks)

    def prefix(toks: frozenset[str]) -> list[str]:
        ordered = sorted(toks, key=lambda tok: (frequency[tok], tok))
        keep = len(ordered) - math.ceil(threshold * len(ordered)) + 1
        return ordered[:max(keep, 1)]

    index: dict[str, list[int]] = defaultdict(list)
    for n, (_, toks) in enumerate(right):
        for tok in prefix(toks):
            index[tok].append(n)
    found = []
    for text, toks in left:
        seen: set[int] = set()
        for tok in prefix(toks):
            for n in index.get(tok, ()):
                if n in seen:
                    continue
                seen.add(n)
                score = jaccard(toks, right[n][1])
                if score >= threshold:
                    found.append((text, right[n][0], score))
    return found

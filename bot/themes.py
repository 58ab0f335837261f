"""Unanswered questions grouped by theme, for the editors' report: what patients ask that no answer covers.

Questions close in meaning (the sentence encoder's cosine similarity) share a theme:
average-linkage clustering, merging the two closest groups while their mean similarity is at
least ``SIMILAR``. The threshold was chosen on questions written for the tests (hair dye, alcohol,
flying: different words within a theme sit at 0.35 to 0.51, across themes below 0.2 on average),
not on patients' messages. Without the encoder, questions sharing content words are grouped.
A theme is named by its most frequent content words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

SIMILAR = 0.33
_PLACEHOLDER = re.compile(r"\[[a-z]+\]")  # what redaction put in place of a name, a date, a number
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset("""
a about after again all am an and any anything are as ask at be been before being but by can could did do does
doing for from get got had has have having he her here hers him his how i i'd i'm if in into is it it's its just
know like me might more my myself need no not now of ok okay on or other our out please really she should so some
something still than that the their them then there these they thing things this those to too up us very want was
we were what when where which while who why will with would yes you your baby pregnant pregnancy breastfeeding
safe normal while week weeks help thanks hi hello anyone tell advice question
""".split())


@dataclass
class Theme:
    name: str
    total: int
    questions: list[tuple[str, int]] = field(default_factory=list)


def content_words(text: str) -> list[str]:
    words = [w.strip("'-") for w in _WORD.findall(_PLACEHOLDER.sub(" ", text.lower()))]
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if len(w) > 2 and w not in _STOP]


def group(questions: Sequence[tuple[str, int]], embed: Callable[[list[str]], np.ndarray] | None = None,
          similar: float = SIMILAR) -> list[Theme]:
    """Themes, most asked first; each holds its questions (text, times asked), most asked first."""
    ordered = sorted(questions, key=lambda q: (-q[1], q[0]))
    if not ordered:
        return []
    if embed is not None:
        vectors = embed([t for t, _ in ordered])
    else:
        vocab = sorted({w for t, _ in ordered for w in content_words(t)})
        index = {w: i for i, w in enumerate(vocab)}
        vectors = np.zeros((len(ordered), max(1, len(vocab))), dtype=np.float32)
        for row, (text, _) in enumerate(ordered):
            for w in set(content_words(text)):
                vectors[row, index[w]] = 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-9)
        similar = min(similar, 0.3)  # one shared word out of a handful
    themes = []
    for rows in _average_linkage(vectors @ vectors.T, similar):
        asked = [ordered[r] for r in rows]
        words: Counter[str] = Counter()
        for text, n in asked:
            words.update({w: n for w in set(content_words(text))})
        top = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
        themes.append(Theme(", ".join(top) or asked[0][0][:40], sum(n for _, n in asked), asked))
    return sorted(themes, key=lambda t: (-t.total, t.name))


def _average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of row indices: the closest two groups merge while their mean similarity >= threshold."""
    groups: dict[int, list[int]] = {i: [i] for i in range(len(similarity))}
    sim = similarity.astype(np.float64).copy()
    np.fill_diagonal(sim, -np.inf)
    alive = np.ones(len(sim), dtype=bool)
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], sim, -np.inf)
        a, b = (int(i) for i in np.unravel_index(int(np.argmax(masked)), masked.shape))
        if masked[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        na, nb = len(groups[a]), len(groups[b])
        sim[a, :] = (na * sim[a, :] + nb * sim[b, :]) / (na + nb)  # Lance-Williams, average linkage
        sim[:, a] = sim[a, :]
        sim[a, a] = -np.inf
        alive[b] = False
        groups[a].extend(groups.pop(b))
    return [sorted(rows) for rows in groups.values()]

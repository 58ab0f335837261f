"""The words the bot knows: every word of its training data and its content.

Redaction takes a capitalised word the bot does not know for a name; the red-flag speller
corrects only words the bot does not know. Read once per process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bot.language import LANGUAGES_FILE

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]*")


# Misspellings that patients' wordings in the training data hold, one or two letters from a red-flag word. Being in
# the training data would make them known, and known words are never corrected: "overdos" would not be read as
# "overdose". Kept short on purpose: a corrected word also feeds the context rules and the exceptions, and review
# r53 found most candidates doing harm there ("wthout" became the denial "without", "simptoms" the what-if "symptoms
# of", "breastfeding" a chest-pain exception, "weeker" a 34-weeker baby read as weaker legs).
MISSPELLINGS = frozenset(("overdos suicid temperatur hemorrage hemorrhag haemorrhag "
                          # misspelt "pregnant", read as "pregnant" ("shes 8 months pregnent": she is the patient)
                          "pregnent pregant pregnat pregancy pregnacy pregnency prengnancy "
                          # phonetic and dialect spellings in the training data (writer TS6), read as meant
                          "aboot anither anuther efter frunt munths somthing treatmnt exersizes "
                          # writer TR17's "botom" (a numb bottom is a cauda equina sign), read as "bottom"
                          "botom "
                          # writers TR18 / TR19: "bilood" (blood) and "cesarian" (caesarean), read as meant
                          "bilood cesarian").split())


@functools.lru_cache(maxsize=1)
def vocabulary(root: Path = ROOT) -> frozenset[str]:
    """Every word (lower case) of the training data and the content, less ``MISSPELLINGS``: words the bot knows."""
    content: set[str] = set()
    for pattern in ("**/*.md", "**/*.yml"):
        for path in (root / "content").glob(pattern):
            if path.name != LANGUAGES_FILE.name:  # words of other languages, which the bot cannot read
                content.update(w.lower() for w in WORD.findall(_read(path)))
    seen: dict[str, int] = {}
    capitalised: dict[str, int] = {}
    for path in (root / "data" / "nlu").glob("*.yml"):
        text = _read(path)
        for match in WORD.finditer(text):
            word, key = match.group(0), match.group(0).lower()
            seen[key] = seen.get(key, 0) + 1
            before = text[max(0, match.start() - 4):match.start()].rstrip()[-1:]
            if word[0].isupper() and not word.isupper() and before and before not in ".!?:-\n\"'(":
                capitalised[key] = capitalised.get(key, 0) + 1
    # In what patients wrote (the training data), a word nearly always capitalised in mid-sentence is a
    # proper noun: a town, a country, a person. The content's own words (medicines, tests) are all known.
    return frozenset(content | {w for w, n in seen.items() if capitalised.get(w, 0) < 0.8 * n}) - MISSPELLINGS


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""



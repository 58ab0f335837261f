"""Is a message (partly) in a language the bot cannot read?

The bot reads English only, and a red flag written in another language may pass unseen. When a
message has enough words of another language, or is mostly written in another alphabet, the reply
says so first, with where to get help now. The word lists are content (``content/languages.yml``)
so that a clinic can add the languages its patients write in.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

log = logging.getLogger(__name__)

LANGUAGES_FILE = Path("languages.yml")
ANOTHER_ALPHABET = "another alphabet"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*)$")
_NOT_DECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


class LanguageListError(ValueError):
    """The language lists cannot be used; the message names the field."""


def fold(word: str) -> str:
    """Lower case, accents and apostrophes dropped: "Bebé" and "bebe" are one word, "j'ai" is "jai"."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_QUOTES).translate(_NOT_DECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")


@dataclass(frozen=True)
class OtherLanguages:
    words: Mapping[str, frozenset[str]]  # language name -> folded words
    words_needed: int = 2
    # English meanings of phrases of those languages: folded phrase (its words) -> English words
    glosses: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    # phrases of those languages that deny what follows ("pas de", "mei you"): a gloss right after one reads "no ..."
    denials: frozenset[tuple[str, ...]] = frozenset()

    @classmethod
    def none(cls) -> OtherLanguages:
        return cls({}, 2)

    def gloss(self, text: str) -> str:
        """The English meanings of the listed phrases the text holds, in order, each once ("" when none).

        Only for a message ``detect`` finds (partly) in another language: English words that look like a listed
        phrase stay unglossed in an English message. A phrase right after a listed denial reads "no" and its
        meaning ("pas de fièvre" is "no fever", not "fever").
        """
        if not self.glosses or self.detect(text) is None:
            return ""
        said = [fold(m.group()) for m in _WORD.finditer(unicodedata.normalize("NFKC", text).translate(_QUOTES))]
        out: list[str] = []
        i = 0
        while i < len(said):
            for n in range(min(self._longest_gloss, len(said) - i), 0, -1):
                meaning = self.glosses.get(tuple(said[i:i + n]))
                if meaning is not None:
                    if self._denied_before(said, i):
                        meaning = f"no {meaning}"
                    if meaning not in out:
                        out.append(meaning)
                    i += n
                    break
            else:
                i += 1
        return " ".join(out)

    def _denied_before(self, said: list[str], i: int) -> bool:
        """Whether a listed denial ends just before word ``i``."""
        return any(tuple(said[max(0, i - n):i]) in self.denials for n in range(1, self._longest_denial + 1))

    @functools.cached_property
    def _longest_denial(self) -> int:
        return max((len(p) for p in self.denials), default=0)

    @functools.cached_property
    def _longest_gloss(self) -> int:
        """The most words of any glossed phrase (worked out once per list, not per message)."""
        return max((len(p) for p in self.glosses), default=0)

    @classmethod
    def from_content(cls, content_dir: Path) -> OtherLanguages:
        path = content_dir / LANGUAGES_FILE
        if not path.exists():
            return cls.none()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise LanguageListError(f"{path}: cannot be read ({err})") from None
        return cls.from_data(data)

    @classmethod
    def from_data(cls, data: Any) -> OtherLanguages:
        if not isinstance(data, Mapping):
            raise LanguageListError("languages.yml: expected words_needed and languages")
        needed = data.get("words_needed", 2)
        if not isinstance(needed, int) or isinstance(needed, bool) or needed < 1:
            raise LanguageListError("words_needed: give a whole number, 1 or more")
        languages = data.get("languages") or {}
        if not isinstance(languages, Mapping):
            raise LanguageListError("languages: give each language's name with a list of its words")
        words: dict[str, frozenset[str]] = {}
        for name, listed in languages.items():
            if not isinstance(listed, list) or not all(isinstance(w, str) and w.strip() for w in listed):
                raise LanguageListError(f"languages.{name}: give a list of words")
            several = [w for w in listed if _WORD.fullmatch(w.strip().translate(_QUOTES)) is None]
            if several:
                raise LanguageListError(f"languages.{name}: one word per entry, letters only ({several[0]!r})")
            words[str(name)] = frozenset(fold(w.strip()) for w in listed)
        return cls(words, needed, _glosses(data.get("glosses") or {}), _denials(data.get("gloss_denials") or []))

    def detect(self, text: str) -> str | None:
        """The language the message is (partly) written in, ANOTHER_ALPHABET, or None for English.

        Another alphabet: two or more letters of one in a row ("出血", "Болит"; a lone "ツ" or "β" is not a word).
        A listed word written with a capital in mid-sentence is a name or a place ("Los Angeles", "Dr Della
        Testa") and does not count (one in capitals throughout, "DOLOR", still does).
        """
        text = unicodedata.normalize("NFKC", text)  # "𝐡𝐞𝐥𝐩" (styled letters) is "help"
        run = 0
        for c in text:
            run = run + 1 if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") else 0
            if run >= 2:
                return ANOTHER_ALPHABET
        text = text.translate(_QUOTES)
        said = {fold(m.group()) for m in _WORD.finditer(text)
                if not (m.group()[0].isupper() and not m.group().isupper()
                        and not _SENTENCE_START.search(text[:m.start()]))}
        best, count = None, 0
        for name, listed in self.words.items():
            n = len(said & listed)
            if n >= self.words_needed and n > count:
                best, count = name, n
        return best


def _glosses(data: Any) -> dict[tuple[str, ...], str]:
    """``glosses``: each English meaning with the phrases of other languages that say it."""
    if not isinstance(data, Mapping):
        raise LanguageListError("glosses: give each English meaning with a list of the phrases that say it")
    out: dict[tuple[str, ...], str] = {}
    for meaning, phrases in data.items():
        if not isinstance(meaning, str) or not meaning.strip():
            raise LanguageListError(f"glosses: {meaning!r} is not an English meaning")
        if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise LanguageListError(f"glosses.{meaning}: give a list of phrases")
        for phrase in phrases:
            said = _phrase_words(phrase, f"glosses.{meaning}", hyphens_split=True)
            if said in out and out[said] != meaning.strip():
                raise LanguageListError(f"glosses: {phrase!r} is listed for both {out[said]!r} and {meaning!r}")
            out[said] = meaning.strip()
    return out


def _denials(data: Any) -> frozenset[tuple[str, ...]]:
    """``gloss_denials``: phrases of other languages that deny the phrase after them."""
    if not isinstance(data, list) or not all(isinstance(p, str) and p.strip() for p in data):
        raise LanguageListError("gloss_denials: give a list of phrases")
    return frozenset(_phrase_words(phrase, "gloss_denials") for phrase in data)


def _phrase_words(phrase: str, where: str, hyphens_split: bool = False) -> tuple[str, ...]:
    """The folded words of a listed phrase, refused unless it is words of letters with one space between
    (a gloss may also join its words with hyphens, as "na-egbu")."""
    said = tuple(fold(m.group()) for m in _WORD.finditer(phrase.translate(_QUOTES)))
    written = fold(" ".join(phrase.split()))
    if not said or " ".join(said) != (written.replace("-", " ") if hyphens_split else written):
        raise LanguageListError(f"{where}: {phrase!r}: words of letters only, one space between")
    return said


class LiveLanguages:
    """The lists of ``content/languages.yml``, read at start-up and again when the file changes (no restart).

    A file that cannot be used keeps the lists already loaded (none at first), with an error in the log;
    a file taken away leaves no lists, with a warning.
    """

    def __init__(self, content_dir: Path):
        self._path = content_dir / LANGUAGES_FILE
        self._stamp: float | None = None
        self._lists = OtherLanguages.none()
        self._lock = threading.Lock()
        self._read(self._file_stamp())

    def _file_stamp(self) -> float | None:
        try:
            return self._path.stat().st_mtime
        except OSError:
            return None

    def _read(self, stamp: float | None) -> None:
        self._stamp = stamp
        if stamp is None:
            if self._lists.words:
                log.warning("%s is gone: messages in other languages are no longer recognised", self._path)
            self._lists = OtherLanguages.none()
            return
        try:
            self._lists = OtherLanguages.from_content(self._path.parent)
        except LanguageListError as err:
            log.error("other-language lists unusable (%s); keeping the lists already loaded", err)

    def current(self) -> OtherLanguages:
        with self._lock:
            stamp = self._file_stamp()
            if stamp != self._stamp:
                self._read(stamp)
            return self._lists

    def in_another_language(self, text: str) -> bool:
        """The message is (partly) in another language or alphabet, by the lists as they are now."""
        return self.current().detect(text) is not None

"""Redaction of personal details before a patient's words are stored for editors.

Names, places, phone numbers, e-mail addresses, dates, NHS/ID numbers and postcodes are
replaced with a tag. It is a best effort on free text, so stored questions are
also kept short and never linked to a sender.

Names are found two ways: by the words around them ("my name is", "Mrs", "my husband",
"... here", "we called her") and by not being words the bot knows. The bot's vocabulary
is every word of its training data and content: a word next to a name cue, a capitalised
word in mid-sentence or a word in capitals that is not in it is taken for a name or a place.
"""

from __future__ import annotations

import re

from bot.vocabulary import WORD as _WORD
from bot.vocabulary import vocabulary

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I), "[email]"),
    (re.compile(r"https?://\S+", re.I), "[link]"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[date]"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "[date]"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}\b(?:,?\s+\d{{4}})?", re.I), "[date]"),
    (re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I), "[date]"),
    (re.compile(r"(?<![\w])(?:\+|00)?\d[\d\s().-]{7,}\d(?![\w])"), "[number]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I), "[postcode]"),
    (re.compile(r"\b(?i:mr|mrs|ms|miss|dr|doctor|midwife|nurse|consultant|gp|health visitor)\.?\s+"
                r"[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"), "[name]"),
    (re.compile(r"\b(?i:i'm|i am|im)\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"), "I'm [name]"),
    (re.compile(r"(?:^|(?<=[.!?,]\s))[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?\s+here\b"), "[name] here"),
    (re.compile(r"\b\d{1,4}[a-z]?,?\s+(?:[A-Za-z]+\s+){1,3}(?i:street|st|road|rd|avenue|ave|lane|ln|close|drive|"
                r"way|court|ct|crescent|place|gardens|terrace|grove|park|square|hill)\b"), "[address]"),
    (re.compile(r"\b(?i:number|no|num|mrn|nhs|hospital|id|reference|ref)\.?:?\s*(?:is\s+)?\d{5,10}\b"),
     "[number]"),
    (re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])(?![\d.,]+(?:mg|mcg|ug|iu|ml|g|kg|lbs?|wks?|weeks?|days?|"
                r"months?|yrs?|years?|am|pm|st|nd|rd|th)\b)[A-Za-z0-9]{6,}\b", re.I), "[id]"),
)
# After an explicit introduction the next word is a name however it is typed; after "this is" only
# a capitalised word is (so "this is normal?" keeps its meaning).
_NAME_INTRO = re.compile(
    r"\b((?i:my name is|my name's|i am called|i'm called|name:))\s+(?i:[a-z][a-z'-]+)(?:\s+[A-Z][a-z'-]+)*"
    r"|\b((?i:this is|it's|it is))\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)*(?=\s+(?:here|speaking)\b|[,.!]|$)"
)


def _unknown(word: str) -> bool:
    return word.lower().strip("'-") not in vocabulary()


# Cues after which the next words, if the bot does not know them, are a person's name.
_NAME_CUE = re.compile(
    r"\b((?i:my|our|her|his)\s+(?i:husband|partner|wife|boyfriend|girlfriend|fianc[eé]e?|son|daughter|baby|babies|"
    r"boy|girl|twins|mum|mom|mother|dad|father|sister|brother|mother-in-law|cousin|friend|neighbour|neighbor|"
    r"midwife|doctor|gp|physio|nurse|consultant)|(?i:baby|little|named|called|call(?:ed)? (?:him|her|them)|"
    r"signed|regards|thanks|thank you|cheers|from|love|ask for|mrs|mr|ms|miss|dr|i'm|im|i am)\.?),?\s+"
    r"((?:[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]*(?:\s+(?:and|&)\s+|\s+|(?=[,.!?;:)])|$)){1,3})")
_HERE = re.compile(r"(^|[.!?,;]\s*|\b(?i:hi|hello|hey|morning|evening)\s+)"
                   r"((?:[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]*\s+){1,3})(?i:here)\b")
_PLACE_CUE = re.compile(r"\b((?i:(?:live|living|lives|moved|staying|based|born)\s+(?:in|at|near|to)|from|near|in|at|to|"
                        r"visiting))\s+"
                        r"((?:[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]*(?:\s+|$)){1,3})")
_SPELLED_EMAIL_STRICT = re.compile(
    r"\b[\w.+-]{1,64}(?:\s+(?i:dot)\s+[\w+-]{1,64}){0,3}\s?(?:\(|\[|\s)(?i:at)(?:\)|\]|\s)\s?[\w-]{1,64}"
    r"(?:\s?(?:\(|\[|\s)(?i:dot)(?:\)|\]|\s)\s?[\w-]{1,64}){1,4}")  # bounded: linear time on any input
_HOSPITAL_NUMBER = re.compile(r"\b[A-Z]{1,4}\d{0,3}[ -]\d{2,4}[ -]\d{3,4}\b")


def _names_after(match: re.Match[str], tag: str) -> str:
    """The cue kept, and the unknown words right after it replaced (known words end the name)."""
    words = match.group(2).split()
    if tag == "[place]":  # a place name may begin with known words ("great yarmouth"): up to its last unknown word
        unknown = [n for n, word in enumerate(words) if _unknown(word)]
        taken = unknown[-1] + 1 if unknown else 0
    else:
        taken = _name_length(words, match.group(1).lower())
    if not taken:
        return match.group(0)
    rest = " ".join(words[taken:])
    end = match.group(0)[len(match.group(0).rstrip()):]
    return f"{match.group(1)} {tag}" + (f" {rest}" if rest else "") + end


def _name_length(words: list[str], cue: str) -> int:
    """How many of ``words`` after a name cue are the name (joined by "and" for two people)."""
    taken = 0
    for word in words:
        if word.lower() in {"and", "&"} and taken:
            taken += 1
            continue
        if not _unknown(word) and not word[:1].isupper():
            break
        if not _unknown(word) and word[:1].isupper() and taken == 0 and cue in {
                "from", "in", "at", "to", "near", "visiting"}:
            break
        if not _unknown(word) and word[:1].isupper() and not word.isupper() and taken == 0 \
                and cue not in {"mrs", "mr", "ms", "miss", "dr", "named", "called", "signed"}:
            break
        taken += 1
    while taken and words[taken - 1].lower() in {"and", "&"}:
        taken -= 1
    return taken


def _unknown_words(text: str) -> str:
    """Capitalised words in mid-sentence, and words in capitals, that the bot does not know."""
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        start = m.start()
        before = text[max(0, start - 8):start].rstrip()  # a short look back: linear in the text's length
        sentence_start = not before or before[-1] in ".!?:;\n]"
        if len(word) < 2 or not _unknown(word):
            return word
        if word.isupper():  # a short one is mostly an abbreviation (SI, GP, ML)
            return "[name]" if len(word) > 3 else word
        if word[0].isupper() and not sentence_start:
            return "[name]"
        return word
    return _WORD.sub(swap, text)


MAX_CHARS = 1000  # what is stored of a question; cut before the patterns run, so the time is bounded
# Control characters (terminal escapes, NUL) and lone surrogates: never stored, never printed to an editor.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def redact(text: str) -> str:
    """``text`` with personal details replaced by [name], [number], [email], [date], [postcode], [link].

    The text is cut to MAX_CHARS (plus a little, so a detail on the edge is still seen whole) and
    cleaned of control characters first: the patterns' cost stays bounded whatever a message holds.
    """
    out = _UNPRINTABLE.sub(" ", text[:MAX_CHARS + 100])
    out = _SPELLED_EMAIL_STRICT.sub("[email]", out)
    out = _NAME_INTRO.sub(lambda m: f"{m.group(1) or m.group(2)} [name]", out)
    for pattern, tag in _RULES:
        out = pattern.sub(tag, out)
    out = _HOSPITAL_NUMBER.sub("[number]", out)
    out = _HERE.sub(lambda m: m.group(1) + ("[name] " if any(_unknown(w) for w in m.group(2).split())
                                           else m.group(2)) + "here", out)
    out = _NAME_CUE.sub(lambda m: _names_after(m, "[name]"), out)
    out = _PLACE_CUE.sub(lambda m: _names_after(m, "[place]"), out)
    out = _unknown_words(out)
    return re.sub(r"\s+", " ", out).strip()[:MAX_CHARS]

"""Redaction of personal details before a patient's words are stored for editors.

Names, phone numbers, e-mail addresses, dates, NHS/ID numbers and postcodes are
replaced with a tag. It is a best effort on free text, so stored questions are
also kept short and never linked to a sender.
"""

from __future__ import annotations

import re

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
    r"\b((?i:my name is|my name's|i am called|i'm called|call me|name:))\s+(?i:[a-z][a-z'-]+)(?:\s+[A-Z][a-z'-]+)*"
    r"|\b((?i:this is|it's|it is))\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)*(?=\s+(?:here|speaking)\b|[,.!]|$)"
)


MAX_CHARS = 1000  # what is stored of a question; cut before the patterns run, so the time is bounded
# Control characters (terminal escapes, NUL) and lone surrogates: never stored, never printed to an editor.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def redact(text: str) -> str:
    """``text`` with personal details replaced by [name], [number], [email], [date], [postcode], [link].

    The text is cut to MAX_CHARS (plus a little, so a detail on the edge is still seen whole) and
    cleaned of control characters first: the patterns' cost stays bounded whatever a message holds.
    """
    out = _UNPRINTABLE.sub(" ", text[:MAX_CHARS + 100])
    out = _NAME_INTRO.sub(lambda m: f"{m.group(1) or m.group(2)} [name]", out)
    for pattern, tag in _RULES:
        out = pattern.sub(tag, out)
    return re.sub(r"\s+", " ", out).strip()[:MAX_CHARS]

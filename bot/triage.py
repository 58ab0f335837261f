"""Deterministic red-flag triage: the rule layer that runs on every patient message.

The rules are data (``content/red-flags/*.md``, front matter ``terms`` and
``triggers``); this module only knows how to read a message against them. A
trigger fires when every named term list it needs appears in one sentence and
none of those matches is denied ("no fever"), a resolved past event ("I had a
fever last month"), or, for urgent flags only, part of a general question with
no first-person words ("Can PLO cause loss of height?"). Emergency flags are
never suppressed by the general-question rule: over-escalating an emergency is
the safer error.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from bot.urgency import Urgency, strongest

# Words that deny what follows them ("no", "not", "haven't had any" ...).
_NEGATION_CUE = re.compile(
    r"\b(?:no|not|never|none|nor|neither|without any|free of|denies|denied|ruled out|negative for|"
    r"(?:do|does|did|have|has|had|is|are|was|were)n'?t|(?:do|does|did|have|has|had|is|are|was|were) not)\b"
)
# Phrases that contain a negation word but deny nothing.
_PSEUDO_NEGATION = re.compile(
    r"\b(?:not sure|not certain|no idea|not only|not just|no matter|no one|nobody|"
    r"(?:do|did)n'?t know|(?:do|did) not know|not know|no doubt|not normal|no way|"
    r"(?:is|was)n'?t (?:normal|right|usual)|(?:is|was) not (?:normal|right|usual)|"
    r"not (?:feeling |doing |coping )?(?:great|good|well|ok|okay|right|myself|too good|so good|the best)|"
    r"not coping|no longer(?= (?:able|feel|walk|stand|move|control|hold|pee|wee|see|breathe))|"
    # a denial of relief, not of the symptom: "paracetamol doesn't help my chest pain"
    r"(?:(?:do|does|did|is|are|was|were|wo)n'?t|(?:do|does|did|is|are|was|were|will) not|not|nothing|never) "
    r"(?:really |even )?(?:help|helps|helping|helped|work|works|working|worked|ease|eases|easing|eased|touch|"
    r"touches|touching|shift|shifts|shifting|stop|stops|stopping|settle|settles|settling|go away|going away)|"
    # "I've never had chest pain like this", "never been so short of breath": a report, not a denial
    r"never (?:had|felt|been|experienced|known|seen)(?= (?:so|this|such|anything like)\b|"
    r"(?: [\w']+){1,6} (?:like (?:this|that)|before|this bad|so bad)\b))\b"
)
# A negation stops reaching forward at these: a new clause has begun.
_SCOPE_END = re.compile(
    r"(?:^\s*(?:no|nope|nah)\b[\s,.!]*(?=(?:i|i'm|im|i've|ive|my|it|its|it's|the|baby|yes)\b)|"  # "No, I have..."
    r"\b(?:but|however|although|though|except|apart from|aside from|yet|still|now|whereas|while|plus|"
    r"and (?:i|i'm|im|my|now|it|the baby|baby|she|he|a|an|also|have|got)|with (?:a|an))\b|;|:|"
    r",\s*(?:and\s+)?(?:i|i'm|im|i've|ive|my|me|"
    r"she|he|it|it's|its|the baby|baby|now|then|so|since|today|tonight)\b)"
)
# A past event that is over: the clause that says so does not count.
_RESOLVED = re.compile(
    r"(?:(?<!since )(?<!for the )(?<!over the )(?<!in the )(?<!past )\b(?:last|previous) "
    r"(?:week|month|year|pregnancy|summer|winter|spring|autumn|fall)\b|"
    r"\b(?:\d+|a|an|one|two|three|four|five|six|few|several|couple of|many) (?:weeks?|months?|years?) ago\b|"
    r"\b(?:years|ages|a long time|long time|months) ago\b|\bas a (?:teenager|teen|child|kid|student)\b|"
    r"\bwhen i was (?:a child|a kid|little|younger|a teenager|at school|at uni|in my teens)\b|"
    r"\bin my (?:first|last|previous|other|earlier) pregnancy\b|\bbefore i (?:was|got) pregnant\b|"
    r"\bused to\b|"
    r"\b(?:has|have|had) (?:all )?(?:cleared(?: up)?|settled(?: down)?|resolved|passed|gone away|stopped)\b|"
    r"\b(?:has|have|had) (?:all )?gone(?=\s*(?:now\b|[.,!?;]|$))|"
    r"\bwent away\b|\bcleared up\b|\bwas treated\b|\b(?:got|is|are|feel|feels|felt) (?:much )?better now\b|"
    r"\bresolved\b|\ball better\b|\bback to normal\b|"
    r"\ball (?:fine|sorted|good|ok|okay|clear)\b|\b(?:sorted|fine) now\b|"
    r"\b(?:was|were|got|been) (?:checked|looked at|seen to|investigated)(?: out)?(?: and| -)? (?:it was |all |was )?"
    r"(?:fine|ok|okay|normal|nothing)\b|\bturned out to be\b|\bit healed\b|\bhealed (?:fine|well|up)\b)"
)
# "I had my c-section 2 weeks ago and the wound is red": the time belongs to the birth, not the symptom.
_BIRTH_TIME = re.compile(
    r"\b(?:gave birth|had (?:(?:my|the|a|our) )?(?:baby|c-?section|section|caesarean|cesarean|csection|little one)|"
    r"delivered|(?:was|were) born|birth|operation|surgery)\b[^.;]{0,30}?"
    r"\b(?:\d+|a|an|one|two|three|four|five|six|few|several|couple of) (?:weeks?|months?) ago\b"
)
# "... last week and it's back today": a resolved symptom that has returned is not resolved.
_RECURRED = re.compile(
    r"\b(?:it|they|that|this|the \w+)(?:'s| is| are|'re| has| have| came| keeps?| started)? "
    r"(?:back(?! (?:pain|ache|at|to|home)\b)|again|returned|(?:getting |got )?worse)\b|"
    r"\bstill (?:have|has|got|there|hurts?|having|getting|bleeding|feel|feels)\b"
)
# Words that say nothing about what a denial covers ("I haven't had any chest pain").
_FILLER = frozenset(
    "a an any the had have has got been felt feel feeling noticed experienced experiencing having getting get "
    "really much signs sign of my i or nor at all".split()
)
_STRICT_WORDS = 3
# "... yesterday but it's gone now": a later clause that says the symptom is over.
_RESOLVED_AFTER = re.compile(
    r"(?:\bbut|,) (?:it|they|that|this|the \w+)(?:'s| is| has| have|'ve| are|'re| was| were)? "
    r"(?:all |now |completely )?"
    r"(?:gone|went|went away|eased|fine|ok|okay|better|settled|stopped|passed|cleared|normal|"
    r"checked(?: out)?(?: and| -)? (?:all |it was |was )?(?:fine|ok|okay|normal))\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|myself|we|our|us)\b")
_QUESTION_START = re.compile(
    r"^\s*(?:can|could|does|do|is|are|will|would|should|what|whats|what's|how|why|when|which|who)\b"
)
_GENERIC_SUBJECT = re.compile(
    r"\b(?:plo|pao|osteoporosis|women|woman|people|someone|anyone|mums?|moms?|mothers?|causes?|signs?|symptoms?)\b"
)
# "38.5" and "numb...down there" stay whole; "fever.I have chest pain" splits. A full stop typed
# without a space may also sit inside one thought ("my calf.its red"), so such text is read
# both ways (_LOOSE_SENTENCE_END keeps it whole) and a red flag found either way counts.
_SENTENCE_END = re.compile(r"(?<=[!?])\s*|(?<=[^.]\.)(?![.\d])\s*|(?<=\.\.)\s+|\n+")
_LOOSE_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NEGATION_WINDOW_WORDS = 6
_NEAR_CHARS = 200


@dataclass(frozen=True)
class Trigger:
    """Every named term list in ``terms`` must match in one sentence."""

    terms: tuple[str, ...]
    urgency: Urgency


@dataclass(frozen=True)
class RedFlagRule:
    """The triage rule of one red flag, built from its content file."""

    red_flag: str
    urgency: Urgency
    terms: Mapping[str, tuple[re.Pattern[str], ...]]
    triggers: tuple[Trigger, ...]
    reassurances: tuple[re.Pattern[str], ...] = ()  # "baby moving loads": the patient says it is fine


@dataclass(frozen=True)
class Finding:
    """A red flag the message shows, and how urgent it is."""

    red_flag: str
    urgency: Urgency
    source: str  # "rules" or "nlu"


@dataclass(frozen=True)
class Suppressed:
    """A red flag whose words appeared but did not count, and why (for tests and audits)."""

    red_flag: str
    reason: str  # "negated", "resolved" or "general-question"


@dataclass(frozen=True)
class TriageResult:
    """All red flags a message shows, most urgent first."""

    findings: tuple[Finding, ...] = ()
    suppressed: tuple[Suppressed, ...] = field(default=())

    @property
    def top(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    @property
    def urgency(self) -> Urgency:
        return strongest(*(f.urgency for f in self.findings))

    @property
    def red_flags(self) -> tuple[str, ...]:
        return tuple(f.red_flag for f in self.findings)


class RuleError(ValueError):
    """A red-flag file's ``terms`` or ``triggers`` cannot be used; the message says which."""


def compile_term(pattern: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive pattern where a space matches any run of spaces."""
    body = pattern.strip().lower().replace(" ?", r"\s*")  # "heart ?beat": heartbeat or heart beat
    body = re.sub(r"(?<!\\) ", r"\\s+", body)
    return re.compile(rf"(?<![\w'])(?:{body})(?![\w'])")


def build_rule(red_flag: str, urgency: str, terms: object, triggers: object,
               reassurances: object = None) -> RedFlagRule:
    """Check and compile one red flag's trigger data; RuleError names the bad field."""
    level = Urgency.parse(urgency)
    if level is Urgency.ROUTINE:
        raise RuleError("urgency: a red flag must be 'emergency' or 'urgent'")
    if not isinstance(terms, Mapping) or not terms:
        raise RuleError("terms: give named lists of words, e.g. numb: [numb, can't feel]")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for name, patterns in terms.items():
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise RuleError(f"terms.{name}: give a list of words or phrases")
        try:
            compiled[str(name)] = tuple(compile_term(p) for p in patterns)
        except re.error as err:
            raise RuleError(f"terms.{name}: a pattern is not valid ({err})") from None
    if not isinstance(triggers, list) or not triggers:
        raise RuleError("triggers: give at least one list of term names")
    built = []
    for i, trig in enumerate(triggers):
        names, level_here = _trigger_parts(trig, level, i)
        unknown = [n for n in names if n not in compiled]
        if unknown:
            raise RuleError(f"triggers[{i}]: unknown term list {', '.join(unknown)}")
        built.append(Trigger(tuple(names), strongest(level, level_here)))
    if reassurances is not None and (
        not isinstance(reassurances, list) or not all(isinstance(p, str) for p in reassurances)
    ):
        raise RuleError("reassurances: give a list of words or phrases")
    try:
        calm = tuple(compile_term(p) for p in reassurances or [])
    except re.error as err:
        raise RuleError(f"reassurances: a pattern is not valid ({err})") from None
    return RedFlagRule(red_flag, level, compiled, tuple(built), calm)


def _trigger_parts(trig: object, default: Urgency, i: int) -> tuple[list[str], Urgency]:
    if isinstance(trig, list) and trig and all(isinstance(n, str) for n in trig):
        return list(trig), default
    if isinstance(trig, Mapping) and isinstance(trig.get("terms"), list) and trig["terms"]:
        try:
            level = Urgency.parse(trig.get("urgency", default.value))
        except ValueError as err:
            raise RuleError(f"triggers[{i}].urgency: {err}") from None
        return [str(n) for n in trig["terms"]], level
    raise RuleError(f"triggers[{i}]: give a list of term names, or terms: [...] with an urgency")


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces: the form patterns are written against."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[ \t\r\f\v]+", " ", text).strip()
    # One spelling for "can no longer" so that patterns written for "can't" cover it.
    text = re.sub(r"\b(?:can|could) no longer\b", "can't", text)
    return re.sub(r"\b(?:am|is|are|was|were|i'm|im) no longer able to\b", "unable to", text)


class Triage:
    """Reads a message against every red flag's rule."""

    def __init__(self, rules: Iterable[RedFlagRule]):
        self._rules = tuple(rules)

    @classmethod
    def from_definitions(cls, definitions: Iterable[tuple[str, str, object, object, object]]) -> Triage:
        """Build from (red-flag id, urgency, terms, triggers, reassurances) as red-flag files hold them."""
        return cls(build_rule(*d) for d in definitions)

    @property
    def red_flags(self) -> tuple[str, ...]:
        return tuple(r.red_flag for r in self._rules)

    def minimum_urgency(self, red_flag: str) -> Urgency:
        """The urgency a red flag always has (emergency when the flag is unknown: the safe side)."""
        return next((r.urgency for r in self._rules if r.red_flag == red_flag), Urgency.EMERGENCY)

    def assess(self, message: str) -> TriageResult:
        """Every red flag the message shows, most urgent first."""
        text = normalise(message)
        units = [s for s in _SENTENCE_END.split(text) if s.strip()]
        units += [s for s in _LOOSE_SENTENCE_END.split(text) if s.strip() and s not in units]
        sentences = [_Sentence.of(s) for s in units]
        found: dict[str, Urgency] = {}
        suppressed: dict[str, str] = {}
        for rule in self._rules:
            for sentence in sentences:
                for trig in rule.triggers:
                    verdict = _trigger_verdict(rule, trig, sentence)
                    if verdict is None:
                        continue
                    if verdict == "" and sentence.general_question and trig.urgency is Urgency.URGENT:
                        verdict = "general-question"
                    if verdict == "":
                        found[rule.red_flag] = strongest(found.get(rule.red_flag, Urgency.ROUTINE), trig.urgency)
                    else:
                        suppressed.setdefault(rule.red_flag, verdict)
                if any(_counts(sentence, p) for p in rule.reassurances):
                    suppressed.setdefault(rule.red_flag, "reassured")
        findings = sorted(
            (Finding(rf, level, "rules") for rf, level in found.items()),
            key=lambda f: (-f.urgency.rank, self.red_flags.index(f.red_flag)),
        )
        return TriageResult(
            tuple(findings),
            tuple(Suppressed(rf, why) for rf, why in suppressed.items() if rf not in found),
        )


@dataclass(frozen=True, eq=False)
class _Sentence:
    """One sentence, with what every match in it needs worked out once."""

    text: str
    masked: str  # pseudo-negations blanked out, same length as text
    stops: tuple[tuple[int, int], ...]  # where clauses end (start, end of the boundary)
    stop_starts: tuple[int, ...]  # the starts alone, for bisecting
    general_question: bool

    @classmethod
    def of(cls, text: str) -> _Sentence:
        masked = _PSEUDO_NEGATION.sub(lambda m: " " * len(m.group()), text)
        stops = tuple((m.start(), m.end()) for m in _SCOPE_END.finditer(text))
        return cls(text, masked, stops, tuple(s for s, _ in stops), _is_general_question(text))

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_right(self.stop_starts, start) - 1
        # A boundary may overlap the symptom (", my left leg"): the clause starts no later than it.
        clause_start = min(self.stops[before][1], start) if before >= 0 else 0
        after = bisect.bisect_left(self.stop_starts, end)
        clause_end = self.stops[after][0] if after < len(self.stops) else len(self.text)
        return clause_start, clause_end


def _counts(sentence: _Sentence, pattern: re.Pattern[str]) -> bool:
    """Whether the pattern appears in the sentence and is not itself denied ("baby is not moving well")."""
    return any(_why_not_counted(sentence, m.start(), m.end(), False) == "" for m in pattern.finditer(sentence.text))


def _trigger_verdict(rule: RedFlagRule, trig: Trigger, sentence: _Sentence) -> str | None:
    """None: the trigger's words are not all there; "": it fires; otherwise why it does not count.

    A trigger whose words are partly there and partly denied ("my calves aren't swollen") also
    reports the denial: it does not fire, and a classifier's guess of the same flag is dropped.
    """
    reason = ""
    missing = False
    strict = trig.urgency is Urgency.EMERGENCY
    for name in trig.terms:
        best: str | None = None
        for pattern in rule.terms[name]:
            for match in pattern.finditer(sentence.text):
                why = _why_not_counted(sentence, match.start(), match.end(), strict)
                if why == "":
                    best = ""
                    break
                best = best if best is not None else why
            if best == "":
                break
        if best is None:
            missing = True
        elif best and not reason:
            reason = best
    if missing:
        return reason or None
    return reason


def _why_not_counted(sentence: _Sentence, start: int, end: int, strict: bool) -> str:
    clause_start, clause_end = sentence.clause_of(start, end)
    # A clause in a run-on message can be thousands of characters: denials and time words only
    # matter near the symptom, and looking only there keeps a long message cheap.
    clause_start, clause_end = max(clause_start, start - _NEAR_CHARS), min(clause_end, end + _NEAR_CHARS)
    cues = list(_NEGATION_CUE.finditer(sentence.masked, clause_start, start))
    if cues and _denies(sentence.masked[cues[-1].end():start], sentence.text[start:end + 30], strict):
        return "negated"
    # A resolved-past cue inside the symptom's own words ("my waters have gone") is not a resolution.
    clause = sentence.text[clause_start:start] + " _ " + sentence.text[end:clause_end]
    resolved = _RESOLVED.search(_BIRTH_TIME.sub(" ", clause)) or _RESOLVED_AFTER.search(
        sentence.text, end, end + _NEAR_CHARS)
    returned = _RECURRED.search(sentence.text, end, end + _NEAR_CHARS) and not sentence.text.rstrip().endswith("?")
    if resolved and not returned:
        return "resolved"
    return ""


def _denies(reach: str, symptom_onwards: str, strict: bool) -> bool:
    """Whether a denial word followed by ``reach`` covers the symptom that follows.

    Emergency flags take the narrow reading (the denial must govern the symptom directly:
    "no chest pain", "I haven't had any numbness or weakness"), because missing an emergency
    is the worse error. Urgent flags take the wider one, across a list ("I don't have a fever,
    chills or burning"), but a comma without an "or" ends it ("I haven't kept food down,
    temperature 38.9").
    """
    if strict:
        # A new subject or clause in between ("I don't understand why I am bleeding") ends the denial.
        if re.search(r";|\band\b|\b(?:i|i'm|im|i've|she|he|it|why|that|if|whether|to be|expect\w*|think|thought)\b",
                     reach):
            return False
        if "," in reach:  # "No headache, blurry vision or chest pain": a short list closed with "or"
            segments = reach.split(",")
            return bool(re.search(r"\b(?:or|nor)\s*$", segments[-1])) and all(len(s.split()) <= 3 for s in segments)
        return len([w for w in re.findall(r"[\w']+", reach) if w not in _FILLER]) <= _STRICT_WORDS
    if len(reach.split()) > _NEGATION_WINDOW_WORDS:
        return False
    if "," in reach:
        # "or" continuing a list of symptoms, not a quantity ("38.5 or higher")
        return bool(re.search(r"\b(?:or|nor)\b(?!\s+(?:more|higher|above|over|so|less|\d))",
                              reach.rsplit(",", 1)[1] + " " + symptom_onwards))
    return True


def _is_general_question(sentence: str) -> bool:
    asks = sentence.rstrip().endswith("?") or bool(_QUESTION_START.match(sentence))
    return asks and not _FIRST_PERSON.search(sentence) and bool(_GENERIC_SUBJECT.search(sentence))


def combine(rules: TriageResult, nlu: Sequence[Finding]) -> TriageResult:
    """Both nets together: every finding from either, the stronger urgency per flag.

    An NLU finding is dropped when the rule layer saw that very flag's words and
    read them as denied or resolved: the patient said "no fever", and a classifier
    that only sees the word "fever" must not overrule that.
    """
    denied = {s.red_flag for s in rules.suppressed if s.reason in ("negated", "resolved", "reassured")}
    merged: dict[str, Finding] = {f.red_flag: f for f in rules.findings}
    for f in nlu:
        if f.red_flag in denied:
            continue
        have = merged.get(f.red_flag)
        if have is None:
            merged[f.red_flag] = f
        elif f.urgency.rank > have.urgency.rank:
            merged[f.red_flag] = Finding(f.red_flag, f.urgency, have.source)
    order = sorted(merged.values(), key=lambda f: (-f.urgency.rank, f.source != "rules", f.red_flag))
    return TriageResult(tuple(order), rules.suppressed)

"""Deterministic red-flag triage: the rule layer that runs on every patient message.

Each red flag is defined in ``content/red-flags/<id>.md`` by concept lists (a named
concept and the phrases patients use for it) and triggers (the concepts that must
appear together in one sentence). Whether a phrase counts is decided by the ConText
algorithm (``bot.context``): a denied ("no fever"), resolved ("I had a fever last
month"), hypothetical ("what if I can't feel my legs?") or someone else's ("my friend
had a seizure") symptom does not raise the flag. A partner or mother reporting the
patient's symptom does. No flag is raised by a question about people in general with
no word about the writer ("Can PLO cause loss of height?"). Emergency flags take the
narrow reading of a denial, because over-escalating an emergency is the safer error.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from itertools import product
from typing import Any, Iterable, Mapping, Sequence

from bot.context import ContextRules, Marks
from bot.phrases import Match, Phrase, PhraseIndex, expand, parse_all, sentences_and_ends, words
from bot.spelling import Speller
from bot.urgency import Urgency, strongest
from bot.vocabulary import vocabulary

__all__ = [
    "Finding", "RedFlagRule", "RuleError", "Suppressed", "Triage", "TriageResult", "Trigger",
    "build_rule", "combine",
]
# A message longer than this is read in pieces of this many words, so a hostile message costs
# time in proportion to its length and a red flag at its very end is still read.
_MAX_SENTENCE_WORDS = 400
REASONS = ("negated", "resolved", "hypothetical", "someone-else", "general-question", "reassured")
CRISIS_RED_FLAG = "rf-self-harm"  # the red flag whose crisis line is shown even when understanding is unsure


@dataclass(frozen=True)
class Trigger:
    """Every named concept in ``concepts`` must be found, and count, in one sentence.

    A concept in ``anywhere`` may instead be found in any sentence of the message: the week of
    pregnancy is often said once ("She's 32 weeks. She has pressure down below.").
    A trigger ``with_classifier`` fires only when the classifier also reads the message as this red flag: the
    classifier knows an accident in words the rules lack ("kicked in the belly by a cow"), the rules know what makes
    it serious. It never holds a flag back.
    """

    concepts: tuple[str, ...]
    urgency: Urgency
    ignores: frozenset[str] = frozenset()  # context categories that do not hold this trigger back
    anywhere: frozenset[str] = frozenset()  # concepts that count from any sentence of the message
    with_classifier: bool = False
    # concepts that count even said of the past: the thing ("the staples came out last week"), not the symptom,
    # which must be there now ("... and now it has split open")
    past_ok: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RedFlagRule:
    """The triage rule of one red flag, built from its content file."""

    red_flag: str
    urgency: Urgency
    concepts: Mapping[str, tuple[Phrase, ...]]
    triggers: tuple[Trigger, ...]
    reassurances: tuple[Phrase, ...] = ()  # "baby moving loads": the patient says it is fine
    ignores: frozenset[str] = frozenset()  # context categories that do not hold this flag back
    # concept -> phrases that, said in the same sentence, show the concept means something else
    # ("fell" in "fell asleep", "out of breath" "on the stairs")
    exceptions: Mapping[str, tuple[Phrase, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """A red flag the message shows, and how urgent it is."""

    red_flag: str
    urgency: Urgency
    source: str  # "rules", "nlu" or "semantic"

    def to_dict(self) -> dict[str, str]:
        return {"red_flag": self.red_flag, "urgency": self.urgency.value, "source": self.source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(str(data["red_flag"]), Urgency.parse(str(data["urgency"])), str(data.get("source", "rules")))


@dataclass(frozen=True)
class Suppressed:
    """A red flag whose words appeared but did not count, and why (for tests and audits)."""

    red_flag: str
    reason: str  # one of REASONS


@dataclass(frozen=True)
class TriageResult:
    """All red flags a message shows, most urgent first."""

    findings: tuple[Finding, ...] = ()
    suppressed: tuple[Suppressed, ...] = field(default=())
    question_topic: str | None = None  # a topic the message also asks about, answered after an urgent flag
    crisis_line: bool = False  # a hint of crisis below escalation: the crisis line goes with whatever else is said

    def to_dict(self) -> dict[str, Any]:
        """The form that crosses from the NLU component to the actions (on the parsed message)."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "urgency": self.urgency.value,
            "question_topic": self.question_topic,
            "crisis_line": self.crisis_line,
            "suppressed": [{"red_flag": s.red_flag, "reason": s.reason} for s in self.suppressed],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TriageResult:
        """ValueError or KeyError when the data is not what ``to_dict`` writes."""
        return cls(
            tuple(Finding.from_dict(f) for f in data.get("findings") or []),
            tuple(Suppressed(str(s["red_flag"]), str(s["reason"])) for s in data.get("suppressed") or []),
            data.get("question_topic") if isinstance(data.get("question_topic"), str) else None,
            data.get("crisis_line") is True,
        )

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
    """A red-flag file's ``concepts`` or ``triggers`` cannot be used; the message says which field."""


def build_rule(red_flag: str, urgency: str, concepts: object, triggers: object,
               reassurances: object = None, ignores: object = None, exceptions: object = None) -> RedFlagRule:
    """Check and read one red flag's definition; RuleError names the bad field."""
    level = Urgency.parse(urgency)
    if level is Urgency.ROUTINE:
        raise RuleError("urgency: a red flag must be 'emergency' or 'urgent'")
    if not isinstance(concepts, Mapping) or not concepts:
        raise RuleError("concepts: give named lists of phrases, e.g. numbness: [numb, can't feel]")
    parsed: dict[str, tuple[Phrase, ...]] = {}
    for name, phrases in concepts.items():
        # A bare number in YAML ("100.4") is read as a number; it is still a phrase.
        phrases = [str(p) if isinstance(p, (int, float)) and not isinstance(p, bool) else p
                   for p in phrases] if isinstance(phrases, list) else phrases
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) for p in phrases):
            raise RuleError(f"concepts.{name}: give a list of words or phrases")
        try:
            parsed[str(name)] = tuple(q for p in phrases for q in parse_all(p))
        except ValueError as err:
            raise RuleError(f"concepts.{name}: {err}") from None
    if not isinstance(triggers, list) or not triggers:
        raise RuleError("triggers: give at least one list of concept names")
    built = []
    for i, trig in enumerate(triggers):
        written, level_here = _trigger_parts(trig, level, i)
        try:
            ignored_here = _ignored_context(trig.get("ignore_context") if isinstance(trig, Mapping) else None)
        except RuleError as err:
            raise RuleError(f"triggers[{i}].{err}") from None
        anywhere = trig.get("anywhere") if isinstance(trig, Mapping) else None
        with_classifier = trig.get("with_classifier", False) if isinstance(trig, Mapping) else False
        past_ok = trig.get("past_ok") if isinstance(trig, Mapping) else None
        if not isinstance(with_classifier, bool):
            raise RuleError(f"triggers[{i}].with_classifier: true or false")
        # "(medicines | medicine names)" in a trigger: one line for each choice
        for names in _trigger_choices(written, i):
            unknown = [n for n in names if n not in parsed]
            if unknown:
                raise RuleError(f"triggers[{i}]: unknown concept {', '.join(unknown)}")
            built.append(Trigger(tuple(names), strongest(level, level_here), ignored_here,
                                 _some_concepts("anywhere", anywhere, names, i), with_classifier,
                                 _some_concepts("past_ok", past_ok, names, i)))
    if reassurances is not None and (
        not isinstance(reassurances, list) or not all(isinstance(p, str) for p in reassurances)
    ):
        raise RuleError("reassurances: give a list of words or phrases")
    try:
        calm = tuple(q for p in reassurances or [] for q in parse_all(p))
    except ValueError as err:
        raise RuleError(f"reassurances: {err}") from None
    ignored = _ignored_context(ignores)
    return RedFlagRule(red_flag, level, parsed, tuple(built), calm, ignored, _exceptions(exceptions, parsed))


# The exceptions of the reassurance list: "everyone thinks I'm 40 weeks, I'm only 33" does not say she is at term.
REASSURANCES = "reassurances"


def _exceptions(exceptions: object, concepts: Mapping[str, object]) -> dict[str, tuple[Phrase, ...]]:
    if exceptions is None:
        return {}
    if not isinstance(exceptions, Mapping):
        raise RuleError("exceptions: give, per concept, the phrases that show it means something else")
    out = {}
    for name, phrases in exceptions.items():
        if name not in concepts and name != REASSURANCES:
            raise RuleError(f"exceptions.{name}: not one of this red flag's concepts (or {REASSURANCES})")
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise RuleError(f"exceptions.{name}: give a list of phrases")
        try:
            out[str(name)] = tuple(q for p in phrases for q in parse_all(p))
        except ValueError as err:
            raise RuleError(f"exceptions.{name}: {err}") from None
    return out


def _some_concepts(field: str, chosen: object, names: list[str], i: int) -> frozenset[str]:
    """A trigger's ``anywhere`` or ``past_ok``: some, not all, of its concepts (none when not given)."""
    if chosen is None:
        return frozenset()
    if not isinstance(chosen, list) or not set(chosen) <= set(names) or len(set(chosen)) == len(set(names)):
        raise RuleError(f"triggers[{i}].{field}: some, not all, of this trigger's concepts")
    return frozenset(str(n) for n in chosen)


def _ignored_context(ignores: object) -> frozenset[str]:
    allowed = {"hypothetical", "other_person", "historical"}
    if ignores is None:
        return frozenset()
    if not isinstance(ignores, list) or not all(isinstance(c, str) and c in allowed for c in ignores):
        raise RuleError(f"ignore_context: a list from {', '.join(sorted(allowed))}")
    return frozenset(ignores)


def _trigger_choices(names: list[str], i: int) -> list[list[str]]:
    """A trigger's concept names, one list per choice: [a, (b | c)] is [a, b] and [a, c] (phrase syntax)."""
    try:
        choices = [expand(name) for name in names]
    except ValueError as err:
        raise RuleError(f"triggers[{i}]: {err}") from None
    return [list(combo) for combo in product(*choices)]


def _trigger_parts(trig: object, default: Urgency, i: int) -> tuple[list[str], Urgency]:
    if isinstance(trig, list) and trig and all(isinstance(n, str) for n in trig):
        return list(trig), default
    if isinstance(trig, Mapping) and isinstance(trig.get("concepts"), list) and trig["concepts"]:
        try:
            level = Urgency.parse(trig.get("urgency", default.value))
        except ValueError as err:
            raise RuleError(f"triggers[{i}].urgency: {err}") from None
        return [str(n) for n in trig["concepts"]], level
    raise RuleError(f"triggers[{i}]: give a list of concept names, or concepts: [...] with an urgency")


@dataclass(frozen=True)
class _Reading:
    """One sentence as the triage sees it."""

    tokens: Sequence[str]
    marks: Marks
    general_question: bool
    found: Mapping[str, list[Match]]  # "rule index/concept" -> matches
    confirmed: bool = False  # the next sentence only says the "if" has happened ("She just did.")
    goes_on: bool = False  # a question about it being over, answered "no" ("Has the numbness worn off? No.")
    symptoms: frozenset[int] = frozenset()  # the token positions of every concept's words found in it
    # another sentence says the relative or friend is pregnant or has just given birth ("My sister had a fit last
    # night. She's 8 months pregnant."): she is the patient, as when it is said in the same sentence
    patient_elsewhere: bool = False


@functools.lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """The words the speller never corrects, as the tokenizer cuts them ("wife's" -> "wifes")."""
    return frozenset(part for word in vocabulary() for part in word.replace("'", "").split("-") if part)


def speller_for(rules: Iterable[RedFlagRule]) -> Speller:
    """The speller of these rules: misspellings are read as their phrases' whole words (not the prefixes)."""
    phrases = [p for rule in rules for group in (*rule.concepts.values(), rule.reassurances, *rule.exceptions.values())
               for p in group]
    return Speller({part for phrase in phrases for part in phrase.parts if not part.endswith("*")}, known_words())


class Triage:
    """Reads a message against every red flag's concept lists with the ConText rules."""

    def __init__(self, rules: Iterable[RedFlagRule], context: ContextRules):
        self._rules = tuple(rules)
        self._context = context
        labelled = []
        for n, rule in enumerate(self._rules):
            for concept, phrases in rule.concepts.items():
                labelled += [(f"{n}/{concept}", p) for p in phrases]
            labelled += [(f"{n}/__reassured__", p) for p in rule.reassurances]
            for concept, phrases in rule.exceptions.items():
                labelled += [(f"{n}/__except__/{concept}", p) for p in phrases]
        self._index = PhraseIndex(labelled)
        self._speller = speller_for(self._rules)
        # "rule index/concept" of every concept a trigger may take from another sentence (read once, not per message)
        self._anywhere = {f"{n}/{c}": (n, rule, c) for n, rule in enumerate(self._rules) for t in rule.triggers
                          for c in t.anywhere}
        # A context phrase inside a symptom's own words does not act ("not" in "can't feel my legs"). The words of
        # a concept read only by triggers that themselves say ignore_context: [hypothetical] ("what if i", for
        # frightening thoughts) are no symptom: there "what if" keeps its meaning for every other red flag ("what
        # if I pass out while driving?"). A flag-wide ignore_context does not count: it would cover every phrase.
        self._framing = set()
        for n, rule in enumerate(self._rules):
            for concept in rule.concepts:
                readers = [t for t in rule.triggers if concept in t.concepts]
                if readers and all("hypothetical" in t.ignores for t in readers):
                    self._framing.add(f"{n}/{concept}")

    @classmethod
    def from_definitions(cls, definitions: Iterable[tuple[str, str, object, object, object, object, object]],
                         context: ContextRules) -> Triage:
        """Build from (id, urgency, concepts, triggers, reassurances, ignore_context, exceptions) per red flag."""
        return cls((build_rule(*d) for d in definitions), context)

    @property
    def red_flags(self) -> tuple[str, ...]:
        return tuple(r.red_flag for r in self._rules)

    @property
    def speller(self) -> Speller:
        """How these rules read misspelt words (compare two with ``bot.spelling.reading_changes``)."""
        return self._speller

    def minimum_urgency(self, red_flag: str) -> Urgency:
        """The urgency a red flag always has (emergency when the flag is unknown: the safe side)."""
        return next((r.urgency for r in self._rules if r.red_flag == red_flag), Urgency.EMERGENCY)

    def assess(self, message: str, classified: Iterable[str] = ()) -> TriageResult:
        """Every red flag the message shows, most urgent first.

        ``classified``: the red flags the classifier reads in the message; only they can fire a trigger marked
        ``with_classifier`` (the rules alone, as in ``bot eval-rules``, never do).
        """
        classified = frozenset(classified)
        found, suppressed = self._assess(message, classified)
        joined = self._one_word_lines_joined(message)
        if joined != message:
            # Typed one word per line: read also as one sentence, and keep what either reading found. The lines
            # read apart keep their say over what is denied, over or someone else's (review r50: read only
            # joined, "not / slept / breathless" lost its breathlessness to the "not").
            for rf, level in self._assess(joined, classified)[0].items():
                found[rf] = strongest(found.get(rf, Urgency.ROUTINE), level)
        findings = sorted(
            (Finding(rf, level, "rules") for rf, level in found.items()),
            key=lambda f: (-f.urgency.rank, self.red_flags.index(f.red_flag)),
        )
        return TriageResult(
            tuple(findings),
            tuple(Suppressed(rf, why) for rf, why in suppressed.items() if rf not in found),
        )

    def _assess(self, message: str, classified: frozenset[str] = frozenset()
                ) -> tuple[dict[str, Urgency], dict[str, str]]:
        """The red flags one reading of the message raises, and those it holds back with the reason."""
        found: dict[str, Urgency] = {}
        suppressed: dict[str, str] = {}
        readings = self._readings(message)
        said = self._said_anywhere(readings)
        for reading in readings:
            for n, rule in enumerate(self._rules):
                for trig in rule.triggers:
                    if trig.with_classifier and rule.red_flag not in classified:
                        continue
                    verdict = self._verdict(n, rule, trig, reading, said)
                    if verdict is None or (trig.with_classifier and verdict != "fires"):
                        continue  # a classifier-backed trigger only ever adds urgency
                    if verdict == "fires" and reading.general_question and not reading.confirmed:
                        verdict = "general-question"
                    if verdict == "fires":
                        found[rule.red_flag] = strongest(found.get(rule.red_flag, Urgency.ROUTINE), trig.urgency)
                    else:
                        suppressed.setdefault(rule.red_flag, verdict)
                calm = self._unexplained(f"{n}/__except__/{REASSURANCES}", reading,
                                         reading.found.get(f"{n}/__reassured__", []))
                if any(self._why_not(m, rule, reading) is None for m in calm):
                    suppressed.setdefault(rule.red_flag, "reassured")
        return found, suppressed

    @staticmethod
    def _one_word_lines_joined(message: str) -> str:
        """The message with lines of one word each run together ("cant / feel / my / legs": one sentence).

        A line break ends a sentence, but two or more lines in a row of one word each may be one thought (not
        a line that asks: "Fever? / No / Chills? / Nope" is a list answered line by line). ``assess`` reads
        such a message both ways and keeps what either found, so a joined "no" ("no / chest / pain") denies
        only what the lines apart did not find.
        """
        if "\n" not in message:
            return message
        lines = message.split("\n")
        out = [lines[0]]
        for before, line in zip(lines, lines[1:], strict=False):
            # a line asking something ("Fever?") keeps its place in a list of questions answered line by line
            if len(before.split()) == 1 and len(line.split()) == 1 and "?" not in before[-1:] + line[-1:]:
                out[-1] += " " + line
            else:
                out.append(line)
        return "\n".join(out)

    def _readings(self, message: str) -> list[_Reading]:
        out = []
        cut = [(self._speller.correct(words(text)), end) for text, end in sentences_and_ends(message)]
        # A "no" after a symptom denies it only in a list of answered items: "Heartburn, yes. Chest pain, no."
        # or "Fever? No. Chills? Nope." ("Mild chest pain? No. Crushing." alone denies nothing).
        listed = sum(self._context.ends_in_answer(tokens) or (
            "?" in end and n + 1 < len(cut) and self._context.is_checklist_question(tokens)
            and self._context.is_answer(cut[n + 1][0])) for n, (tokens, end) in enumerate(cut)) >= 2
        for n, (tokens, end) in enumerate(cut):
            asks = "?" in end
            answered_no = asks and n + 1 < len(cut) and self._context.is_answer_no(cut[n + 1][0])
            # "Has the numbness worn off? No." says it goes on. In a list, "Tightenings? Nope." denies them: read
            # as "tightenings, no."
            goes_on = answered_no and self._context.asks_if_over(tokens)
            checklist = (listed and answered_no and not goes_on and self._context.is_checklist_question(tokens)
                         and "!" not in cut[n + 1][1])
            if checklist:
                tokens, asks, end = [*tokens, ",", "no"], False, "."
            # The next sentence confirms, or the one after a bare "no" ("Does anyone ...? Nope. I just did.").
            after = n + 2 if answered_no else n + 1
            confirmed = after < len(cut) and self._context.confirms_before(cut[after][0])
            for i in range(0, max(len(tokens), 1), _MAX_SENTENCE_WORDS):
                piece = tokens[i:i + _MAX_SENTENCE_WORDS]
                if not piece:
                    continue
                found: dict[str, list[Match]] = {}
                for m in self._index.find(piece):
                    found.setdefault(m.label, []).append(m)
                if not found:
                    continue
                general = self._context.is_general_question(piece, asks)
                targets = [m for label, ms in found.items() if label not in self._framing for m in ms]
                answered = self._context.answered_inline(piece)
                if listed and (at_end := self._context.answered_at(piece, end)) is not None:
                    answered.append(at_end)
                marks = self._context.read(piece, targets, answered)
                symptoms = frozenset(i for label, ms in found.items() if "/__" not in label
                                     for m in ms for i in range(m.start, m.end))
                out.append(_Reading(piece, marks, general, found, confirmed=confirmed, goes_on=goes_on,
                                    symptoms=symptoms))
        if any(self._says_she_is_pregnant(r) for r in out):
            out = [replace(r, patient_elsewhere=True) for r in out]
        return out

    def _says_she_is_pregnant(self, reading: _Reading) -> bool:
        """A patient phrase about another woman ("she is 35 weeks", "my friend is 30 weeks"), not about the writer's
        own birth ("I had my baby last night")."""
        at = reading.marks.trigger_tokens.get("patient", frozenset())
        return any(reading.tokens[i] in self._context.patient_elsewhere_starts for i in at if i - 1 not in at)

    def _may_be_the_patient(self, reading: _Reading) -> bool:
        """The other person named in this sentence could be the pregnant woman another sentence speaks of: not a
        man, a child or an animal ("My sister fainted. She is 35 weeks." but not "My husband fainted. ...")."""
        named = reading.marks.trigger_tokens.get("other_person", frozenset())
        return not any(reading.tokens[i] in self._context.patient_elsewhere_never for i in named)

    def _said_anywhere(self, readings: Sequence[_Reading]) -> frozenset[str]:
        """The "rule index/concept" labels of ``anywhere`` concepts said, and counting, somewhere in the message."""
        said = set()
        for reading in readings:
            for label, (n, rule, concept) in self._anywhere.items():
                if label not in reading.found:
                    continue
                matches = self._unexplained(f"{n}/__except__/{concept}", reading, reading.found[label],
                                            self._reach(rule.urgency))
                if any(self._why_not(m, rule, reading) is None for m in matches):
                    said.add(label)
        return frozenset(said)

    def _verdict(self, n: int, rule: RedFlagRule, trig: Trigger, reading: _Reading,
                 said: frozenset[str] = frozenset()) -> str | None:
        """None: the trigger's concepts are not all there; "fires"; otherwise why it does not count.

        A trigger whose concepts are there but denied ("my calves aren't swollen") reports the
        denial: it does not fire, and a classifier's guess of the same flag is dropped.
        """
        for concept in trig.concepts:  # most triggers stop here: a concept is not in the sentence at all
            label = f"{n}/{concept}"
            if label not in reading.found and not (concept in trig.anywhere and label in said):
                return None
        reason = ""
        ignores = (trig.ignores | ({"hypothetical"} if reading.confirmed else set())
                   | ({"historical"} if reading.goes_on else set()))
        for concept in trig.concepts:
            matches = self._unexplained(f"{n}/__except__/{concept}", reading, reading.found.get(f"{n}/{concept}", []),
                                        self._reach(trig.urgency))
            if concept in trig.anywhere and f"{n}/{concept}" in said and not matches:
                continue  # said in another sentence of the message
            if not matches:
                return None
            here = ignores | {"historical"} if concept in trig.past_ok else ignores
            whys = [self._why_not(m, rule, reading, here) for m in matches]
            if None in whys:
                continue
            reason = reason or next(w for w in whys if w)
        return reason or "fires"

    def _reach(self, urgency: Urgency) -> int | None:
        """How many words from itself an exception explains a mention away (None: the whole sentence)."""
        return self._context.emergency_exception_reach if urgency is Urgency.EMERGENCY else None

    def _unexplained(self, label: str, reading: _Reading, matches: Sequence[Match],
                     reach: int | None = None) -> list[Match]:
        """The mentions of a concept that no exception in the sentence explains away.

        An exception explains each mention on its side of a "but": "only spotting yesterday, but now blood is
        pouring" keeps the bleeding after the "but", and "worse at night, but only because ..." is still
        explained. An exception counts unless it is denied: "not like the baby kicking" does not explain the pain
        away. Denied in the narrow reading (right before it, no new clause between): in "I haven't lost weight,
        just a bit stiff" the denial belongs to the weight, and "just a bit stiff" still explains "stiff".
        An exception holding a mention's own words explains that mention alone, for every red flag ("waking up
        stiff, then shaking"; "I fell for it and then slipped on the stairs" keeps the slip: review r56 found an
        urgent flag's own-word exception voiding every mention in the sentence). With a ``reach`` (an emergency
        trigger's words), only an exception that near explains a mention away: "feeding" explains "my chest feels
        tight before feeding" but not a chest pain ten words before it.
        """
        exceptions = [e for e in reading.found.get(label, ())
                      if not self._context.strict_negation(reading.tokens, reading.marks, e.start)
                      and not self._not_before(reading.tokens, e.start, e.end)]
        contrast = self._context.refers_back.get("contrast", frozenset())

        def same_side(e: Match, m: Match) -> bool:
            return e.start > m.start or not any(t in contrast for t in reading.tokens[e.end:m.start])

        def overlaps(e: Match, m: Match) -> bool:
            return e.start < m.end and m.start < e.end

        # an exception holding a mention's own words reads only that mention ("waking up stiff" its own "stiff")
        own_words = {e for e in exceptions if any(overlaps(e, m) for m in matches)}

        def near(e: Match, m: Match) -> bool:
            if e in own_words:
                return overlaps(e, m)
            if reach is None:
                return True
            return max(e.start - m.end, m.start - e.end, 0) <= reach  # words between them

        return [m for m in matches if not any(same_side(e, m) and near(e, m) for e in exceptions)]

    def _not_before(self, tokens: Sequence[str], start: int, end: int) -> bool:
        """A one-word exception after "can't sleep" in its clause is denied by its "not", as it always was.

        "I can't sleep" is no denial of the symptoms after it (context.yml, pseudo), but its "not" used to deny
        the exception words right after it, and those readings stay: "can't sleep, baby not moving" (the baby's
        "sleep" exception), "I can't sleep exhausted and I passed out" (tiredness) (reviews r51, r52). A longer
        exception ("sleep on my back") says what it says. The words mirror the pseudo phrase in context.yml.
        """
        if end - start != 1:
            return False
        for i in range(start - 1, max(0, start - 1 - self._context.strict_negation_window), -1):
            if tokens[i] == "not" and tokens[i - 1] in ("can", "could") and tokens[i + 1] == "sleep":
                return True
            if tokens[i] == "," or tokens[i] in self._context.strict_terminators:
                return False
        return False

    def _why_not(self, match: Match, rule: RedFlagRule, reading: _Reading,
                 trigger_ignores: frozenset[str] = frozenset()) -> str | None:
        """None when the phrase counts; otherwise the ConText category that holds it back."""
        ignores = rule.ignores | trigger_ignores
        marks, start = reading.marks, match.start
        negated = (self._context.strict_negation(reading.tokens, marks, start, match.end, reading.symptoms)
                   if rule.urgency is Urgency.EMERGENCY
                   else marks.distance("negated", start) is not None)
        if negated:
            return "negated"

        def reaches(category: str) -> bool:
            if rule.urgency is Urgency.EMERGENCY:
                return self._context.reaches_emergency(category, reading.tokens, marks, start, match.end)
            return marks.distance(category, start) is not None

        if ("other_person" not in ignores and reaches("other_person")
                and marks.distance("patient", start) is None
                and not (reading.patient_elsewhere and self._may_be_the_patient(reading))):
            return "someone-else"
        # A film or a post is never the patient, and nothing cancels it; a flag that ignores other people
        # (self-harm: "watching the news makes me want to die") ignores it too.
        if "other_person" not in ignores and reaches("story"):
            return "someone-else"
        if "hypothetical" not in ignores and reaches("hypothetical"):
            return "hypothetical"
        if ("historical" not in ignores and reaches("historical")
                and marks.distance("current", start) is None):
            return "resolved"
        return None


def combine(rules: TriageResult, nlu: Sequence[Finding], sure: Iterable[str] = ()) -> TriageResult:
    """Both nets together: every finding from either, the stronger urgency per flag.

    A statistical finding is dropped when the rule layer saw that very flag's words and
    read them as denied, resolved, someone else's or hypothetical: the patient said "no
    fever", and a classifier that only sees the word "fever" must not overrule that.
    Unless the classifier is ``sure`` of that flag: then the rules' reading may be the
    mistake ("could not sleep, no urine coming" is not a denial).
    """
    denied = {s.red_flag for s in rules.suppressed if s.reason != "general-question"} - set(sure)
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

"""The ConText algorithm: is a symptom denied, over, imagined, or someone else's?

ConText (Harkema, Dowling, Thornblade, Chapman 2009, J Biomed Inform 42:839-851;
the successor of NegEx) reads a clinical sentence with lists of trigger phrases. Each
trigger has a category and a direction; its scope runs from the trigger over the
following words (forward), the preceding words (backward) or both, until a
terminating phrase, the end of the sentence, or the window's end. A symptom inside a
trigger's scope takes the trigger's category. Pseudo-triggers contain a trigger's words
but trigger nothing ("not sure", "no longer able"). We use ConText's categories
negated, historical, hypothetical and other person (its "experiencer"; a film, a book or a post
read is ``story``, someone else's in the same way), plus
``current``, which cancels historical ("it's back again"), and ``patient``, which cancels
other person: the relative whose pregnancy or birth is now ("my sister ..., she had her baby
last week") is the patient the message is about.

The trigger lists are content (``content/red-flags/context.yml``), so a clinician can
read and change them; this module only holds the algorithm. The whole sentence is read
once, and each trigger marks at most ``window`` words, so the time taken grows with the
sentence's length, not its square.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from bot import strict_yaml
from bot.phrases import Match, Phrase, PhraseIndex, parse_all, part_matches

CATEGORIES = ("negated", "historical", "hypothetical", "other_person", "story", "current", "patient")
DIRECTIONS = ("forward", "backward", "both")
CONTEXT_FILE = Path("red-flags") / "context.yml"
# Lists of context.yml that end the reach of some categories only ("terminate" ends every one): the writer's own
# body ("my back", "my legs") ends someone else's story; what she has instead of what she denied (", just ...")
# ends a denial, while a past event goes on over it; the watcher's own turn ("when suddenly I ...") ends a story.
ENDS_ONLY = {"terminate_other_person": ("other_person", "story"), "terminate_negated": ("negated",),
             "terminate_historical": ("historical",), "terminate_story": ("story",)}


class ContextError(ValueError):
    """The context rules cannot be used; the message names the field."""


@dataclass(frozen=True)
class Marks:
    """How each token of a sentence is modified: category -> {token index: distance in counted words}."""

    by_category: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    trigger_tokens: Mapping[str, frozenset[int]] = field(default_factory=dict)  # where each category's triggers sit
    answered: frozenset[int] = frozenset()  # where a listed item is answered "no" ("chest pain, no")

    def distance(self, category: str, index: int) -> int | None:
        """How many counted words a trigger of this category is from the token, or None if out of reach.

        Only a symptom's first word is looked at: "baby not moving" holds the trigger "not"
        inside the symptom's own words, which must not deny it.
        """
        return self.by_category.get(category, {}).get(index)


@dataclass(frozen=True)
class ContextRules:
    """Trigger lists and windows, read from ``context.yml``."""

    index: PhraseIndex  # triggers ("negated:forward" ...), pseudo-triggers and terminating phrases, in one trie
    windows: Mapping[str, int]
    strict_negation_window: int
    strict_terminators: frozenset[str]
    filler: frozenset[str]
    first_person: frozenset[str]
    question_starts: frozenset[str]
    generic_subjects: frozenset[str]
    refers_back: Mapping[str, frozenset[str]] = field(default_factory=dict)  # contrast, pronouns, between
    # "can't pick her up without pain": a denial followed by one of these in the same clause affirms.
    double_negative: Mapping[str, Any] = field(default_factory=dict)  # first, then (phrase texts), within
    # "Chest pain, no." and "Tightenings? Nope.": a one-word answer after the symptom denies it.
    answers_no: frozenset[str] = frozenset()
    # "She just did.": a short sentence saying an "if" said before it has happened.
    confirms: PhraseIndex = field(default_factory=lambda: PhraseIndex([]))
    not_checklist: frozenset[str] = frozenset()  # words that make "X?" a real question, not a checklist item
    not_inline_list: frozenset[str] = frozenset()  # panic or correction: no list answered inside the sentence
    progress: frozenset[str] = frozenset()  # "easing", "gone", "worn": a question whether it is over
    answers_yes: frozenset[str] = frozenset()
    # "My sister fainted. She is 35 weeks pregnant.": a patient phrase in another sentence counts when it starts
    # with one of these words, and the other person is not named with a word under "patient_elsewhere_never"
    patient_elsewhere_starts: frozenset[str] = frozenset()
    patient_elsewhere_never: frozenset[str] = frozenset()
    # An exception explains away only the words of an emergency trigger this close to it (None: anywhere in the
    # sentence): "... sharp pain in my chest when I breathe in ... just sitting here feeding" is not breastfeeding.
    emergency_exception_reach: int | None = None
    # Categories whose triggers, standing before an emergency's words, do not reach them over a comma: in
    # "history of PPH, soaking a pad every 20 minutes" the history is the PPH's; the soaking is now.
    emergency_comma_ends: frozenset[str] = frozenset()

    @classmethod
    def from_file(cls, path: Path) -> ContextRules:
        try:
            data = strict_yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise ContextError(f"{path}: cannot be read ({err})") from None
        return cls.from_data(data)

    @classmethod
    def from_content(cls, content_dir: Path) -> ContextRules:
        return cls.from_file(content_dir / CONTEXT_FILE)

    @classmethod
    def from_data(cls, data: Any) -> ContextRules:
        if not isinstance(data, Mapping):
            raise ContextError("context rules: expected named sections (triggers, pseudo, terminate, ...)")
        labelled: list[tuple[str, Phrase]] = []
        triggers = data.get("triggers")
        if not isinstance(triggers, Mapping):
            raise ContextError("triggers: give each category with its forward/backward/both phrase lists")
        for category, by_direction in triggers.items():
            if category not in CATEGORIES:
                raise ContextError(f"triggers.{category}: unknown category (use {', '.join(CATEGORIES)})")
            if not isinstance(by_direction, Mapping):
                raise ContextError(f"triggers.{category}: give forward, backward or both lists")
            for direction, phrases in by_direction.items():
                if direction not in DIRECTIONS:
                    raise ContextError(f"triggers.{category}.{direction}: use forward, backward or both")
                for phrase in _phrases(phrases, f"triggers.{category}.{direction}"):
                    labelled.append((f"{category}:{direction}", phrase))
        labelled += [("pseudo:none", p) for p in _phrases(data.get("pseudo", []), "pseudo")]
        labelled += [("terminate:none", p) for p in _phrases(data.get("terminate", []), "terminate")]
        for name in ENDS_ONLY:
            labelled += [(f"terminate:{name}", p) for p in _phrases(data.get(name, []), name)]
        windows = data.get("windows", {})
        if not isinstance(windows, Mapping) or not all(
            c in CATEGORIES and isinstance(n, int) and n > 0 for c, n in windows.items()
        ):
            raise ContextError("windows: give a whole number of words per category")
        strict = data.get("strict_negation_window", 3)
        if not isinstance(strict, int) or strict < 1:
            raise ContextError("strict_negation_window: give a whole number of words")
        reach = data.get("emergency_exception_reach")
        if reach is not None and (not isinstance(reach, int) or isinstance(reach, bool) or reach < 1):
            raise ContextError("emergency_exception_reach: give a whole number of words")

        comma_ends = data.get("emergency_comma_ends", [])
        if not isinstance(comma_ends, list) or not all(c in CATEGORIES for c in comma_ends):
            raise ContextError(f"emergency_comma_ends: give a list of categories ({', '.join(CATEGORIES)})")

        def words_of(name: str) -> frozenset[str]:
            value = data.get(name, [])
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise ContextError(f"{name}: give a list of words")
            return frozenset(w.lower() for w in value)

        refers = data.get("refers_back", {})
        if not isinstance(refers, Mapping) or not all(
                isinstance(refers.get(k, []), list) for k in ("contrast", "pronouns", "between")):
            raise ContextError("refers_back: give contrast, pronouns and between word lists")
        double = data.get("double_negative", {})
        if not isinstance(double, Mapping) or not all(isinstance(double.get(k, []), list) for k in ("first", "then")) \
                or not isinstance(double.get("within", 8), int):
            raise ContextError("double_negative: give first and then phrase lists and a whole number within")
        general = data.get("general_question", {})
        if not isinstance(general, Mapping):
            raise ContextError("general_question: give starts, first_person and generic_subjects lists")
        return cls(
            index=PhraseIndex(labelled),
            windows={c: int(windows.get(c, 6)) for c in CATEGORIES},
            strict_negation_window=strict,
            emergency_comma_ends=frozenset(comma_ends),
            strict_terminators=words_of("strict_terminate"),
            filler=words_of("filler"),
            first_person=frozenset(w.lower() for w in general.get("first_person", [])),
            question_starts=frozenset(w.lower() for w in general.get("starts", [])),
            generic_subjects=frozenset(w.lower() for w in general.get("generic_subjects", [])),
            refers_back={k: frozenset(str(w).lower() for w in refers.get(k, [])) for k in
                         ("contrast", "pronouns", "between")},
            double_negative={"first": frozenset(Phrase.parse(str(w)).text for w in double.get("first", [])),
                             "then": frozenset(Phrase.parse(str(w)).text for w in double.get("then", [])),
                             "within": int(double.get("within", 8))},
            answers_no=words_of("answers_no"),
            not_checklist=words_of("not_checklist"),
            not_inline_list=words_of("not_inline_list"),
            progress=words_of("progress"),
            answers_yes=words_of("answers_yes"),
            patient_elsewhere_starts=words_of("patient_elsewhere_starts"),
            patient_elsewhere_never=words_of("patient_elsewhere_never"),
            confirms=PhraseIndex([("confirm", p) for p in _phrases(data.get("confirms", []), "confirms")]),
            emergency_exception_reach=reach,
        )

    def confirms_before(self, tokens: Sequence[str]) -> bool:
        """A sentence that only says an "if" said before it has now happened ("She just did.", "Yes, both now.").

        The confirming phrase must be the whole sentence, but for one word such as "now" or "yes": "It has
        happened to my sister" or "I have now read the leaflet" confirm nothing.
        """
        spare = {"now", "yes", "yeah", "well", "and", "so", "actually", "already", "sadly", "unfortunately", "oh"}
        said = [t for t in tokens if t != ","]
        for m in self.confirms.find(tokens):
            rest = [t for i, t in enumerate(tokens) if not m.start <= i < m.end and t != ","]
            if len(rest) <= 1 and all(t in spare for t in rest) and said:
                return True
        return False

    def is_answer(self, tokens: Sequence[str]) -> bool:
        """A sentence that is only a short yes or no answer."""
        said = [t for t in tokens if t != ","]
        return 0 < len(said) <= 2 and all(t in self.answers_no or t in self.answers_yes for t in said)

    def is_answer_no(self, tokens: Sequence[str]) -> bool:
        """A sentence that is only a "no" answer: "Nope.", "No, none.", "Nah, never" (not a panicked "no no no")."""
        said = [t for t in tokens if t != ","]
        return 0 < len(said) <= 2 and len(set(said)) == len(said) and all(t in self.answers_no for t in said)

    def ends_in_answer(self, tokens: Sequence[str]) -> bool:
        """A list item answered at its end: "heartburn, yes", "chest pain, no"."""
        return (len(tokens) >= 3 and tokens[-2] == "," and not self.is_answer(tokens[:1])
                and (tokens[-1] in self.answers_no or tokens[-1] in self.answers_yes))

    def asks_if_over(self, tokens: Sequence[str]) -> bool:
        """A question whether a symptom is over or easing ("Has the fever broken?", "Numbness wearing off?")."""
        return any(t in self.progress for t in tokens)

    def is_checklist_question(self, tokens: Sequence[str]) -> bool:
        """A symptom named as a bare question, as in a checklist: "Tightenings?", "Burning when I pee?".

        Not a real question ("Has the pain eased? No." says it goes on; "Any point in living? No.").
        """
        return (0 < len(tokens) <= 5 and tokens[0] not in self.question_starts
                and not any(t in self.not_checklist or t in self.progress for t in tokens))

    def answered_at(self, tokens: Sequence[str], end: str) -> int | None:
        """Where a sentence-final "no" answer begins ("chest pain, no." -> the comma), or None.

        Only after a few words, as in a checklist, and only when the sentence ends calmly: "lots of blood, no?"
        asks to be told it is fine, "there's blood everywhere, no!" is panic, and "I fell down the stairs today,
        no." is not a list.
        """
        if end not in ("", ".") or self.asks_if_over(tokens):  # "chest pain easing, no": it goes on
            return None
        for comma in (len(tokens) - 4, len(tokens) - 3, len(tokens) - 2):  # "x, no, none" "x, nope none" "x, no"
            if 0 < comma <= 4 and tokens[comma] == "," and self.is_answer_no(tokens[comma + 1:]):
                return comma
        return None

    def answered_inline(self, tokens: Sequence[str]) -> list[int]:
        """Where "no" answers an item of a list said in one sentence: "fever no, rash yes, headache no".

        Only in a list of two or more items each answered "yes" or "no" in a few words, so "I said no" or a
        lone "blood everywhere no" answers nothing. The positions of the "no"s.
        """
        answers = self.answers_no | self.answers_yes
        if any(t in self.not_inline_list for t in tokens):  # "blood everywhere no", "no, actually yes"
            return []
        parts, start = [], 0
        for i, token in enumerate([*tokens, ","]):
            if token in (",", ":", ";"):
                parts.append((start, i))
                start = i + 1
        items = [(a, b) for a, b in parts
                 if 2 <= b - a <= 5 and tokens[b - 1] in answers and tokens[a] not in answers]
        if len(items) < 2:
            return []
        return [b - 1 for _, b in items if tokens[b - 1] in self.answers_no]

    def read(self, tokens: Sequence[str], targets: Sequence[Match] = (), answered: Sequence[int] = ()) -> Marks:
        """ConText over one sentence's tokens: which tokens each category reaches, and how far away.

        A trigger inside a symptom's own words does not act ("not" in "can't feel my legs"), except one
        saying it goes on ("not getting better" is a symptom's words and says it is not over). ``answered``:
        the clause before each of these tokens is answered "no" ("chest pain, no"), as if a denial stood there;
        such a "no" denies nothing after it ("fever no, numb bottom yes").
        """
        found = list(self.index.find(tokens))
        pseudo = [m for m in found if m.label.startswith("pseudo:")]
        terminators = [m for m in found if m.label.startswith("terminate:")]
        # The token positions of the pseudo-triggers' own words, and reach[i]: the furthest end of any symptom
        # starting at or before token i, so "is this trigger held back / inside one?" is one look-up per token.
        pseudo_words = _own_words(tokens, pseudo)
        target_reach = _reach(len(tokens), targets)
        # A pseudo-trigger holds back the triggers inside it ("not" in "not getting better"), not a trigger
        # that is the very same phrase (listed as both: "not getting better" says the symptom goes on).
        same_as_pseudo = {(m.start, m.end) for m in pseudo}
        triggers = _longest_first([m for m in found if not m.label.startswith(("pseudo:", "terminate:"))
                                   and ((m.start, m.end) in same_as_pseudo
                                        or not any(i in pseudo_words for i in range(m.start, m.end)))
                                   and (m.label.startswith("current:") or target_reach[m.start] < m.end)])
        stops = ({m.start for m in terminators if m.label == "terminate:none"}
                 | {i for i, t in enumerate(tokens) if t in {";", ":"}})
        # A "no" that answers ("fever no, rash yes"; "I told him no, ...") denies nothing after it.
        triggers = [m for m in self._without_double_negatives(triggers, found, stops)
                    if not (m.label.startswith("negated:")
                            and (m.start in answered or self._is_interjection(tokens, m)))]
        ends_of = {category: stops | {m.start for m in terminators if m.label == f"terminate:{name}"}
                   for name, categories in ENDS_ONLY.items() for category in categories}
        marks: dict[str, dict[int, int]] = {c: {} for c in CATEGORIES}
        at: dict[str, set[int]] = {c: set() for c in CATEGORIES}
        for trig in triggers:
            category, direction = trig.label.split(":")
            at[category].update(range(trig.start, trig.end))
            window = self.windows[category]
            # "It went away last week but it's back": a recurrence reaches back over the clause break.
            ends = set() if category in ("current", "patient") else ends_of.get(category, stops)
            if direction in ("forward", "both"):
                self._mark(marks[category], tokens, range(trig.end, len(tokens)), window, ends, backward=False)
            if direction in ("backward", "both"):
                # Only a denial stops at a comma going back ("swollen ankles, face and hands are fine");
                # a past event reaches over one ("I had a UTI, all cleared").
                start, reach_ends, over_but = trig.start - 1, ends, False
                if category == "historical":
                    start, reach_ends, over_but = self._referred_back(tokens, trig.start, ends)
                self._mark(marks[category], tokens, range(start, -1, -1), window, reach_ends,
                           backward=True, stop_at_comma=category == "negated" or over_but)
        for answer in answered:
            self._mark(marks["negated"], tokens, range(answer - 1, -1, -1), self.windows["negated"], stops,
                       backward=True, stop_at_comma=True)
            at["negated"].add(answer)
        return Marks(marks, {c: frozenset(v) for c, v in at.items()}, frozenset(answered))

    def _is_interjection(self, tokens: Sequence[str], m: Match) -> bool:
        """A lone "no" before a comma inside a sentence ("I told him no, ..."): an answer or an exclamation, not a
        word that denies the next ones. At the start of a sentence it still may ("No, fever?")."""
        return (m.start > 0 and m.end - m.start == 1 and tokens[m.start] in self.answers_no
                and tokens[m.end:m.end + 1] == [","] and tokens[m.start - 1] not in _HAVE)

    def _without_double_negatives(self, triggers: list[Match], found: list[Match], stops: set[int]) -> list[Match]:
        """Drop both denials of "can't ... without": together they say it happens.

        The first denial counts even inside a symptom's own words ("can't pick her up without pain").
        """
        rule = self.double_negative
        if not rule or not rule.get("then"):
            return triggers
        denials = [m for m in found if m.label.startswith("negated:")]
        dropped: set[tuple[int, int]] = set()
        for second in denials:
            if second.phrase.text not in rule["then"]:
                continue
            for first in denials:
                if (first is not second and first.phrase.text in rule["first"]
                        and 0 < second.start - first.end <= rule["within"]
                        and not any(first.end <= i <= second.start for i in stops)):
                    dropped.update({(first.start, first.end), (second.start, second.end)})
        return [m for m in triggers if not (m.label.startswith("negated:") and (m.start, m.end) in dropped)]

    def _referred_back(self, tokens: Sequence[str], at: int, stops: set[int]) -> tuple[int, set[int], bool]:
        """Where a past-event phrase reaches back from: over "but" when its subject points back at it.

        "my legs went numb but it wore off": "it" is the numbness, so "wore off" reaches over "but".
        "numb legs but the fever has gone": the fever is something else, so the scope stops at "but".
        The pronoun may be the phrase's own first word: "... but it passed". Reaching over "but", it reaches only
        the clause just before it (to a comma): in "calf swollen and hot, had a cramp but it passed" "it" is the
        cramp. The last value says whether it reached over.
        """
        pronouns = self.refers_back.get("pronouns", frozenset())
        contrast = self.refers_back.get("contrast", frozenset())
        j = at - 1
        while j >= 0 and tokens[j] in self.refers_back.get("between", frozenset()):
            j -= 1
        for pronoun in (at, j):  # the phrase's own first word, or the word before it
            if pronoun >= 1 and tokens[pronoun] in pronouns and tokens[pronoun - 1] in contrast:
                return _before_comma(tokens, pronoun - 2), stops - {pronoun - 1}, True
        return at - 1, stops, False

    def _mark(self, marked: dict[int, int], tokens: Sequence[str], span: range, window: int,
              stops: set[int], backward: bool, stop_at_comma: bool = False) -> None:
        counted = 0
        for i in span:
            token = tokens[i]
            if backward and ((stop_at_comma and token == ",") or (i + 1) in stops):
                break  # a backward scope ends at the clause's start
            if not backward and i in stops:
                break
            if token == ",":
                continue
            if token not in self.filler:
                counted += 1
                if counted > window:
                    break
            marked[i] = min(marked.get(i, counted), max(counted, 1))

    def reaches_emergency(self, category: str, tokens: Sequence[str], marks: Marks, start: int, end: int) -> bool:
        """Whether the category holds back an emergency's words from ``start`` to ``end``.

        As for any symptom, but for the categories in ``emergency_comma_ends`` a trigger before the words does not
        reach them over a comma ("I had a PPH with my first baby, bleeding through a pad every half hour now"); a
        trigger after them still reaches back over one ("a small bleed at 12 weeks, all fine since").
        """
        if marks.distance(category, start) is None:
            return False
        if category not in self.emergency_comma_ends:
            return True
        at = marks.trigger_tokens.get(category, frozenset())
        for i in range(start - 1, -1, -1):
            if i in at:
                return True
            if tokens[i] == ",":
                break
        # reached from after the words (a trigger that reaches back), or not at all
        return any(i in at for i in range(end, len(tokens)))

    def strict_negation(self, tokens: Sequence[str], marks: Marks, start: int, end: int | None = None,
                        symptoms: frozenset[int] = frozenset()) -> bool:
        """The narrow reading used for emergencies: a denial right before the symptom, no new clause between.

        A comma between ends it too, but in a list joined by "or" ("no fever, heavy bleeding" says she bleeds;
        "no fever, chest pain or bleeding" denies all three). Further than the window, a denial still governs an
        item of such a list when every word between is a symptom's (``symptoms``: their token positions), a
        comma, "or" or "nor" ("denies fever, leg pain or heavy bleeding"; not "I don't feel right, dizzy or
        faint").

        A denial after the symptom ("legs are fine", "chest pain, no") governs it only when nothing but filler
        words stand between them: in "she had a seizure tonight, everything is fine with the baby" the "fine" is
        the baby's. ``end``: where the symptom's words end (without it, only the words before are checked).
        """
        distance = marks.distance("negated", start)
        if distance is None:
            return False
        if distance > self.strict_negation_window:
            return self._denied_list(tokens, marks, start, end, symptoms)
        # Walk back to the nearest negation trigger; a clause word (or a comma, outside an "or" list) on the way
        # means it does not govern this.
        denials = marks.trigger_tokens.get("negated", frozenset())
        for i in range(start - 1, max(-1, start - 16), -1):
            if i in denials:
                return True
            if tokens[i] in self.strict_terminators:
                return False
            if tokens[i] == "," and not _joined_by_or(tokens, i, start, end, symptoms):
                break
        else:
            if end is None:
                return True
        if end is None:
            return False
        after = min((i for i in denials if i >= end), default=None)
        if after is None:
            return False
        # An answered item ("numb bum no, legs fine"; "Seizures in the family? No.") is denied whole, whatever its
        # words.
        return after in marks.answered or all(t in self.filler or t in _LIST_WORDS for t in tokens[end:after])

    @staticmethod
    def _denied_list(tokens: Sequence[str], marks: Marks, start: int, end: int | None,
                     symptoms: frozenset[int]) -> bool:
        denials = marks.trigger_tokens.get("negated", frozenset())
        comma = None
        for i in range(start - 1, -1, -1):
            if i in denials:
                break
            if tokens[i] == ",":
                if comma is None:
                    comma = i  # the nearest comma before the symptom starts its own item
            elif i not in symptoms and tokens[i] not in _OR_WORDS:
                return False
        else:
            return False
        return (any(j in symptoms for j in range(i + 1, start))
                and _joined_by_or(tokens, i if comma is None else comma, start, end, symptoms))

    def is_general_question(self, tokens: Sequence[str], asks: bool) -> bool:
        """A question about people in general ("can PLO cause height loss?"), not about the writer."""
        if not tokens:
            return False
        # A first word such as "can" or "could" asks only without its "not": "can't reach anyone, soaking a pad every
        # hour" (with the question mark, "can't anyone help?", it still asks)
        asks = asks or (tokens[0] in self.question_starts and tokens[1:2] != ["not"])
        return (asks and not any(t in self.first_person for t in tokens)
                and any(t in self.generic_subjects for t in tokens))


_OR_WORDS = frozenset({"or", "nor"})


def _joined_by_or(tokens: Sequence[str], before: int, start: int, end: int | None, symptoms: frozenset[int]) -> bool:
    """The symptom at ``start`` is an item of a list joined by "or": one stands between the comma (or denial) at
    ``before`` and it, or right after its words with another symptom after that ("no fever, chest pain or
    bleeding"); not "or so", "or less", nor an "or" of an earlier list ("no fever or chills, passed out")."""
    if any(tokens[k] in _OR_WORDS and k + 1 in symptoms for k in range(before + 1, start)):
        return True
    for j in range(end if end is not None else start, len(tokens)):
        if tokens[j] in _OR_WORDS:
            return j + 1 in symptoms
        if j not in symptoms:
            return False
    return False


def _phrases(value: Any, where: str) -> list[Phrase]:
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        raise ContextError(f"{where}: put yes, no, on and off in quotes (\"no\"), or YAML reads them as true/false")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContextError(f"{where}: give a list of phrases")
    out = []
    for v in value:
        try:
            out.extend(parse_all(v))
        except ValueError as err:
            raise ContextError(f"{where}: {err}") from None
    return out


def _before_comma(tokens: Sequence[str], i: int) -> int:
    """Step back over the comma that ends a clause ("mastitis in March, but it cleared")."""
    return i - 1 if i >= 0 and tokens[i] == "," else i


_HAVE = frozenset({"have", "has", "had", "got", "with"})  # "I have no, um, fever": a denial
# Words that may stand between a symptom and a denial after it and still leave the denial its own ("legs and
# feet are fine", "chest pain, no").
_LIST_WORDS = frozenset({",", "and", "or", "both", "either", "too", "also"})


def _reach(length: int, spans: Sequence[Match]) -> list[int]:
    """For each token, the furthest end of the spans that start at or before it (-1 when none)."""
    furthest = [-1] * (length + 1)
    for m in spans:
        furthest[m.start] = max(furthest[m.start], m.end)
    for i in range(1, len(furthest)):
        furthest[i] = max(furthest[i], furthest[i - 1])
    return furthest


def _own_words(tokens: Sequence[str], matches: Sequence[Match]) -> set[int]:
    """The token positions of the matches' own words, without the words their "..." gaps let in: in "the numbness
    came on and wore off last night", a pseudo-trigger "came on ... last night" must not hold back "wore off"."""
    own: set[int] = set()
    for m in matches:
        parts = m.phrase.parts
        if "..." not in parts:
            own.update(range(m.start, m.end))
            continue
        head = parts.index("...")
        tail = len(parts) - 1 - parts[::-1].index("...")
        own.update(range(m.start, m.start + head))
        own.update(range(m.end - (len(parts) - 1 - tail), m.end))
        middle = [p for p in parts[head + 1:tail] if p != "..."]
        own.update(i for i in range(m.start + head, m.end - (len(parts) - 1 - tail))
                   if any(part_matches(p, tokens[i]) for p in middle))
    return own


def _overlap(a: Match, b: Match) -> bool:
    return a.start < b.end and b.start < a.end


def _longest_first(matches: list[Match]) -> list[Match]:
    """Overlapping triggers: the longest wins ("not had any" over "not")."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(_overlap(m, k) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)

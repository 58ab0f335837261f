"""Plain-word phrases matched against a patient's words: the language red-flag files are written in.

A clinician writes a phrase the way a patient would say it; this module turns both
into the same normal form and finds one in the other. The whole syntax:

- words are matched whole and without regard to case or apostrophes: ``can't feel``
  also matches "cant feel", "cannot feel", "can not feel" and "couldn't feel";
- ``numb*`` matches any word that starts with "numb" (numb, numbness, numbed);
- ``...`` between two words lets up to three other words stand between them:
  ``can't ... feel`` matches "can't really feel" and "can't properly feel";
- ``(a | b)`` stands for either set of words, so one line says what would otherwise be
  written out many times: ``is it (bad | normal | a problem) if i (fainted | passed out)``
  is six phrases. ``(a |)`` makes words optional. A line may hold up to four groups.

No regular expressions: a reviewer can read every phrase, and matching takes time in
proportion to the message's length, whatever the message holds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

GAP_WORDS = 3  # how many other words "..." lets through
# A gap never passes over a denial or a clause break: "heart ... racing" must not match "heart's not racing".
_GAP_STOPS = frozenset({"not", "no", "never", ",", ";", ":"})

# A body part, a wound or a symptom, for "my wound's gone red" (see _SPELLINGS).
_BODY_WORD = (r"\b(wound|scar|incision|stitches|staples|calf|leg|chest|heart|head|headache|vision|eyesight|temperature|"
              r"temp|fever|bleeding|blood|pain|ankle|tummy|belly|bladder|spine|tear)")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u2026": "..."})
# Contractions and run-together spellings, one written form each, so that a phrase written
# one way matches every way patients type it. Applied to phrases and messages alike.
_SPELLINGS = (
    (r"\bcan ?not\b|\bcan'?t\b|\bcnt\b|\bcant\b", "can not"),
    # "couldn't" is the "can't" of a moment just past ("I couldn't breathe last night", "couldn't feel my legs when I
    # got up"): read as "can not", so that every "can't" phrase also finds it; a past time said with it still counts.
    # Scots "couldnae" / "couldna" too: the Scots rule below would leave it "could not", which no phrase holds any more
    # (every phrase's "could not" is read as "can not"), so "I couldnae wake her" would find nothing.
    (r"\bcould ?not\b|\bcould'?nt\b|\bcouldn'?t\b|\bcudn'?t\b|\bcoudn'?t\b|\bcouldnae\b|\bcouldna\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\bshan'?t\b", "shall not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|should|would|must|need|ai)n'?t\b", r"\1 not"),  # "couldn't": above
    (r"\bi'?m\b", "i am"),
    (r"\bi'?ve\b", "i have"),
    (r"\bi'?ll\b", "i will"),
    # "she'll hurt the baby": with the apostrophe only ("shell", "well", "hell" are words)
    (r"\b(she|he|you|we|they|it|that|there)'ll\b", r"\1 will"),
    (r"\bi'?d\b", "i would"),
    (r"\b(she|he|it|that|there|what|who)'s\b", r"\1 is"),
    # "my wound's gone red", "my scar's oozing": a body part, a wound or a symptom with 's is that thing "is" (or
    # "has"), never a possessive that a phrase spells run together ("wifes", "babys" stay as they are).
    (_BODY_WORD + r"'s\b(?= (gone|got|been|become|"
     r"turned|started|stopped|come|opened|split|burst)\b)", r"\1 has"),
    # Not before a word that says all is well ("my temp's normal"): a denial written out reaches back over the
    # symptoms before it, and the run-together form keeps that reach from growing.
    (_BODY_WORD + r"'s\b(?! (fine|normal|ok|okay|good|"
     r"alright|all right|better|grand|perfect|clear|settled|sorted|same|no|not|never)\b)", r"\1 is"),
    (r"\b(you|we|they)'re\b", r"\1 are"),
    (r"\b(you|we|they)'ve\b", r"\1 have"),
    (r"\bu\b", "you"),
    (r"\bbby\b", "baby"),  # "bby not moving much"
    (r"\bbbys\b", "babys"),
    (r"\bur\b", "your"),
    (r"\bpls\b|\bplz\b", "please"),
    (r"\bwks?\b", "weeks"),
    (r"\b(\d{1,2}) ?(?:week|weks|wiks|weeks?)\b", r"\1 weeks"),  # "31 week", "31week": the pregnancy's weeks
    # "35+2", "35+ weeks", "38+3wks": weeks (and days) of pregnancy; "48+ hours" and "10+kg" are left alone.
    (r"\b(2\d|3\d|4[0-2]) ?\+ ?(?:[0-6](?!\d)(?: ?(?:weeks?|wks?|w)\b)?|(?:weeks?|wks?|w)\b)", r"\1 weeks"),
    (r"\bme (legs|back|bum|belly|tummy|waters|baby|husband|mum)\b", r"my \1"),  # "me legs" (dialect)
    # Scots: "cannae", "didnae", "dinnae" are "can't", "didn't", "don't"; "ma heid", "ma hauns" are my head, my hands.
    # Only the forms of "can" and "do", which symptoms are told with ("cannae feel", "cannae breathe", "didnae feel
    # him move"); "wisnae", "isnae", "hasnae" mostly deny, and as "not" they reached over a fall told beside them.
    # Not "wean" / "bairn": a bairn can be a grown daughter ("ma bairn passed out at her work"), and as "baby" it would
    # meet the exceptions written for a sleeping baby (review r37).
    (r"\b(can|do|did|does)nae\b", r"\1 not"), (r"\bcanna\b", "can not"),
    (r"\bdinnae\b", "do not"), (r"\bdisnae\b", "does not"),
    (r"\bma (heid|hauns|haun|legs?|back|belly|heart|chest|een|bum|waters)\b", r"my \1"),
    (r"\bheid\b", "head"), (r"\bhauns\b", "hands"), (r"\bhaun\b", "hand"), (r"\bmy een\b", "my eyes"),
    (r"\bsair\b", "sore"), (r"\bdoon\b", "down"), (r"\bflair\b", "floor"),
    # "cannae mind" is can't remember; "doon the stair" is down the stairs (in Scots "the stair" is the staircase)
    (r"\b(can|could) not mind\b", r"\1 not remember"), (r"\bdown the stair\b", "down the stairs"),
    # "scared stiff" as the writer's own fear, or with what she fears: the word "stiff" is gone, so it neither
    # shakes nor is explained away. Not "frozen stiff" or "she was terrified stiff": a witness may mean her body.
    (r"\b(i am|i was|i feel|i felt|i get|i got|i have been|we are|we were)( so| really| absolutely| just)? "
     r"(scared|worried|frightened|terrified) stiff\b", r"\1\2 \3 witless"),
    (r"\b(scared|worried|frightened|terrified) stiff (of|about|for|that|waiting)\b", r"\1 witless \2"),
    (r"\bbored stiff\b", "bored witless"),
    (r"\b(i am|i was|i went|i felt|i just went) rigid with (fear|shock|terror|panic|nerves|fright)\b",
     r"\1 frozen with \2"),
    (r"\bhrs?\b", "hours"),
    (r"\bmins?\b", "minutes"),
    (r"\bbubba\b|\bbubs?\b", "baby"),
    # Texting and phonetic short forms too short for the speller (bot/spelling.py) to correct safely.
    (r"\bbak\b|\bbck\b", "back"),
    (r"\bwen\b", "when"),
    (r"\bdosnt\b|\bdosent\b|\bduznt\b", "does not"),
    (r"\bdint\b|\bdidnt\b", "did not"),
    (r"\bevn\b", "even"),
    # "wanna" and its slips (wana, wannna, wannaa, wannah, wnna, wanan) are "want to": every "want to" phrase reads them
    (r"\bw(?:a+n+|n+)a+[hn]?\b", "want to"),
    (r"\bgoin\b", "going"),  # a dropped g in a word the speller's "-ing" rule is too short for
    (r"\bdoin\b", "doing"),
    (r"\bwil\b", "will"),
    (r"\brealy\b", "really"),
    (r"\blike a lite\b", "like a light"),
    (r"\b(want to|to) b (here|alive|around)\b", r"\1 be \2"),
    # Misspellings the speller (bot/spelling.py) cannot mend: short words, words it knows from the training data or
    # the content, words two letters away. Each rewritten only where it stands for a red-flag word, since most are
    # also ordinary English: "feeling feint", "blood poring out", "past out", "my left angle is swollen", "not relived
    # by rest", "lost control of my bowls", "passing clods".
    (r"\bfeint(ed|ing|s)?\b", r"faint\1"),
    (r"\bporing (out|down|from|everywhere)\b", r"pouring \1"),
    (r"\b(?:pasted|past) out\b", "passed out"),
    (r"\bpasting out\b", "passing out"),
    (r"\b(my|her|both|swollen|puffy|fat|left) ((?:left |right )?)angle(s?)\b", r"\1 \2ankle\3"),
    (r"\brelived\b", "relieved"),  # "not relived by rest"
    (r"\bbetter off w(?:thout|ithot|itout|ithut|tihout)\b", "better off without"),  # "wthout" alone is left: as
    # "without" it is a denial, and it would deny the symptom after it ("wthout warning blood started pouring")
    (r"\b(of|my|catch|get|lose|losing) breadth\b", r"\1 breath"),  # "short of breadth"
    (r"\b(my|her|of) bowls\b", r"\1 bowels"),
    (r"\b(passing|big|huge|large|blood) (?:clods|clogs|colts)\b", r"\1 clots"),
    (r"\bgrasping for (air|breath)\b", r"gasping for \1"),
    (r"\b(?:cheat|chess) pain(s?)\b", r"chest pain\1"),
    (r"\b(my|her) chess ((?:is |was |feels |felt |)(?:really |so |very |)(?:tight|heavy|sore|crushing|painful))\b",
     r"\1 chest \2"),
    (r"\b(my|her) chess (hurts|hurt|pains) (when|if|and|so|to)\b", r"\1 chest \2 \3"),
    (r"\b(vision|eyes|eye|sight) ((?:is |are |was |has gone |went |)(?:all |a bit |really |so |)?)burry\b",
     r"\1 \2blurry"),
    (r"\bburry (vision|eyes|sight)\b", r"blurry \1"),
    (r"\bwaiters\b", "waters"),
    (r"\b(having|regular|painful|strong|getting|timing|the) contradictions\b", r"\1 contractions"),
    (r"\bcontradictions (every|are|since|coming|started|have|keep)\b", r"contractions \1"),
    (r"\bnickers\b", "knickers"),
    (r"\bquitter\b", "quieter"),
    (r"\benable to\b", "unable to"),
    (r"\b(my|her|the) groan\b", r"\1 groin"),
    # "its gone now", "thats cleared up": "it is", "that is", as "it's" is, before a word that says a symptom is over
    (r"\b(it|that)s (gone|fine|settled|better|cleared|stopped|over|passed|healed|all gone|back to normal)\b",
     r"\1 is \2"),
    (r"\b(my|her|your) self\b", r"\1self"),  # "kill my self"
    (r"\b(?:seizer|ceasure|ceazure|seazure|seasure|seisure)(s?)\b", r"seizure\1"),
    (r"\b(my|her) heat (is |was |keeps |)(racing|pounding|beating|thumping)\b", r"\1 heart \2\3"),
    (r"\bheart (is |was |keeps |)raising\b", r"heart \1racing"),
    (r"\b(legs?|knees?) (keep |keeps |kept |are |is |)(giving|gave|give|gives) away\b", r"\1 \2\3 way"),
    (r"\bcontrol (of |over )(my |her )bowl\b", r"control \1\2bowels"),
    (r"\bdeceased (fetal|foetal|baby|babys|movements?)\b", r"decreased \1"),
    (r"\bblod\b", "blood"),
    (r"\bblurd\b", "blurred"),
    (r"\b(face|hands|fingers|feet|ankles|calf|leg|eyes|lips) ((?:is |are |look |looks |)(?:so |all |really |)?)swole\b",
     r"\1 \2swollen"),
    (r"\bcalfs\b", "calves"),
    (r"\b(my|her|left|right) calve\b", r"\1 calf"),
    (r"\bloosing (weight|kilos|pounds|kg|stone)\b", r"losing \1"),
    (r"\b(losing|lost|lose|dropped) wait\b", r"\1 weight"),
    # Pre-eclampsia (a blood-pressure illness) is one word here, so that it is never read as
    # eclampsia (its seizures), whether written "pre-eclampsia", "pre eclampsia" or "preeclampsia".
    (r"\bpre[\s-]*(eclamp)", r"pre\1"),
    # Body parts written as emoji ("my \U0001f9b5 is red and puffy") read as the words they stand for; emoji that
    # say many other things (a peach, eyes, a drop of blood) do not.
    ("\U0001f9b5\U0001f9b5", " both legs "), ("\U0001f9b5", " leg "), ("\U0001f9b6", " foot "),
    ("\U0001f519", " back "), ("\U0001fac0", " heart "), ("\U0001fac1", " lungs "), ("\U0001f9e0", " brain "),
    ("\U0001f930", " pregnant "),
)
_SPELLING_PATTERNS = tuple((re.compile(p), r) for p, r in _SPELLINGS)
# Words are letters (with inner apostrophes) or numbers with one decimal point; punctuation
# that ends a clause is kept as its own token so that context rules can stop at it.
# Letters include Latin Extended Additional (U+1E00-U+1EFF): Vietnamese letters with a tone mark ("tự", "thở")
# would otherwise cut a word in two ("tốt", good, read as "t t").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z\u00c0-\u024f\u1e00-\u1eff]+(?:'[a-z]+)*|[,;:]")
# A full stop ends a sentence only when a space or the end follows it and it is not part of
# "...": "38.5", "calf.its" and "numb... down there" stay one thought.
_SENTENCE_END = re.compile(r"(?<!\.)\.(?!\.)(?=\s|$)|[!?]+|\n+")


def normalise(text: str) -> str:
    """Lower case, straight quotes, one spelling per contraction, single spaces."""
    # composed accents (a phone may send "ã" as "a" plus a combining tilde), and the Turkish capital dotted I,
    # whose lower case is "i" plus a combining dot
    text = unicodedata.normalize("NFC", text).lower().replace("i\u0307", "i").translate(_QUOTES)
    for pattern, replacement in _SPELLING_PATTERNS:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def sentences(text: str) -> list[tuple[str, bool]]:
    """The normalised message cut into sentences, each with whether it ended in a question mark.

    "38.5", "numb...down there" and "calf.its" stay whole.
    """
    return [(piece, "?" in end) for piece, end in sentences_and_ends(text)]


def sentences_and_ends(text: str) -> list[tuple[str, str]]:
    """Like ``sentences``, with the punctuation that ended each one ("?", "!", "?!", "." or "" at the end)."""
    text = normalise(text)
    out: list[tuple[str, str]] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        piece = text[start:end.start()].strip()
        if piece:
            out.append((piece, end.group().strip()))
        start = end.end()
    if text[start:].strip():
        out.append((text[start:].strip(), ""))
    return out


def words(sentence: str) -> list[str]:
    """The tokens of one normalised sentence: words, numbers, and the commas/semicolons between clauses."""
    return [w.replace("'", "") for w in _TOKEN.findall(sentence)]


MAX_GROUPS = 4  # "(a | b)" groups in one written line
MAX_VARIANTS = 64  # phrases one written line may stand for
_GROUP = re.compile(r"\(([^()]*)\)")


def expand(written: str) -> list[str]:
    """Every phrase a written line stands for: "is it (bad | ok) if i fell" gives two.

    ValueError with a reader's message for a bracket left open, a group inside a group, a group
    with one choice, or a line that would stand for too many phrases.
    """
    if not isinstance(written, str):
        raise ValueError("a phrase must be some words")
    groups = _GROUP.findall(written)
    rest = _GROUP.sub(" ", written)
    if "(" in rest or ")" in rest:
        raise ValueError(f"'{written}': every '(' needs its ')', and a group cannot hold another group")
    if "|" in rest:
        raise ValueError(f"'{written}': '|' separates choices inside brackets: (bad | serious)")
    if len(groups) > MAX_GROUPS:
        raise ValueError(f"'{written}': at most {MAX_GROUPS} groups of choices in one line; split it in two")
    variants = [""]
    for piece in re.split(r"(\([^()]*\))", written):
        if not (piece.startswith("(") and piece.endswith(")")):
            variants = [v + piece for v in variants]
            continue
        choices = [c.strip() for c in piece[1:-1].split("|")]
        if len(choices) < 2:
            raise ValueError(f"'{written}': a group needs at least two choices: (bad | serious), "
                             "or (bad |) for an optional word")
        variants = [f"{v} {c} " for v in variants for c in choices]
        if len(variants) > MAX_VARIANTS:
            raise ValueError(f"'{written}': stands for more than {MAX_VARIANTS} phrases; split it")
    out: list[str] = []
    for v in variants:
        v = re.sub(r"\s+", " ", v).strip()
        if v not in out:
            out.append(v)
    return out


def parse_all(written: str) -> list[Phrase]:
    """The phrases one written line stands for (see ``expand``), each parsed; ValueError as ``Phrase.parse``."""
    if not isinstance(written, str):
        raise ValueError("a phrase must be some words")
    return list(_parsed_all(written))


# Parsing is pure (a phrase's parts depend on its words alone) and the content's ~20,000 phrases are parsed again
# whenever rules are built: at load, per red flag, when the files stand in for a locked store. Remembering the
# answers makes a rebuild cost what is new in it. A line that cannot be parsed raises each time (not remembered).
_PARSED_LINES = 1 << 16


@functools.lru_cache(maxsize=_PARSED_LINES)
def _parsed_all(written: str) -> tuple[Phrase, ...]:
    variants = expand(written)
    if "(" in written and not all(v.strip() for v in variants):
        raise ValueError(f"'{written}': one of its choices leaves no words at all")
    return tuple(Phrase.parse(v) for v in variants)


@dataclass(frozen=True)
class Phrase:
    """One written phrase, ready to be found in a sentence's tokens."""

    text: str  # as the author wrote it
    parts: tuple[str, ...]  # "word", "prefix*" or "..." (a gap)

    @classmethod
    def parse(cls, written: str) -> Phrase:
        """ValueError with a reader's message when the phrase cannot be used."""
        if not isinstance(written, str) or not written.strip():
            raise ValueError("a phrase must be some words")
        return _parsed_phrase(written)


@functools.lru_cache(maxsize=_PARSED_LINES)
def _parsed_phrase(written: str) -> Phrase:
    """``Phrase.parse`` of a non-empty string (see ``_parsed_all`` for why it is remembered)."""
    text = normalise(written.replace("\u2026", "..."))
    parts: list[str] = []
    for raw in re.findall(r"\.\.\.|[^\s]+", text):
        if raw == "...":
            if not parts or parts[-1] == "...":
                raise ValueError(f"'{written}': '...' must stand between two words")
            parts.append("...")
            continue
        star = raw.endswith("*")
        tokens = words(raw.rstrip("*"))
        if not tokens:
            continue
        if star and len(tokens[-1]) < 2:
            raise ValueError(f"'{written}': a word ending in * needs at least two characters before it")
        parts.extend(tokens[:-1])
        parts.append(tokens[-1] + ("*" if star else ""))
    if not parts or parts[-1] == "...":
        raise ValueError(f"'{written}': '...' must stand between two words")
    return Phrase(written, tuple(parts))


def part_matches(part: str, token: str) -> bool:
    """Whether one token is what a phrase's part asks for: "numb*" any word starting "numb", "legs" that word.
    The same rule the phrase index walks by (``_Node.child``, ``PhraseIndex._step``)."""
    return token.startswith(part[:-1]) if part.endswith("*") else token == part


@dataclass(frozen=True)
class Match:
    """Where a phrase was found: token indices [start, end) of one sentence."""

    label: str  # what the phrase stands for (a concept name, a context category ...)
    phrase: Phrase
    start: int
    end: int


class _Node:
    """One step of the phrase trie: exact next words, word prefixes, a gap, and the phrases that end here."""

    __slots__ = ("words", "prefixes", "by_head", "gap", "ends")

    def __init__(self) -> None:
        self.words: dict[str, _Node] = {}
        self.prefixes: dict[str, _Node] = {}
        # prefixes by their first two characters (a prefix has at least two): a token is compared only
        # with the prefixes it could start with, not with every "numb*" and "38.*" at this node
        self.by_head: dict[str, list[tuple[str, _Node]]] = {}
        self.gap: _Node | None = None
        self.ends: list[tuple[str, Phrase]] = []

    def child(self, part: str) -> _Node:
        if part == "...":
            self.gap = self.gap or _Node()
            return self.gap
        if not part.endswith("*"):
            return self.words.setdefault(part, _Node())
        key = part[:-1]
        if key not in self.prefixes:
            self.prefixes[key] = _Node()
            self.by_head.setdefault(key[:2], []).append((key, self.prefixes[key]))
        return self.prefixes[key]


class PhraseIndex:
    """Many labelled phrases, found in a sentence in one pass over its tokens.

    The phrases form a trie, so from each token the search follows only the words that
    can still complete a phrase: a few dictionary look-ups per token, whatever the text
    (a message of 3,500 "can't" takes milliseconds, not a second).
    """

    def __init__(self, labelled: Iterable[tuple[str, Phrase]]):
        self._root = _Node()
        for label, phrase in labelled:
            node = self._root
            for part in phrase.parts:
                node = node.child(part)
            node.ends.append((label, phrase))

    def find(self, tokens: Sequence[str]) -> Iterator[Match]:
        for i in range(len(tokens)):
            seen: set[tuple[str, int]] = set()
            for node, end in self._walk(self._root, tokens, i):
                for label, phrase in node.ends:
                    if (label, id(phrase)) not in seen:  # a gap may let a phrase end in two places: keep one
                        seen.add((label, id(phrase)))
                        yield Match(label, phrase, i, end)

    def _walk(self, node: _Node, tokens: Sequence[str], pos: int) -> Iterator[tuple[_Node, int]]:
        """Every (node, end) reachable by matching tokens from pos; each node's phrases end at ``end``."""
        if node.ends and node is not self._root:
            yield node, pos
        if pos < len(tokens):
            yield from self._step(node, tokens, pos)
        if node.gap is not None:
            for skip in range(GAP_WORDS + 1):
                j = pos + skip
                if j >= len(tokens) or (skip and tokens[j - 1] in _GAP_STOPS):
                    break
                yield from self._step(node.gap, tokens, j)  # the part after a gap must match at j

    def _step(self, node: _Node, tokens: Sequence[str], pos: int) -> Iterator[tuple[_Node, int]]:
        """Follow tokens[pos] to the node's matching children (its exact word, its prefixes), and walk on."""
        token = tokens[pos]
        nxt = node.words.get(token)
        if nxt is not None:
            yield from self._walk(nxt, tokens, pos + 1)
        for prefix, child in node.by_head.get(token[:2], ()):
            if token.startswith(prefix):
                yield from self._walk(child, tokens, pos + 1)

"""The content coach: how much a draft post speaks to its reader, 0..100, point by point.

Pure rules over the text (no network, no model): every point names its rule, its effect on
the score and the words that earned or cost it, so the score is ``BASE`` plus the sum of
the effects (a ``bounds`` point says so when the sum had to be held inside 0..100). The
rules, their weights and examples are in docs/metrics.md ("Content coach"); any change to
a rule or a weight changes ``COACH_VERSION``.

Readability is textstat's LIX (words per sentence + the percentage of words longer than six
letters): it needs no syllables, so textstat's English syllable counter, which would call
``nltk.download('cmudict')``, is never reached. textstat is imported on first use only, so
``ascent --help`` and imports without posts do not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, NamedTuple


def _lexicon(words: str) -> frozenset[str]:
    """A word list written as one string of space-separated words."""
    return frozenset(words.split())


COACH_VERSION: Final = "coach-1"
#: the score before any rule: a draft that neither speaks to nor ignores the reader
BASE: Final = 50
#: the longest draft read; an imported post beyond it is scored on its first part
MAX_DRAFT_CHARS: Final = 20_000

READER_WORDS: Final = _lexicon("you your yours yourself yourselves you're you've you'll you'd")
SELF_WORDS: Final = _lexicon(
    "i me my mine myself we us our ours ourselves i'm i've i'll i'd we're we've we'll we'd"
)
#: the reader's problem (what hurts) and outcome (what they want)
PROBLEM_OUTCOME_WORDS: Final = _lexicon(
    """problem problems challenge challenges struggle struggles struggling pain risk risks worry
    worried stuck waste wasted wasting lose losing lost miss missing missed quiet ghosted slow
    hard harder difficult frustrated frustrating frustration churn bottleneck overwhelmed
    burnout goal goals pipeline revenue growth grow win wins winning results save saves saved
    faster easier simpler succeed success achieve improve reach deals meetings customers
    clients buyers"""
)
#: the seller's product rather than the reader's world
FEATURE_WORDS: Final = _lexicon(
    """platform feature features functionality solution solutions product products tool tools
    software app technology dashboard integration integrations module release version upgrade
    launch launched launches api ai-powered algorithm"""
)
#: self-promotion: the seller's pride, praise of their own, the hard sell
SELF_PROMOTION: Final = (
    r"(?:proud|excited|thrilled|pleased|happy|delighted|honou?red|humbled) to "
    r"(?:announce|share|introduce|present|unveil|launch|welcome)",
    r"award[- ]winning",
    r"industry[- ]leading",
    r"market[- ]leading",
    r"world[- ]class",
    r"best[- ]in[- ]class",
    r"cutting[- ]edge",
    r"state[- ]of[- ]the[- ]art",
    r"game[- ]chang(?:er|ing)",
    r"revolutionary",
    r"number one",
    r"leading provider",
    r"check out our",
    r"book a demo",
    r"buy now",
    r"limited[- ]time offer",
    r"contact us",
)
#: an invitation to the reader to do one next thing
CALLS_TO_ACTION: Final = (
    r"let me know",
    r"tell me",
    r"share your",
    r"comment below",
    r"drop a comment",
    r"in the comments",
    r"reply",
    r"dm me",
    r"send me a message",
    r"message me",
    r"join (?:us|me)",
    r"sign up",
    r"register",
    r"read more",
    r"learn more",
)

#: effect per word, and the most a rule can add or take (each rule: ``(per, cap)``)
READER_PER, READER_CAP = 5, 20
SELF_PER, SELF_CAP = -5, -20
QUESTION_PER, QUESTION_CAP = 8, 16
PROBLEM_PER, PROBLEM_CAP = 4, 16
FEATURE_PER, FEATURE_CAP = -4, -16
PROMOTION_PER, PROMOTION_CAP = -10, -30
CALL_TO_ACTION_EFFECT = 6
#: length in words: (fewer than, effect), first match wins; more than the last is too long
LENGTH_BANDS: Final = ((10, -5), (50, 0), (251, 5))
TOO_LONG_EFFECT = -5
#: LIX: (below, effect), first match wins; at or above the last is hard to read
LIX_BANDS: Final = ((30.0, 10), (40.0, 5), (50.0, 0), (60.0, -5))
HARD_LIX_EFFECT = -10
#: a word this long (letters) is a long word for LIX
LONG_WORD_LETTERS = 6

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_QUESTION = re.compile(r"[^.!?\n]*\?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _phrases(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_PROMOTION = _phrases(SELF_PROMOTION)
_CALL_TO_ACTION = _phrases(CALLS_TO_ACTION)


@dataclass(frozen=True, slots=True)
class Point:
    """One rule's effect on the score and the words (or measures) that earned or cost it."""

    rule: str
    effect: int
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "effect": self.effect, "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class Review:
    """The coach's view of a draft: the score, every point of it, a first line for the reader."""

    score: int
    points: tuple[Point, ...]
    suggested_first_line: str
    version: str = COACH_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "points": [p.to_dict() for p in self.points],
            "suggested_first_line": self.suggested_first_line,
            "version": self.version,
        }


def review(text: str) -> Review:
    """Score ``text`` (at most ``MAX_DRAFT_CHARS`` of it) and explain every point."""
    text = _normal(text[:MAX_DRAFT_CHARS])
    points = [Point("base", BASE, ()), *_rules(text)]
    total = sum(p.effect for p in points)
    score = min(100, max(0, total))
    if score != total:
        points.append(Point("bounds", score - total, ("the score is held to 0..100",)))
    return Review(score, tuple(points), suggest_first_line(text))


def coach_score(text: str | None) -> int | None:
    """The score of an imported post's text, None when there is no text to score."""
    if not text or not text.strip():
        return None
    return review(text).score


def _normal(text: str) -> str:
    """Typographic apostrophes and hyphens as ASCII, so ``you’re`` reads as ``you're``."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2011", "-")


def _rules(text: str) -> list[Point]:
    tokens = [_Token(m.group(), m.group().lower(), m.start()) for m in _WORD.finditer(text)]
    promotion = [m.group() for m in _PROMOTION.finditer(text)]
    promoted = {w.lower() for phrase in promotion for w in _WORD.findall(phrase)}
    calls = list(_CALL_TO_ACTION.finditer(text))
    found = [
        _per_word("you_your", _matching(tokens, READER_WORDS), READER_PER, READER_CAP),
        _per_word("i_we_our", _self_words(tokens, calls), SELF_PER, SELF_CAP),
        _per_word("reader_question", reader_questions(text), QUESTION_PER, QUESTION_CAP),
        _per_word(
            "problem_outcome", _matching(tokens, PROBLEM_OUTCOME_WORDS), PROBLEM_PER, PROBLEM_CAP
        ),
        _per_word(
            "product_features",
            _matching(tokens, FEATURE_WORDS - promoted),
            FEATURE_PER,
            FEATURE_CAP,
        ),
        _per_word("self_promotion", promotion, PROMOTION_PER, PROMOTION_CAP),
        _call_to_action([m.group() for m in calls]),
    ]
    words = [t.word for t in tokens]
    return [p for p in found if p is not None] + [_length(words), _readability(text, words)]


class _Token(NamedTuple):
    word: str
    lower: str
    start: int


def _matching(tokens: list[_Token], lexicon: frozenset[str]) -> list[str]:
    return [t.word for t in tokens if t.lower in lexicon]


def _self_words(tokens: list[_Token], calls: list[re.Match[str]]) -> list[str]:
    """I/we/our words, except inside a call to action (the "me" of "let me know" invites);
    "US" in capitals is the country, not the writer."""
    inside = [(m.start(), m.end()) for m in calls]
    return [
        t.word
        for t in tokens
        if t.lower in SELF_WORDS and t.word != "US" and not any(a <= t.start < b for a, b in inside)
    ]


def _per_word(rule: str, evidence: list[str], per: int, cap: int) -> Point | None:
    """``per`` for each piece of evidence, never beyond ``cap``; None when nothing matched."""
    if not evidence:
        return None
    effect = per * len(evidence)
    effect = min(effect, cap) if per > 0 else max(effect, cap)
    return Point(rule, effect, tuple(evidence))


def reader_questions(text: str) -> list[str]:
    """The sentences ending in ``?`` that address the reader (hold a you/your word)."""
    found = []
    for match in _QUESTION.finditer(text):
        question = match.group().strip()
        if any(w.lower() in READER_WORDS for w in _WORD.findall(question)):
            found.append(question)
    return found


def _call_to_action(calls: list[str]) -> Point | None:
    return Point("call_to_action", CALL_TO_ACTION_EFFECT, tuple(calls)) if calls else None


def _length(words: list[str]) -> Point:
    n = len(words)
    effect = next((e for below, e in LENGTH_BANDS if n < below), TOO_LONG_EFFECT)
    return Point("length", effect, (f"{n} words",))


def _readability(text: str, words: list[str]) -> Point:
    """LIX by textstat; the evidence names the long words it counted."""
    lix = readability_index(text)
    effect = next((e for below, e in LIX_BANDS if lix < below), HARD_LIX_EFFECT)
    # a word is letters with inner ' or - (``_WORD``): its letters are the rest
    long_words = [w for w in words if len(w) - w.count("'") - w.count("-") > LONG_WORD_LETTERS]
    return Point("readability", effect, (f"LIX {lix:.1f}", *long_words))


def readability_index(text: str) -> float:
    """textstat's LIX of ``text``: words per sentence + 100 x long words / words."""
    import textstat  # type: ignore[import-untyped]  # noqa: PLC0415 - on first use only

    return round(float(textstat.lix(text)), 1)


# --- the first line, rewritten toward the reader -------------------------------------------

_ANNOUNCE = re.compile(
    r"^.*?\b(?:(?:proud|excited|thrilled|pleased|happy|delighted|honou?red|humbled) to "
    r"(?:announce|share|introduce|present|unveil|launch)|introducing|announcing)\b\s*",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:award[- ]winning|industry[- ]leading|market[- ]leading|world[- ]class|"
    r"best[- ]in[- ]class|cutting[- ]edge|state[- ]of[- ]the[- ]art|game[- ]changing|"
    r"revolutionary)\b,?\s*",
    re.IGNORECASE,
)
_OWNER = re.compile(r"^(?:(?:our|my|the|a|an|this)\s+)?(?:(?:brand[- ])?new\s+)?", re.IGNORECASE)
#: first person -> second person, for a question that should ask the reader
_SWAPS: Final = {
    "i": "you", "me": "you", "we": "you", "us": "you", "my": "your", "our": "your",
    "mine": "yours", "ours": "yours", "myself": "yourself", "ourselves": "yourselves",
    "i'm": "you're", "we're": "you're", "i've": "you've", "we've": "you've",
    "i'll": "you'll", "we'll": "you'll", "i'd": "you'd", "we'd": "you'd", "am": "are",
}  # fmt: skip


def suggest_first_line(text: str) -> str:
    """The draft's first sentence turned toward the reader, by the rules of docs/metrics.md:

    1. it already holds a you/your word: kept as it is;
    2. it announces (``proud to announce``, ``introducing`` …): what it announces, without
       self-praise, becomes ``What would a new X change for you?`` (a ``that`` clause:
       ``What would it mean for you if …?``);
    3. a question: its first person becomes the reader (``we`` -> ``you``, ``our`` -> ``your``);
    4. otherwise: ``What would it mean for you if …?`` around the sentence.
    """
    first = first_sentence(text)
    if not first:
        return ""
    words = _WORD.findall(first)
    if any(w.lower() in READER_WORDS for w in words):
        return first
    announced = _ANNOUNCE.match(first)
    if announced:
        thing = _PRAISE.sub("", first[announced.end() :]).strip(" .!:;-\u2013\u2014")
        if thing.lower().startswith("that "):  # a clause: what is now true
            return f"What would it mean for you if {thing[5:]}?"
        thing = _OWNER.sub("", thing.split(",")[0]).strip()
        return (
            f"What would a new {thing} change for you?"
            if thing
            else "What would this change for you?"
        )
    if first.endswith("?"):
        return _WORD.sub(_swap, first)
    core = first.rstrip(" .!:;")
    if words and words[0] != "I" and core[:1].isupper():
        core = core[0].lower() + core[1:]
    return f"What would it mean for you if {core}?"


def first_sentence(text: str) -> str:
    """The first non-blank line of ``text``, up to its first sentence end."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return _SENTENCE_END.split(line, maxsplit=1)[0]


def _swap(match: re.Match[str]) -> str:
    swapped = _SWAPS.get(match.group().lower())
    if swapped is None:
        return match.group()
    return swapped.capitalize() if match.start() == 0 else swapped

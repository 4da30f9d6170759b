"""Market listening (metrics.md, "Market listening", version ``MARKET_VERSION``): what the
market talks about, what it asks, and what the team's own posts leave out.

Pure: texts in (``MarketText``: a feed entry, or another's post an import holds), figures
out; the store and the service decide which texts those are.

- **Terms** of a text: its words (letters, with inner ``'`` or ``-``; lower-cased; links
  and @handles dropped; at least two letters), cut into runs at punctuation and at the stop
  words of the text's language; every 1-, 2- and 3-word sequence inside a run is a term.
  A term is counted once per text that holds it (a text repeating a word is one voice).
- **Language** of a text: ``py3langid`` (its model ships in the wheel), kept only when it
  is at least ``LANG_CONFIDENCE`` sure; stop words are ``stopwordsiso``'s for that language
  (also in the wheel). A text of no detected language loses the stop words of English and of
  every language detected in the same corpus. Terms are counted per language.
- **Rising**: this week is the 7 days ending on the day asked for, last week the 7 before;
  a term rises when this week's count is at least ``MIN_RISING`` and above last week's.
  Biggest rise first, then most mentions, then the longer phrase, then A-Z. A term is left
  out when a longer term holding it has the very same counts (it says nothing more).
- **Questions**: sentences ending in ``?`` with at least ``QUESTION_WORDS`` words, over the
  ``WINDOW_DAYS`` ending on the day; the same question (ignoring case) is one, counted
  ``times``. Each question joins the group of its term that the most questions share (at
  least two; ties A-Z), else the group without a term.
- **Gap**: terms of the market over the window (in at least ``MIN_GAP`` texts) that appear
  nowhere in the team's own posts of the same window; most mentioned first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

#: raised when a rule below changes meaning (documented in metrics.md)
MARKET_VERSION = 1
WEEK_DAYS = 7
#: the days questions and the gap look back over, the day asked for included
WINDOW_DAYS = 28
MIN_RISING = 2
MIN_GAP = 2
#: the longest phrase counted, in words
MAX_WORDS = 3
#: how many rising terms and gap terms are shown
TOP = 15
QUESTION_WORDS = 3
QUESTION_CHARS = 300
MAX_QUESTIONS = 50
#: how sure language detection must be (0..1, normalised) before a text is said to be in it
LANG_CONFIDENCE = 0.8
FALLBACK_LANG = "en"

_LINKS = re.compile(r"(?:https?://|www\.)\S+|@\w+", re.IGNORECASE)
_CHUNKS = re.compile(r"[^\w\s'’-]+|\s-+\s|\n")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_TRAILING = "\"'”’»)] "


@dataclass(frozen=True, slots=True)
class MarketText:
    """One text of the market (or of the team's own posts) on a day."""

    day: date
    text: str
    #: ISO 639-1 code when known (feeds: detected when fetched); None: detect it here
    lang: str | None = None
    #: ``feed`` or ``import``
    source: str = "feed"


@dataclass(frozen=True, slots=True)
class RisingTerm:
    term: str
    lang: str | None
    this_week: int
    last_week: int

    @property
    def change(self) -> int:
        return self.this_week - self.last_week

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "lang": self.lang,
            "this_week": self.this_week,
            "last_week": self.last_week,
            "change": self.change,
        }


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    day: date
    source: str
    times: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "day": self.day.isoformat(),
            "source": self.source,
            "times": self.times,
        }


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Questions sharing ``term`` (None: the questions that share no term with another)."""

    term: str | None
    questions: tuple[Question, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "count": len(self.questions),
            "questions": [q.to_dict() for q in self.questions],
        }


@dataclass(frozen=True, slots=True)
class GapTerm:
    term: str
    lang: str | None
    texts: int

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "lang": self.lang, "texts": self.texts}


@cache
def _identifier() -> Any:
    # loaded once, when first needed: the model takes a moment to read
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]  # noqa: PLC0415

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when not ``LANG_CONFIDENCE`` sure."""
    words = " ".join(_WORD.findall(_LINKS.sub(" ", text)))
    if not words:
        return None
    lang, confidence = _identifier().classify(words)
    return str(lang) if confidence >= LANG_CONFIDENCE else None


def language_of(text: MarketText) -> str | None:
    return text.lang if text.lang else detect_language(text.text)


@cache
def stop_words(lang: str | None, others: frozenset[str] = frozenset()) -> frozenset[str]:
    """``lang``'s stop words; for no language, English's and those of ``others``."""
    import stopwordsiso  # noqa: PLC0415 - on first use: ascent --help stays quick

    if lang is not None and stopwordsiso.has_lang(lang):
        return frozenset(w.replace("’", "'") for w in stopwordsiso.stopwords(lang))
    wanted = {FALLBACK_LANG, *(o for o in others if stopwordsiso.has_lang(o))}
    return frozenset(w.replace("’", "'") for w in stopwordsiso.stopwords(wanted))


def runs(text: str, stop: frozenset[str]) -> list[list[str]]:
    """The runs of words between punctuation and stop words (see the module docstring)."""
    found: list[list[str]] = []
    for chunk in _CHUNKS.split(_LINKS.sub(" . ", text.casefold())):
        run: list[str] = []
        for raw in _WORD.findall(chunk):
            word = _word(raw)
            if len(word) < 2 or word in stop:
                if run:
                    found.append(run)
                run = []
            else:
                run.append(word)
        if run:
            found.append(run)
    return found


def _word(raw: str) -> str:
    word = raw.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def terms(text: str, stop: frozenset[str], max_words: int = MAX_WORDS) -> set[str]:
    """Every 1..``max_words``-word sequence inside a run of ``text``."""
    found: set[str] = set()
    for run in runs(text, stop):
        for n in range(1, max_words + 1):
            found.update(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return found


class Corpus:
    """Texts with their language found once, and their terms per language."""

    def __init__(self, texts: Iterable[MarketText]) -> None:
        self.texts = list(texts)
        self.langs = [language_of(t) for t in self.texts]
        detected = frozenset(lang for lang in self.langs if lang is not None)
        self.terms = [
            terms(t.text, stop_words(lang, detected if lang is None else frozenset()))
            for t, lang in zip(self.texts, self.langs, strict=True)
        ]

    def counts(self, first: date, last: date) -> Counter[tuple[str | None, str]]:
        """In how many texts of the days ``first..last`` each (language, term) appears."""
        counted: Counter[tuple[str | None, str]] = Counter()
        for text, lang, found in zip(self.texts, self.langs, self.terms, strict=True):
            if first <= text.day <= last:
                counted.update((lang, term) for term in found)
        return counted

    def languages(self, first: date, last: date) -> dict[str, int]:
        counted = Counter(
            lang or "und"
            for text, lang in zip(self.texts, self.langs, strict=True)
            if first <= text.day <= last
        )
        return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))

    def in_window(self, first: date, last: date) -> list[tuple[MarketText, str | None]]:
        return [
            (t, lang)
            for t, lang in zip(self.texts, self.langs, strict=True)
            if first <= t.day <= last
        ]


def weeks(as_of: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """This week (the 7 days ending ``as_of``) and last week (the 7 before)."""
    this_first = as_of - timedelta(days=WEEK_DAYS - 1)
    return (this_first, as_of), (
        this_first - timedelta(days=WEEK_DAYS),
        this_first - timedelta(days=1),
    )


def window(as_of: date) -> tuple[date, date]:
    return as_of - timedelta(days=WINDOW_DAYS - 1), as_of


def rising_terms(corpus: Corpus, as_of: date, top: int = TOP) -> list[RisingTerm]:
    """The terms that rise week over week (see the module docstring)."""
    (this_first, this_last), (last_first, last_last) = weeks(as_of)
    now, before = corpus.counts(this_first, this_last), corpus.counts(last_first, last_last)
    risen = [
        RisingTerm(term, lang, n, before[(lang, term)])
        for (lang, term), n in now.items()
        if n >= MIN_RISING and n > before[(lang, term)]
    ]
    kept = _most_specific(risen, lambda r: (r.lang, r.this_week, r.last_week), lambda r: r.term)
    kept.sort(key=lambda r: (-r.change, -r.this_week, -len(r.term.split()), r.term, r.lang or ""))
    return kept[:top]


def gap_terms(corpus: Corpus, own: Corpus, as_of: date, top: int = TOP) -> list[GapTerm]:
    """Market terms of the window that the team's own posts of the window never use."""
    first, last = window(as_of)
    used = {
        term
        for found, t in zip(own.terms, own.texts, strict=True)
        if first <= t.day <= last
        for term in found
    }
    missing = [
        GapTerm(term, lang, n)
        for (lang, term), n in corpus.counts(first, last).items()
        if n >= MIN_GAP and term not in used
    ]
    kept = _most_specific(missing, lambda g: (g.lang, g.texts), lambda g: g.term)
    kept.sort(key=lambda g: (-g.texts, -len(g.term.split()), g.term, g.lang or ""))
    return kept[:top]


def _most_specific(items: list[Any], same: Any, term: Any) -> list[Any]:
    """``items`` without those whose term sits inside a longer term with the same counts."""
    by_counts: dict[Any, list[str]] = {}
    for item in items:
        by_counts.setdefault(same(item), []).append(f" {term(item)} ")
    return [
        item
        for item in items
        if not any(
            other != f" {term(item)} " and f" {term(item)} " in other
            for other in by_counts[same(item)]
        )
    ]


def question_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that ask: end in ``?``, ``QUESTION_WORDS`` words or more."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        asked = sentence.strip().rstrip(_TRAILING)
        if asked.endswith("?") and len(_WORD.findall(asked)) >= QUESTION_WORDS:
            cut = asked if len(asked) <= QUESTION_CHARS else asked[: QUESTION_CHARS - 1] + "…"
            found.append(cut)
    return found


def questions(corpus: Corpus, as_of: date) -> list[QuestionGroup]:
    """The market's questions of the window, grouped by shared terms (module docstring)."""
    first, last = window(as_of)
    asked: dict[
        str, list[Any]
    ] = {}  # folded text -> [question text, last day, source, times, terms]
    detected = frozenset(lang for lang in corpus.langs if lang is not None)
    for text, lang in corpus.in_window(first, last):
        stop = stop_words(lang, detected if lang is None else frozenset())
        for sentence in question_sentences(text.text):
            seen = asked.setdefault(
                sentence.casefold(), [sentence, text.day, text.source, 0, terms(sentence, stop, 1)]
            )
            seen[1], seen[3] = max(seen[1], text.day), seen[3] + 1
    shared = Counter(term for q in asked.values() for term in q[4])
    groups: dict[str | None, list[Question]] = {}
    for sentence, day, source, times, found in asked.values():
        common = sorted((t for t in found if shared[t] >= 2), key=lambda t: (-shared[t], t))
        groups.setdefault(common[0] if common else None, []).append(
            Question(sentence, day, source, times)
        )
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or ""))
    result, left = [], MAX_QUESTIONS
    for term, members in ordered:
        members.sort(key=lambda q: (-q.times, -q.day.toordinal(), q.text))
        if left > 0:
            result.append(QuestionGroup(term, tuple(members[:left])))
            left -= len(members[:left])
    return result


def texts_in(texts: Sequence[MarketText], first: date, last: date) -> int:
    return sum(1 for t in texts if first <= t.day <= last)

"""Market listening on tiny hand-built corpora: every count below is argued from the texts.

The day asked for is Monday 2026-11-30: this week is 11-24..11-30, last week 11-17..11-23,
the window of questions and the gap 11-03..11-30.
"""

from __future__ import annotations

import socket
from datetime import date

import pytest

from ascent.analytics import market
from ascent.analytics.market import (
    Corpus,
    MarketText,
    detect_language,
    gap_terms,
    question_sentences,
    questions,
    rising_terms,
    stop_words,
    terms,
    weeks,
    window,
)

AS_OF = date(2026, 11, 30)


def en(day: str, text: str) -> MarketText:
    return MarketText(date.fromisoformat(day), text, "en")


def test_the_weeks_and_the_window() -> None:
    assert weeks(AS_OF) == (
        (date(2026, 11, 24), date(2026, 11, 30)),
        (date(2026, 11, 17), date(2026, 11, 23)),
    )
    assert window(AS_OF) == (date(2026, 11, 3), date(2026, 11, 30))


def test_terms_are_1_to_3_word_runs_between_stop_words_and_punctuation() -> None:
    stop = stop_words("en")
    # "is", "a", "the", "of", "and" are English stop words; punctuation ends a run too;
    # links and @handles go; one letter is no word; "buyer's" is "buyer"
    assert terms("Renewal pricing is a mess.", stop) == {
        "renewal",
        "pricing",
        "renewal pricing",
        "mess",
    }
    assert terms("Security review delays, churn", stop) == {
        "security",
        "review",
        "delays",
        "security review",
        "review delays",
        "security review delays",
        "churn",
    }
    assert terms("See https://x.example/a @ada: the buyer's x roadmap", stop) == {
        "buyer",
        "roadmap",
    }


def test_rising_terms_count_texts_this_week_against_last() -> None:
    corpus = Corpus(
        [
            # this week
            en(
                "2026-11-30", "Renewal pricing is a mess."
            ),  # renewal, pricing, renewal pricing, mess
            en(
                "2026-11-28", "The renewal pricing of vendors."
            ),  # renewal, pricing, renewal pricing, vendors
            en("2026-11-24", "Pricing, pricing, pricing!"),  # pricing: once, a text is one voice
            # last week
            en("2026-11-23", "Pricing and churn."),  # pricing, churn
            en("2026-11-17", "Churn, churn."),  # churn
            # before last week: not in either week
            en("2026-11-10", "Renewal pricing and mess and vendors."),
        ]
    )
    rising = [r.to_dict() for r in rising_terms(corpus, AS_OF)]
    # pricing 3 against 1 (+2); renewal pricing 2 against 0 (+2): a tie on the rise, broken
    # by more texts this week. "renewal" (2 against 0) says nothing "renewal pricing" does not
    # say: it is left out. "mess" and "vendors" have 1 text this week (2 needed); churn fell.
    assert rising == [
        {"term": "pricing", "lang": "en", "this_week": 3, "last_week": 1, "change": 2},
        {"term": "renewal pricing", "lang": "en", "this_week": 2, "last_week": 0, "change": 2},
    ]


def test_terms_are_counted_per_language() -> None:
    corpus = Corpus(
        [
            MarketText(date(2026, 11, 30), "Wie verkürzen wir das Onboarding für neue Kunden?"),
            MarketText(date(2026, 11, 29), "Kunden warten zu lange auf das Onboarding."),
            en("2026-11-28", "Onboarding takes weeks."),
            en("2026-11-27", "Faster onboarding."),
        ]
    )
    assert corpus.langs == [
        "de",
        "de",
        "en",
        "en",
    ]  # detected for the first two, given for the rest
    rising = [(r.term, r.lang, r.this_week) for r in rising_terms(corpus, AS_OF)]
    # "onboarding" twice in German and twice in English: two terms, never one of 4; German
    # stop words ("wie", "wir", "das", "für", "neue", "zu", "lange", "auf") are no terms
    assert rising == [("kunden", "de", 2), ("onboarding", "de", 2), ("onboarding", "en", 2)]


def test_language_is_detected_only_when_sure() -> None:
    assert detect_language("Comment réduire le churn des clients?") == "fr"
    assert detect_language("pricing") is None  # one word: not sure enough
    assert detect_language("https://x.example @ada 2026") is None  # no words at all


def test_language_and_stop_words_are_read_from_the_wheels_not_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    market._identifier.cache_clear()  # load the model again, now without a network
    stop_words.cache_clear()
    assert detect_language("How do vendors answer the security questionnaires of buyers?") == "en"
    assert {"the", "and"} <= stop_words("en")
    assert {"und", "wir"} <= stop_words("de")


def test_questions_end_in_a_question_mark_and_have_three_words() -> None:
    text = "Pricing? Yes. How do we cut onboarding time? Our team is slow.\nIs it “public?”"
    assert question_sentences(text) == ["How do we cut onboarding time?", "Is it “public?"]


def test_questions_are_grouped_by_the_term_most_of_them_share() -> None:
    corpus = Corpus(
        [
            en("2026-11-20", "Who owns onboarding? How do we cut onboarding time?"),
            en("2026-11-27", "who owns onboarding?"),  # the same question again
            en("2026-11-26", "What does onboarding cost per customer? Is pricing public?"),
            en("2026-11-25", "Why is pricing hidden? Does onboarding include pricing?"),
            en("2026-11-24", "Where is the roadmap? Pricing? Yes."),  # "Pricing?": one word
            en("2026-11-02", "Is onboarding hard?"),  # the day before the window
        ]
    )
    groups = [g.to_dict() for g in questions(corpus, AS_OF)]
    # terms: onboarding is in 4 questions, pricing in 3 ("Does onboarding include pricing?"
    # has both and joins the bigger group), every other term in 1; "Where is the roadmap?"
    # shares no term and goes last. Inside a group: asked most, then latest, then A-Z.
    assert groups == [
        {
            "term": "onboarding",
            "count": 4,
            "questions": [
                {"text": "Who owns onboarding?", "day": "2026-11-27", "source": "feed", "times": 2},
                {
                    "text": "What does onboarding cost per customer?",
                    "day": "2026-11-26",
                    "source": "feed",
                    "times": 1,
                },
                {
                    "text": "Does onboarding include pricing?",
                    "day": "2026-11-25",
                    "source": "feed",
                    "times": 1,
                },
                {
                    "text": "How do we cut onboarding time?",
                    "day": "2026-11-20",
                    "source": "feed",
                    "times": 1,
                },
            ],
        },
        {
            "term": "pricing",
            "count": 2,
            "questions": [
                {"text": "Is pricing public?", "day": "2026-11-26", "source": "feed", "times": 1},
                {
                    "text": "Why is pricing hidden?",
                    "day": "2026-11-25",
                    "source": "feed",
                    "times": 1,
                },
            ],
        },
        {
            "term": None,
            "count": 1,
            "questions": [
                {"text": "Where is the roadmap?", "day": "2026-11-24", "source": "feed", "times": 1}
            ],
        },
    ]


def test_the_gap_is_what_the_market_repeats_and_own_posts_of_the_window_never_say() -> None:
    market = Corpus(
        [
            en("2026-11-29", "Security review delays."),
            en("2026-11-12", "Security review delays!"),
            en("2026-11-20", "Renewal pricing."),
            en("2026-11-21", "Renewal pricing?"),
            en("2026-11-22", "Churn."),
        ]
    )
    own = Corpus(
        [
            en("2026-11-25", "Our renewal pricing explained."),
            en("2026-10-01", "Security review delays, solved."),  # before the window: not "said"
        ]
    )
    gap = [g.to_dict() for g in gap_terms(market, own, AS_OF)]
    # the market's terms in 2 texts or more: the 6 terms of "security review delays" (2 each)
    # and renewal, pricing, renewal pricing (2 each); the team said renewal pricing on 11-25;
    # the shorter terms of "security review delays" have its counts and are left out; churn
    # is in 1 text only
    assert gap == [{"term": "security review delays", "lang": "en", "texts": 2}]


def test_nothing_said_gives_nothing() -> None:
    empty = Corpus([])
    assert rising_terms(empty, AS_OF) == []
    assert questions(empty, AS_OF) == []
    assert gap_terms(empty, empty, AS_OF) == []

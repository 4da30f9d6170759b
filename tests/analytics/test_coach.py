"""The content coach on sentences whose score is argued point by point (docs/metrics.md,
"Content coach"): base 50, then each rule's effect with the words that earned or cost it."""

from __future__ import annotations

import nltk
import pytest

from ascent.analytics import coach
from ascent.analytics.coach import COACH_VERSION, Point, coach_score, review, suggest_first_line

PROMOTION = "We are proud to announce our award-winning platform."
READER = (
    "How do you keep your pipeline full when half your prospects go quiet after the first call?"
)


def _points(text: str) -> dict[str, tuple[int, list[str]]]:
    return {p["rule"]: (p["effect"], p["evidence"]) for p in review(text).to_dict()["points"]}


def test_self_promotion_scores_11() -> None:
    # 50 - 10 (We, our) - 4 (platform: a feature) - 20 (two self-promotion phrases)
    # - 5 (8 words: too short) + 0 (LIX 8 words per sentence + 3/8 long = 45.5: middling)
    result = review(PROMOTION)
    assert result.score == 11
    assert _points(PROMOTION) == {
        "base": (50, []),
        "i_we_our": (-10, ["We", "our"]),
        "product_features": (-4, ["platform"]),
        "self_promotion": (-20, ["proud to announce", "award-winning"]),
        "length": (-5, ["8 words"]),
        "readability": (0, ["LIX 45.5", "announce", "award-winning", "platform"]),
    }
    assert result.suggested_first_line == "What would a new platform change for you?"


def test_a_question_to_the_reader_about_their_problem_scores_91() -> None:
    # 50 + 15 (you, your, your) + 8 (one question with you in it) + 8 (pipeline, quiet)
    # + 0 (17 words) + 10 (LIX 17 + 100 x 2/17 = 28.8: easy)
    result = review(READER)
    assert result.score == 91
    assert _points(READER) == {
        "base": (50, []),
        "you_your": (15, ["you", "your", "your"]),
        "reader_question": (8, [READER]),
        "problem_outcome": (8, ["pipeline", "quiet"]),
        "length": (0, ["17 words"]),
        "readability": (10, ["LIX 28.8", "pipeline", "prospects"]),
    }
    assert result.suggested_first_line == READER  # it already speaks to the reader


def test_json_shape_and_version() -> None:
    data = review(READER).to_dict()
    assert list(data) == ["score", "points", "suggested_first_line", "version"]
    assert data["version"] == COACH_VERSION
    assert data["points"][0] == {"rule": "base", "effect": 50, "evidence": []}


def test_the_me_of_a_call_to_action_is_an_invitation_not_self_talk() -> None:
    text = "We help sales teams fill their pipeline. Let me know what you think!"
    # 50 + 5 (you) - 5 (We; not the "me" of "Let me know") + 4 (pipeline) + 6 (call to action)
    # + 0 (13 words) + 10 (LIX 6.5 + 100 x 1/13 = 14.2)
    assert _points(text) == {
        "base": (50, []),
        "you_your": (5, ["you"]),
        "i_we_our": (-5, ["We"]),
        "problem_outcome": (4, ["pipeline"]),
        "call_to_action": (6, ["Let me know"]),
        "length": (0, ["13 words"]),
        "readability": (10, ["LIX 14.2", "pipeline"]),
    }
    assert review(text).score == 70


def test_caps_and_bounds_keep_the_sum_of_the_points_equal_to_the_score() -> None:
    text = (
        "We are proud to announce our award-winning, industry-leading, world-class platform. "
        "We are thrilled to launch our cutting-edge solution, the number one tool for our "
        "customers. Book a demo with us."
    )
    result = review(text)
    points = _points(text)
    assert points["i_we_our"] == (-20, ["We", "our", "We", "our", "our", "us"])  # capped at -20
    assert points["self_promotion"][0] == -30  # eight phrases, capped at -30
    assert len(points["self_promotion"][1]) == 8
    # 50 - 20 + 4 - 12 - 30 + 0 + 0 = -8, held to 0 by a +8 bounds point
    assert points["bounds"] == (8, ["the score is held to 0..100"])
    assert result.score == 0
    assert sum(p.effect for p in result.points) == result.score


def test_reader_words_are_capped_at_20_and_typographic_apostrophes_count() -> None:
    text = "You, you, your, yours, you\u2019re and you\u2019ve: you you you you."
    effect, words = _points(text)["you_your"]
    assert effect == 20
    assert words == ["You", "you", "your", "yours", "you're", "you've", "you", "you", "you", "you"]


def test_us_in_capitals_is_the_country() -> None:
    assert _points("The US market grew. We grew with it.")["i_we_our"] == (-5, ["We"])


@pytest.mark.parametrize(
    ("draft", "first_line"),
    [
        (PROMOTION, "What would a new platform change for you?"),
        (
            "Introducing Acme Flow, the industry-leading CRM.",
            "What would a new Acme Flow change for you?",
        ),
        (
            "I'm thrilled to share that our new dashboard is live! More soon.",
            "What would it mean for you if our new dashboard is live?",
        ),
        ("Why do we still cold call? Read on.", "Why do you still cold call?"),
        (
            "\n  We help sales teams fill their pipeline. Here is how.",
            "What would it mean for you if we help sales teams fill their pipeline?",
        ),
        ("Your buyers stopped answering. Here is why.", "Your buyers stopped answering."),
    ],
)
def test_first_line_rewritten_toward_the_reader(draft: str, first_line: str) -> None:
    assert suggest_first_line(draft) == first_line


def test_coach_score_is_none_without_text() -> None:
    assert coach_score(None) is None
    assert coach_score("  \n") is None
    assert coach_score(PROMOTION) == 11


def test_a_long_draft_is_scored_on_its_first_part() -> None:
    long = READER + " x" * coach.MAX_DRAFT_CHARS
    assert review(long) == review(long[: coach.MAX_DRAFT_CHARS])


def test_readability_downloads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat's LIX needs no syllables, so nltk's cmudict is never fetched."""

    def refuse(*args: object, **kwargs: object) -> bool:
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    # a text no earlier test scored (textstat caches by text): 7 words in 2 sentences, 3 long
    # (Readers, everything, nowadays): 3.5 + 100 x 3/7 = 46.4
    assert coach.readability_index("Short words win. Readers skim everything nowadays.") == 46.4
    # 8 words, 1 sentence, 1 long word: 8 + 100 x 1/8 = 20.5
    assert review("Fresh text for the download check, never seen.").points[-1] == Point(
        "readability", 10, ("LIX 20.5", "download")
    )

"""The profile pillar: is the profile complete and written for the customer?"""

from __future__ import annotations

import re
from typing import Final

from ascent.analytics.facts import ProfileFacts
from ascent.analytics.settings import MeasureSettings

_YOU: Final = frozenset({"you", "your", "yours", "you're", "you'll", "you've", "yourself"})
_ME: Final = frozenset({"i", "me", "my", "mine", "i'm", "i've", "i'll", "myself"})
_WORD: Final = re.compile(r"[a-z']+")
#: no pronouns either way: neither about you nor about the customer
NEUTRAL_FOCUS: Final = 0.5


def customer_focus(text: str) -> float:
    """How far the text speaks to the reader: ``min(1, 2 · you / (you + me))``.

    you = you/your/yours…, me = I/me/my… (case-insensitive whole words). At least as many
    you-words as me-words scores 1; all me-words scores 0; no pronouns at all scores 0.5.
    """
    words = _WORD.findall(text.lower().replace("’", "'"))
    you = sum(1 for w in words if w in _YOU)
    me = sum(1 for w in words if w in _ME)
    if you + me == 0:
        return NEUTRAL_FOCUS
    return min(1.0, 2 * you / (you + me))


def profile_pillar(profile: ProfileFacts, settings: MeasureSettings) -> float:
    """Mean of three checks, each 0..1: headline, summary length, customer focus.

    headline = 1 when present; summary = ``min(1, chars / profile_summary_min_chars)`` (160
    characters ≈ two sentences saying what you do for whom); focus = ``customer_focus`` of
    headline and summary together, 0 when both are missing. An empty profile scores 0.
    """
    headline = (profile.headline or "").strip()
    summary = (profile.summary or "").strip()
    has_headline = 1.0 if headline else 0.0
    length = min(1.0, len(summary) / settings.profile_summary_min_chars)
    text = f"{headline} {summary}".strip()
    focus = customer_focus(text) if text else 0.0
    return (has_headline + length + focus) / 3

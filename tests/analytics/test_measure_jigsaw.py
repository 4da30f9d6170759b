"""Listen/push, profile and the jigsaw pillars: hand-computed cases."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts, ProfileFacts
from ascent.analytics.jigsaw import (
    NO_TARGETS,
    NO_TOUCHES,
    PILLARS,
    engage_pillar,
    jigsaw_of,
    network_pillar,
    results_pillar,
    score_jigsaw,
)
from ascent.analytics.listening import listen_push_ratio, replies_to_inbound
from ascent.analytics.profile import customer_focus, profile_pillar
from ascent.analytics.settings import MeasureSettings

S = MeasureSettings()
AS_OF = date(2026, 3, 13)
FIRST = date(2026, 2, 14)  # 28-day window: Feb 14 .. Mar 13
K = 0.5 ** (1 / 10)


def test_listen_push_window_edges_and_as_of_day() -> None:
    days = {
        FIRST - timedelta(days=1): {"comment": 50, "post": 50},  # outside
        FIRST: {"comment": 1, "post": 1},
        AS_OF: {"reaction": 2, "share": 1},
        AS_OF + timedelta(days=1): {"comment": 50, "post": 50},  # after as_of
    }
    assert listen_push_ratio(days, (), AS_OF, 28) == pytest.approx(3 / 2)


def test_nothing_pushed_is_none() -> None:
    assert listen_push_ratio({AS_OF: {"comment": 4}}, (), AS_OF, 28) is None


def test_replies_are_touches_on_or_after_the_contacts_first_answer() -> None:
    rows = [
        ContactDay(1, date(2026, 3, 1), touches=1),  # before the answer: a push
        ContactDay(1, date(2026, 3, 2), touches=2, answers=1),
        ContactDay(1, date(2026, 3, 5), touches=1),
        ContactDay(2, date(2026, 3, 5), touches=4),  # never answered
    ]
    assert replies_to_inbound(rows, FIRST, AS_OF) == 3
    assert replies_to_inbound(rows, date(2026, 3, 3), AS_OF) == 1
    days = {AS_OF: {"post": 2, "comment": 1}}
    assert listen_push_ratio(days, rows, AS_OF, 28) == pytest.approx(4 / 2)


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("I help you grow", 1.0),
        ("I and me and my team", 0.0),
        ("Sales operations", 0.5),
        ("You, your team, and I", 1.0),
        ("I’m here, I’ve done it, you'll see", 2 / 3),
    ],
)
def test_customer_focus(text: str, focus: float) -> None:
    assert customer_focus(text) == pytest.approx(focus)


def test_profile_pillar() -> None:
    assert profile_pillar(ProfileFacts(), S) == 0.0
    assert profile_pillar(ProfileFacts("Helping you close"), S) == pytest.approx(2 / 3)
    summary = "x" * 80  # half the minimum length, no pronouns
    assert profile_pillar(ProfileFacts(None, summary), S) == pytest.approx((0 + 0.5 + 0.5) / 3)
    full = ProfileFacts("Your reports, faster", "You " + "y" * 200)
    assert profile_pillar(full, S) == 1.0


def test_jigsaw_multiplies_and_additive_adds() -> None:
    halves = score_jigsaw(dict.fromkeys(PILLARS, 0.5))
    assert (halves.jigsaw, halves.additive) == (pytest.approx(50.0), pytest.approx(50.0))
    one_half = score_jigsaw({**dict.fromkeys(PILLARS, 1.0), "engage": 0.5})
    assert one_half.jigsaw == pytest.approx(100 * 0.5 ** (1 / 6))
    assert one_half.weakest_pillar == "engage"
    missing = score_jigsaw({**dict.fromkeys(PILLARS, 1.0), "results": 0.0})
    assert missing.jigsaw == 0.0
    assert missing.additive == pytest.approx(500 / 6)
    assert missing.weakest_pillar == "results"


def test_weakest_pillar_ties_go_to_the_earliest() -> None:
    tied = score_jigsaw({**dict.fromkeys(PILLARS, 0.9), "network": 0.3, "converse": 0.3})
    assert tied.weakest_pillar == "converse"
    assert score_jigsaw(dict.fromkeys(PILLARS, 0.0)).weakest_pillar == "profile"


def test_engage_pillar() -> None:
    assert engage_pillar(0.8, 0.5) == pytest.approx(0.4)
    assert engage_pillar(0.8, 3.0) == pytest.approx(0.8)
    assert engage_pillar(0.8, None) == pytest.approx(0.8)


def test_network_pillar() -> None:
    rows = [
        ContactDay(1, FIRST, touches=2),
        ContactDay(2, AS_OF, connects=1),
        ContactDay(3, AS_OF, touches=1),
        ContactDay(1, FIRST - timedelta(days=1), touches=9),  # outside the window
        ContactDay(3, AS_OF + timedelta(days=1), touches=9),  # after as_of
    ]
    assert network_pillar(rows, frozenset({1, 2}), AS_OF, 28) == (0.75, None)
    assert network_pillar(rows, frozenset(), AS_OF, 28) == (0.0, NO_TARGETS)
    assert network_pillar([], frozenset({1}), AS_OF, 28) == (0.0, NO_TOUCHES)


def test_results_pillar_counts_linked_outcomes_in_90_days() -> None:
    edge = AS_OF - timedelta(days=89)
    outcomes = [
        OutcomeFact(edge, "meeting_booked", account_id=1),
        OutcomeFact(AS_OF, "referral"),  # unlinked: half
        OutcomeFact(AS_OF, "web_visits", account_id=1),  # awareness, not a result
        OutcomeFact(edge - timedelta(days=1), "deal_won", account_id=1),  # too old
        OutcomeFact(AS_OF + timedelta(days=1), "deal_won", account_id=1),  # after as_of
    ]
    assert results_pillar(outcomes, AS_OF, S) == pytest.approx(0.75)
    assert results_pillar(outcomes[:1] * 3, AS_OF, S) == 1.0


def test_jigsaw_of_a_person() -> None:
    facts = PersonFacts(
        days={AS_OF: {"post": 1, "comment": 3}},
        contact_days=(ContactDay(7, AS_OF, touches=2),),
        outcomes=(OutcomeFact(AS_OF, "meeting_booked", contact_id=7),),
        profile=ProfileFacts("Helping you close"),
        target_contacts=frozenset({7}),
    )
    habit = {"publish": 1 - K, "engage": 1 - K, "converse": 1 - K, "connect": 0.0}
    result = jigsaw_of(facts, AS_OF, habit, 3.0, calendar=WorkCalendar.of(S), settings=S)
    assert result.pillars == pytest.approx(
        {
            "profile": 2 / 3,
            "publish": 1 - K,
            "engage": 1 - K,
            "converse": 1 - K,
            "network": 1.0,
            "results": 0.5,
        }
    )
    expected = 100 * math.prod(result.pillars.values()) ** (1 / 6)
    assert result.jigsaw == pytest.approx(expected)
    assert result.weakest_pillar == "publish"

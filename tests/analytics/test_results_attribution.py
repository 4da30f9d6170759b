"""Outcome attribution on a small hand-built set: each method's numbers argued outcome by
outcome, an outcome with no touch counted as such, and the window's edges."""

from __future__ import annotations

from datetime import date, timedelta

from ascent.analytics.results.attribution import (
    NO_TOUCH,
    AttributedOutcome,
    Touch,
    attribute,
    preceding,
)

DAY0 = date(2026, 6, 1)
ADA, BEN = 1, 2
#: contacts 10 and 11 work at account 100, contact 20 at account 200
ACME, GLOBEX = 100, 200


def d(n: int) -> date:
    return DAY0 + timedelta(days=n)


TOUCHES = [
    Touch(ADA, d(1), "linkedin", 10, ACME),
    Touch(ADA, d(3), "x", 11, ACME),
    Touch(ADA, d(5), "email", 10, ACME),
    Touch(ADA, d(8), "linkedin", 10, ACME),
    Touch(ADA, d(9), "email", 10, ACME),
    # 230 days before the opportunity it would precede: outside the 90-day window
    Touch(ADA, d(-200), "linkedin", 20, GLOBEX),
]
OUTCOMES = [
    # A: Ada's touches of contact 10 before day 10: linkedin, email, linkedin, email
    AttributedOutcome(ADA, d(10), "meeting_booked", None, "linkedin", 10, ACME),
    # B: no contact, so every touch of account 100 before day 20: li, x, email, li, email
    AttributedOutcome(ADA, d(20), "deal_won", 9000.0, "linkedin", None, ACME),
    # C: contact 20's only touch is out of the window: no touch
    AttributedOutcome(ADA, d(30), "opportunity", 3000.0, "x", 20, GLOBEX),
    # D: web visits name no contact: no touch; 40 visits from a tagged LinkedIn link
    AttributedOutcome(
        ADA,
        d(31),
        "web_visits",
        40.0,
        "linkedin",
        source="linkedin",
        medium="social",
        campaign="spring",
    ),
    # E: a lost deal is no success to credit
    AttributedOutcome(ADA, d(32), "deal_lost", 5000.0, "linkedin", 10, ACME),
    # F: Ben met contact 10, whom only Ada touched: Ada's touches are not Ben's
    AttributedOutcome(BEN, d(10), "meeting_booked", None, None, 10, ACME),
    # G: before the period
    AttributedOutcome(ADA, d(-1), "deal_won", 1.0, "linkedin", 10, ACME),
]


def _row(channel: str, kind: str, count: float, amount: float | None = None) -> dict[str, object]:
    return {"channel": channel, "kind": kind, "count": count, "amount": amount}


def test_each_method_credits_the_touches_before_each_outcome_and_no_touch_apart() -> None:
    found = attribute(OUTCOMES, TOUCHES, first_day=d(0), last_day=d(40), window_days=90)
    methods = {m["method"]: m for m in found.to_dict()["methods"]}
    assert [m["label"] for m in methods.values()] == ["first touch", "last touch", "linear"]
    # first touch: A and B start with LinkedIn (day 1); C, D and F had no touch
    assert methods["first_touch"]["rows"] == [
        _row("linkedin", "meeting_booked", 1.0),
        _row(NO_TOUCH, "meeting_booked", 1.0),
        _row(NO_TOUCH, "opportunity", 1.0, 3000.0),
        _row("linkedin", "deal_won", 1.0, 9000.0),
        _row(NO_TOUCH, "web_visits", 40.0),
    ]
    # last touch: A and B end with e-mail (day 9)
    assert methods["last_touch"]["rows"] == [
        _row("email", "meeting_booked", 1.0),
        _row(NO_TOUCH, "meeting_booked", 1.0),
        _row(NO_TOUCH, "opportunity", 1.0, 3000.0),
        _row("email", "deal_won", 1.0, 9000.0),
        _row(NO_TOUCH, "web_visits", 40.0),
    ]
    # linear: A's 4 touches are 2 e-mail, 2 LinkedIn; B's 5 are 2 e-mail, 2 LinkedIn, 1 X,
    # so 2/5 of 9000 = 3600 and 1/5 = 1800; the no-touch outcomes are never spread
    assert methods["linear"]["rows"] == [
        _row("email", "meeting_booked", 0.5),
        _row("linkedin", "meeting_booked", 0.5),
        _row(NO_TOUCH, "meeting_booked", 1.0),
        _row(NO_TOUCH, "opportunity", 1.0, 3000.0),
        _row("email", "deal_won", 0.4, 3600.0),
        _row("linkedin", "deal_won", 0.4, 3600.0),
        _row("x", "deal_won", 0.2, 1800.0),
        _row(NO_TOUCH, "web_visits", 40.0),
    ]
    # every method credits the same totals: nothing lost, nothing counted twice
    for method in methods.values():
        assert sum(r["count"] for r in method["rows"]) == 44.0
        assert sum(r["amount"] or 0 for r in method["rows"]) == 12000.0


def test_how_they_heard_of_us_is_the_outcomes_own_source_and_traffic_source() -> None:
    found = attribute(OUTCOMES, TOUCHES, first_day=d(0), last_day=d(40), window_days=90)
    data = found.to_dict()
    assert data["outcomes"] == 5  # A, B, C, D, F: not the lost deal, not the one before
    assert data["window_days"] == 90
    assert data["by_source"] == [
        {"source_channel": "linkedin", "kind": "meeting_booked", "count": 1.0, "amount": None},
        {"source_channel": "unknown", "kind": "meeting_booked", "count": 1.0, "amount": None},
        {"source_channel": "x", "kind": "opportunity", "count": 1.0, "amount": 3000.0},
        {"source_channel": "linkedin", "kind": "deal_won", "count": 1.0, "amount": 9000.0},
        {"source_channel": "linkedin", "kind": "web_visits", "count": 40.0, "amount": None},
    ]
    unknown = {"source": "unknown", "medium": "unknown", "campaign": "unknown"}
    assert data["by_traffic_source"] == [
        unknown | {"kind": "meeting_booked", "count": 2.0, "amount": None},
        unknown | {"kind": "opportunity", "count": 1.0, "amount": 3000.0},
        unknown | {"kind": "deal_won", "count": 1.0, "amount": 9000.0},
        {"source": "linkedin", "medium": "social", "campaign": "spring"}
        | {"kind": "web_visits", "count": 40.0, "amount": None},
    ]


def test_the_window_holds_its_first_day_and_the_outcomes_day_and_nothing_else() -> None:
    outcome = AttributedOutcome(ADA, d(100), "meeting_booked", contact_id=10)
    touches = [
        Touch(ADA, d(100 - 90), "x", 10),  # one day too early for a 90-day window
        Touch(ADA, d(100 - 89), "linkedin", 10),  # the window's first day
        Touch(ADA, d(100), "email", 10),  # the outcome's own day
        Touch(ADA, d(101), "phone", 10),  # after it
    ]
    assert [t.channel for t in preceding(outcome, touches, 90)] == ["linkedin", "email"]
    assert [t.channel for t in preceding(outcome, touches, 1)] == ["email"]

"""Programme start, phases and quit risk: clear-cut cases of DESIGN §4, by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ascent.analytics.calendar import WorkCalendar, days_between
from ascent.analytics.facts import OutcomeFact, PersonFacts
from ascent.analytics.person import measure_person
from ascent.analytics.phases import Signals, classify_phase, quit_risk, signals
from ascent.analytics.programme import Routine, detect_start, routine_counts
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.timeline import phase_timeline, programme_start

S = MeasureSettings()
CAL = WorkCalendar.of(S)
AS_OF = date(2026, 3, 13)  # a Friday
Days = dict[date, dict[str, int]]


def work(first: date, last: date, per_day: int = 2, kind: str = "comment") -> Days:
    """``per_day`` routine actions on every working day from ``first`` to ``last``."""
    return {d: {kind: per_day} for d in days_between(first, last) if d.weekday() < 5}


def phase(
    days: Days,
    outcomes: tuple[OutcomeFact, ...] = (),
    *,
    pauses: tuple[tuple[date, date], ...] = (),
    start: date | None = None,
) -> str:
    facts = PersonFacts(days, outcomes=outcomes, pauses=pauses, programme_start=start)
    return measure_person(facts, AS_OF).phase


def weeks_before(n: int) -> date:
    return AS_OF - timedelta(weeks=n) + timedelta(days=3)  # a Monday


def test_start_needs_five_active_days_within_fourteen() -> None:
    four = [date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 9), date(2026, 3, 15)]
    assert detect_start(four, S) is None
    assert detect_start([*four, date(2026, 3, 16)], S) is None  # 15 days span
    five = [
        date(2026, 3, 2),
        date(2026, 3, 4),
        date(2026, 3, 9),
        date(2026, 3, 11),
        date(2026, 3, 15),
    ]
    assert detect_start(five, S) == date(2026, 3, 2)


def test_old_connections_and_a_burst_years_ago_do_not_start_the_programme() -> None:
    days: Days = {
        date(2015, 5, 4): {"connect": 40, "invite_in": 3, "message_in": 9},
        date(2019, 6, 3): {"post": 1},
    }
    assert programme_start(days, None, AS_OF, S) is None
    assert phase(days) == "not_started"
    burst = work(date(2019, 6, 3), date(2019, 6, 14))
    recent = work(date(2026, 3, 2), date(2026, 3, 13))
    assert programme_start({**burst, **recent}, None, AS_OF, S) == date(2026, 3, 2)
    assert programme_start(burst, None, AS_OF, S) == date(2019, 6, 3)


def test_explicit_start_wins_unless_after_as_of() -> None:
    days = work(date(2026, 1, 5), AS_OF)
    assert programme_start(days, date(2026, 2, 2), AS_OF, S) == date(2026, 2, 2)
    assert programme_start(days, date(2026, 3, 14), AS_OF, S) is None
    assert phase({}, start=date(2026, 3, 2)) == "not_started"


def test_uninformed_optimism_in_the_first_weeks() -> None:
    assert phase(work(weeks_before(2), AS_OF)) == "uninformed_optimism"


def test_informed_pessimism_when_effort_falls_below_70_percent() -> None:
    start = weeks_before(5)
    days = {
        **work(start, start + timedelta(days=20), 4),
        **work(start + timedelta(days=21), AS_OF, 1),
    }
    assert phase(days) == "informed_pessimism"


def test_valley_after_six_weeks_without_outcomes_while_still_working() -> None:
    assert phase(work(weeks_before(10), AS_OF)) == "valley_of_despair"
    old = (OutcomeFact(AS_OF - timedelta(days=56), "meeting_booked", account_id=1),)
    assert phase(work(weeks_before(10), AS_OF), old) == "valley_of_despair"


def test_informed_optimism_with_one_account_and_success_with_two() -> None:
    one = (
        OutcomeFact(AS_OF - timedelta(days=55), "meeting_booked", account_id=1),
        OutcomeFact(AS_OF, "deal_won", account_id=1),
    )
    # working since 13 weeks, so that all three outcomes fall after the programme start
    assert phase(work(weeks_before(13), AS_OF), one) == "informed_optimism"
    two = (*one, OutcomeFact(AS_OF - timedelta(days=83), "referral", account_id=2))
    assert phase(work(weeks_before(13), AS_OF), two) == "success"


def test_outcomes_before_the_programme_start_do_not_count() -> None:
    """A CRM's deal history from before the start is not this programme's success."""
    days = work(weeks_before(3), AS_OF)
    history = (
        OutcomeFact(weeks_before(3) - timedelta(days=10), "deal_won", account_id=1),
        OutcomeFact(weeks_before(3) - timedelta(days=3), "opportunity", account_id=2),
    )
    assert phase(days, history) == "uninformed_optimism"  # was success: 2 accounts, C8 = 1
    since = (*history, OutcomeFact(AS_OF, "meeting_booked", account_id=1))
    assert phase(days, since) == "informed_optimism"  # one account since the start


def test_informed_optimism_when_the_routine_is_not_established() -> None:
    days = {
        d: {"post": 1} for d in days_between(weeks_before(10), AS_OF) if d.weekday() in (0, 1, 2)
    }
    two = (
        OutcomeFact(AS_OF, "meeting_booked", account_id=1),
        OutcomeFact(AS_OF, "meeting_booked", account_id=2),
    )
    assert phase(days, two) == "informed_optimism"  # C = 3/5 < 0.7


def test_lapsed_after_21_unpaused_days_without_routine() -> None:
    days = work(weeks_before(10), AS_OF - timedelta(days=21))  # last action Friday Feb 20
    assert phase(days) == "lapsed"
    assert phase({**days, AS_OF - timedelta(days=20): {"post": 1}}) == "valley_of_despair"
    pause = ((AS_OF - timedelta(days=20), AS_OF - timedelta(days=7)),)
    assert phase(days, pauses=pause) == "valley_of_despair"


def test_signals_by_hand() -> None:
    start = weeks_before(9)  # Monday 2026-01-12
    days = {
        **work(start, AS_OF - timedelta(days=14), 2),
        **work(AS_OF - timedelta(days=13), AS_OF, 1),
    }
    routine = Routine.build(routine_counts(days, AS_OF), start, AS_OF, CAL)
    s = signals(routine, (), start, AS_OF)
    assert (s.days_in, s.week, s.idle_days) == (60, 9, 0)
    assert (s.effort, s.effort_decline) == (pytest.approx(0.5), pytest.approx(0.5))
    assert (s.consistency_6w, s.consistency_8w) == (1.0, 1.0)
    assert classify_phase(s, S) == "valley_of_despair"
    assert quit_risk("valley_of_despair", s, S) == pytest.approx(0.7)  # 0.5 + 0.4 · 0.5


def test_quit_risk_formula() -> None:
    s = Signals(AS_OF, 70, 1.0, 0.0, 0.5, 0.5, 0, 0, 0, 0)
    assert quit_risk("valley_of_despair", s, S) == pytest.approx(0.5)
    idle = Signals(AS_OF, 70, 1.0, 1.0, 0.5, 0.5, 21, 1, 1, 1)
    assert quit_risk("informed_pessimism", idle, S) == pytest.approx(0.5)  # (0.4+0.4+0.2)/2
    assert quit_risk("lapsed", idle, S) == 1.0
    assert quit_risk("not_started", None, S) == 0.0


def test_timeline_has_one_week_per_iso_week_with_a_reason() -> None:
    days = work(weeks_before(10), AS_OF)
    weeks = phase_timeline(days, (), weeks_before(10), AS_OF, calendar=CAL, settings=S)
    assert len(weeks) == 10
    assert weeks[0].week == weeks_before(10)
    assert weeks[-1].day == AS_OF
    assert [w.phase for w in weeks][:6] == ["uninformed_optimism"] * 6
    assert weeks[-1].reason.startswith("no outcome in the last 6 weeks while still working on")
    assert "the valley of despair — most people quit here; keep going" in weeks[-1].reason


def test_to_dict_uses_the_design_field_names() -> None:
    out = measure_person(PersonFacts(work(weeks_before(2), AS_OF)), AS_OF).to_dict()
    assert {
        "phase",
        "quit_risk",
        "jigsaw",
        "pillars",
        "weakest_pillar",
        "listen_push_ratio",
        "habit",
        "timeline",
        "programme_start",
        "reason",
        "additive",
    } <= set(out)
    assert out["programme_start"] == weeks_before(2).isoformat()
    assert out["habit"]["engage"] == round(out["habit"]["engage"], 3)

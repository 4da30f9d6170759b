"""Calendar and habit strength: hand-computed cases (K = 0.5 ** (1/10) per counted day)."""

from __future__ import annotations

from datetime import date

import pytest

from ascent.analytics.calendar import WorkCalendar, paused_days, week_start
from ascent.analytics.habits import daily_counts, habit_strength, habits
from ascent.analytics.settings import MeasureSettings

S = MeasureSettings()
K = 0.5 ** (1 / 10)
CAL = WorkCalendar.of(S)
MON, TUE, FRI, SAT, SUN = (date(2026, 3, d) for d in (2, 3, 6, 7, 8))
NEXT_MON = date(2026, 3, 9)


def strength(
    daily: dict[date, float], as_of: date, target: float = 1.0, cal: WorkCalendar = CAL
) -> float:
    return habit_strength(daily, target, as_of, cal, S)


def test_weeks_start_on_monday_and_pauses_are_inclusive() -> None:
    assert week_start(SUN) == MON
    assert week_start(MON) == MON
    assert paused_days([(TUE, date(2026, 3, 4))]) == {TUE, date(2026, 3, 4)}


def test_working_days_skip_weekends_and_pauses() -> None:
    assert CAL.add_working_days(FRI, 1) == NEXT_MON
    paused = WorkCalendar.of(S, [(NEXT_MON, NEXT_MON)])
    assert paused.add_working_days(FRI, 1) == date(2026, 3, 10)
    assert CAL.counted_days(MON, SUN) == 5
    assert paused.counted_on_or_before(NEXT_MON) == FRI


def test_half_life_is_ten_working_days() -> None:
    assert S.half_life_working_days == 10


def test_one_full_day_then_decay() -> None:
    assert strength({MON: 1}, MON) == pytest.approx(1 - K)
    assert strength({MON: 1}, TUE) == pytest.approx(K * (1 - K))
    assert strength({MON: 1}, date(2026, 3, 1)) == 0.0  # before the activity


def test_partial_day_scores_its_share_and_excess_is_capped() -> None:
    assert strength({MON: 1}, MON, target=3) == pytest.approx((1 - K) / 3)
    assert strength({MON: 7}, MON, target=3) == pytest.approx(1 - K)


def test_weekend_activity_counts_for_the_friday_before() -> None:
    assert strength({SAT: 1}, SAT) == pytest.approx(1 - K)
    assert strength({SAT: 1}, SUN) == pytest.approx(1 - K)
    assert strength({SAT: 1}, NEXT_MON) == pytest.approx(K * (1 - K))
    # Friday half done plus Saturday's half makes a full Friday
    assert strength({FRI: 0.5, SAT: 0.5}, SUN) == pytest.approx(1 - K)


def test_paused_days_neither_decay_nor_count() -> None:
    paused = WorkCalendar.of(S, [(TUE, date(2026, 3, 5))])
    assert strength({MON: 1}, FRI, cal=paused) == pytest.approx(K * (1 - K))
    assert strength({MON: 1}, FRI) == pytest.approx(K**4 * (1 - K))


def test_ten_full_days_build_half_a_habit_and_a_missed_month_costs_three_quarters() -> None:
    ten = {d: 1.0 for d in (date(2026, 3, n) for n in range(2, 14)) if d.weekday() < 5}
    assert strength(ten, date(2026, 3, 13)) == pytest.approx(0.5)
    # 20 working days later (four weeks) a quarter is left
    assert strength(ten, date(2026, 4, 10)) == pytest.approx(0.5 * 0.25)


def test_days_beyond_the_horizon_are_ignored() -> None:
    assert strength({date(2025, 3, 2): 1}, date(2026, 3, 13)) == 0.0


def test_habits_count_what_the_person_did() -> None:
    days = {
        MON: {
            "post": 1,
            "reaction": 3,
            "message_in": 5,
            "message_out": 2,
            "connect": 4,
            "invite_out": 1,
        }
    }
    assert habits(days, MON, CAL, S) == pytest.approx(
        {"publish": 1 - K, "engage": 1 - K, "converse": 1 - K, "connect": 1 - K}
    )
    assert daily_counts(days, ("message_in",), date(2026, 3, 1)) == {}

"""Habit strength per mode: how firmly a routine is established, 0..1 (DESIGN §4).

Habits count what the person *did*, never what they received: publish = post, share;
engage = comment, reaction; converse = message_out, email_out, call; connect = invite_out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final

from ascent.analytics.calendar import ONE_DAY, WorkCalendar
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import ROUTINE_KINDS_OF_MODE

HABIT_KINDS: Final = ROUTINE_KINDS_OF_MODE
HABIT_MODES: Final = tuple(HABIT_KINDS)


def daily_counts(
    days: Mapping[date, Mapping[str, int]], kinds: Iterable[str], as_of: date
) -> dict[date, float]:
    """Per day up to ``as_of``, the summed count of ``kinds`` (days with none are left out)."""
    wanted = tuple(kinds)
    out: dict[date, float] = {}
    for day, counts in days.items():
        if day <= as_of:
            done = sum(counts.get(k, 0) for k in wanted)
            if done:
                out[day] = float(done)
    return out


def habit_strength(
    daily: Mapping[date, float],
    target: float,
    as_of: date,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> float:
    """Exponentially weighted average of ``min(1, done / target)`` over counted days.

    ``s = k·s + (1 − k)·min(1, done / target)`` on each counted day (a working day that is
    not paused), starting from 0, with ``k = 0.5 ** (1 / h)`` and ``h`` the half-life in
    counted days (14 calendar days = 10 working days). So one missed day costs 7% of the
    strength and a missed month (20 working days) 75%; 10 full days build it to 0.5.
    Activity on a weekend or paused day counts toward the counted day *before* it (Saturday's
    post is Friday's), so the strength never rises on a day with nothing done. Days before
    ``as_of − habit_horizon_days`` are ignored: their weight is below 1e-7.
    """
    horizon = as_of - timedelta(days=settings.habit_horizon_days)
    active = [d for d, n in daily.items() if horizon < d <= as_of and n > 0]
    if not active:
        return 0.0
    keep = float(0.5 ** (1 / settings.half_life_working_days))
    first = calendar.counted_on_or_before(min(active))
    strength, done = 0.0, daily.get(first, 0.0)
    day = first + ONE_DAY
    while day <= as_of:
        if calendar.is_counted(day):  # close the previous counted day and its weekend
            strength = keep * strength + (1 - keep) * min(1.0, done / target)
            done = 0.0
        done += daily.get(day, 0.0)
        day += ONE_DAY
    return keep * strength + (1 - keep) * min(1.0, done / target)


def habits(
    days: Mapping[date, Mapping[str, int]],
    as_of: date,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> dict[str, float]:
    """Habit strength of each mode (publish, engage, converse, connect) as of ``as_of``."""
    return {
        mode: habit_strength(
            daily_counts(days, kinds, as_of), settings.target(mode), as_of, calendar, settings
        )
        for mode, kinds in HABIT_KINDS.items()
    }

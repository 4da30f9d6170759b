"""The weekly phase timeline of one person, from the programme start to the as-of day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ascent.analytics.calendar import EARLIEST_DAY, WorkCalendar, week_start
from ascent.analytics.facts import OutcomeFact
from ascent.analytics.phases import classify_phase, phase_reason, quit_risk, signals
from ascent.analytics.programme import Routine, detect_start, routine_counts
from ascent.analytics.settings import MeasureSettings
from ascent.domain.vocabulary import Phase


@dataclass(frozen=True, slots=True)
class WeekPhase:
    """One ISO week (Monday ``week``), judged on its Sunday or on the as-of day if earlier."""

    week: date
    day: date
    phase: Phase
    quit_risk: float
    effort: float | None
    consistency: float | None
    outcomes: int
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "week": self.week.isoformat(),
            "day": self.day.isoformat(),
            "phase": self.phase,
            "quit_risk": round(self.quit_risk, 3),
            "effort": None if self.effort is None else round(self.effort, 3),
            "consistency": None if self.consistency is None else round(self.consistency, 3),
            "outcomes": self.outcomes,
            "reason": self.reason,
        }


def programme_start(
    days: Mapping[date, Mapping[str, int]],
    explicit: date | None,
    as_of: date,
    settings: MeasureSettings,
) -> date | None:
    """The explicit start if set (not after ``as_of``, not before ``EARLIEST_DAY``), else the
    detected one."""
    if explicit is not None:
        return max(explicit, EARLIEST_DAY) if explicit <= as_of else None
    return detect_start(sorted(routine_counts(days, as_of)), settings)


def phase_timeline(
    days: Mapping[date, Mapping[str, int]],
    outcomes: Sequence[OutcomeFact],
    start: date | None,
    as_of: date,
    *,
    calendar: WorkCalendar,
    settings: MeasureSettings,
) -> list[WeekPhase]:
    """One ``WeekPhase`` per ISO week from the start's week to the as-of day's week.

    Without a start the timeline is the single as-of week, ``not_started``.
    """
    if start is None:
        reason = phase_reason(Phase.NOT_STARTED, None, settings)
        return [WeekPhase(week_start(as_of), as_of, Phase.NOT_STARTED, 0.0, None, None, 0, reason)]
    routine = Routine.build(routine_counts(days, as_of), start, as_of, calendar)
    weeks: list[WeekPhase] = []
    monday = week_start(start)
    while monday <= as_of:
        day = max(start, min(monday + timedelta(days=6), as_of))
        s = signals(routine, outcomes, start, day)
        phase = classify_phase(s, settings)
        weeks.append(
            WeekPhase(
                monday,
                day,
                phase,
                quit_risk(phase, s, settings),
                s.effort,
                s.consistency_8w,
                s.outcomes_8w,
                phase_reason(phase, s, settings),
            )
        )
        monday += timedelta(days=7)
    return weeks

"""Every measure of everyone as of one day: the columnar twin of ``person.measure_person``.

The frames are measured column-wise (habits, listen/push, programme start, the weekly phase
signals, pursuits, pillars); what leaves Polars is one ``PersonMeasures`` per person and one
``WeekPhase`` per week of their timeline, its reason worded by the reference's
``phase_reason``, so the result equals ``measure_person`` on each person's facts (tested).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ascent.analytics.calendar import week_start
from ascent.analytics.columnar.frames import FactFrames
from ascent.analytics.columnar.habits import habit_frame
from ascent.analytics.columnar.jigsaw import jigsaw_frames
from ascent.analytics.columnar.listening import listen_push_frame
from ascent.analytics.columnar.phases import SIGNALS, week_signals_frame, with_phases
from ascent.analytics.columnar.programme import start_frame
from ascent.analytics.columnar.pursuits import (
    answer_distribution,
    pursuit_frame,
    summaries,
    summary_frame,
)
from ascent.analytics.habits import HABIT_MODES
from ascent.analytics.person import PersonMeasures
from ascent.analytics.phases import Signals, phase_reason
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.timeline import WeekPhase
from ascent.domain.vocabulary import Phase


def measure_frames(
    frames: FactFrames, as_of: date, settings: MeasureSettings
) -> dict[int, PersonMeasures]:
    """Each person's measures as of ``as_of`` (facts after it are ignored), by person id."""
    habit = habit_frame(frames, as_of, settings)
    ratio = listen_push_frame(frames, as_of, settings.window_days)
    starts = start_frame(frames, as_of, settings)
    weeks = with_phases(week_signals_frame(frames, starts, as_of, settings), settings)
    pursuits = pursuit_frame(frames, as_of, settings)
    summary = summaries(summary_frame(pursuits, frames.people), answer_distribution(pursuits))
    jigsaws = jigsaw_frames(frames, habit, ratio, as_of, settings)
    timelines = _timelines(weeks, settings)
    found = {}
    for row in habit.join(ratio, on="person").join(starts, on="person").iter_rows(named=True):
        person = row["person"]
        timeline = timelines.get(person) or [_not_started(as_of, settings)]
        now = timeline[-1]
        found[person] = PersonMeasures(
            as_of,
            row["programme_start"],
            now.phase,
            now.quit_risk,
            now.reason,
            {mode: row[mode] for mode in HABIT_MODES},
            row["listen_push_ratio"],
            jigsaws[person],
            summary[person],
            timeline,
        )
    return found


def _timelines(weeks: pl.DataFrame, settings: MeasureSettings) -> dict[int, list[WeekPhase]]:
    """The rows of ``with_phases`` as each person's ``WeekPhase`` list, oldest week first."""
    found: dict[int, list[WeekPhase]] = {}
    for row in weeks.iter_rows(named=True):
        signals = Signals(*(row[name] for name in SIGNALS))
        phase = Phase(row["phase"])
        week = WeekPhase(
            row["week"],
            signals.day,
            phase,
            row["quit_risk"],
            signals.effort,
            signals.consistency_8w,
            signals.outcomes_8w,
            phase_reason(phase, signals, settings),
        )
        found.setdefault(row["person"], []).append(week)
    return found


def _not_started(as_of: date, settings: MeasureSettings) -> WeekPhase:
    """The timeline of a person without a programme start: the as-of week, not started."""
    reason = phase_reason(Phase.NOT_STARTED, None, settings)
    return WeekPhase(week_start(as_of), as_of, Phase.NOT_STARTED, 0.0, None, None, 0, reason)

"""The columnar measures of some people's frames held equal to the per-person reference
(``analytics.habits``, ``listening``, ``timeline.programme_start``, ``phases.signals``,
``pursuits``): one check for the property test on generated facts and for the frames read
from a real database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.columnar import (
    FactFrames,
    answer_distribution,
    consistency_frame,
    habit_frame,
    listen_push_frame,
    pursuit_frame,
    start_frame,
    summaries,
    summary_frame,
)
from ascent.analytics.columnar.pursuits import pursuits_by_person
from ascent.analytics.facts import PersonFacts
from ascent.analytics.habits import habits
from ascent.analytics.listening import listen_push_ratio
from ascent.analytics.phases import signals
from ascent.analytics.programme import Routine, routine_counts
from ascent.analytics.pursuits import pursuits_of, summarise
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.timeline import programme_start


@dataclass(frozen=True)
class Checked:
    """What was compared, for a caller that asserts the data exercised something."""

    ratio: dict[int, Any]
    consistency: dict[int, tuple[Any, Any]]
    pursuits: pl.DataFrame


def assert_equal_to_reference(
    frames: FactFrames, facts: Mapping[int, PersonFacts], as_of: date, s: MeasureSettings
) -> Checked:
    """Every person's habit strength, listen/push, programme start, consistency over 6 and 8
    weeks, pursuits and their summary from ``frames`` equal the reference's from ``facts``."""
    habit = {row["person"]: row for row in habit_frame(frames, as_of, s).iter_rows(named=True)}
    ratio = dict(listen_push_frame(frames, as_of, s.window_days).iter_rows())
    start_rows = start_frame(frames, as_of, s)
    starts = dict(start_rows.iter_rows())
    consistency = {r[0]: r[1:] for r in consistency_frame(frames, start_rows, as_of, s).iter_rows()}
    pursuits = pursuit_frame(frames, as_of, s)
    by_person = pursuits_by_person(pursuits)
    summary = summaries(summary_frame(pursuits, frames.people), answer_distribution(pursuits))
    for person, f in facts.items():
        calendar = WorkCalendar.of(s, f.pauses)
        expected = habits(f.days, as_of, calendar, s)
        assert {m: habit[person][m] for m in expected} == expected
        assert ratio[person] == listen_push_ratio(f.days, f.contact_days, as_of, s.window_days)
        start = programme_start(f.days, f.programme_start, as_of, s)
        assert starts[person] == start
        assert consistency[person] == _consistency(f, start, as_of, calendar)
        reference = pursuits_of(f.contact_days, f.outcomes, as_of, calendar, s)
        assert by_person.get(person, []) == reference
        assert summary[person] == summarise(reference)
    return Checked(ratio, consistency, pursuits)


def _consistency(
    f: PersonFacts, start: date | None, as_of: date, calendar: WorkCalendar
) -> tuple[float | None, float | None]:
    """The reference's C over 6 and 8 weeks on the as-of day (None without a start)."""
    if start is None:
        return None, None
    routine = Routine.build(routine_counts(f.days, as_of), start, as_of, calendar)
    found = signals(routine, f.outcomes, start, as_of)
    return found.consistency_6w, found.consistency_8w

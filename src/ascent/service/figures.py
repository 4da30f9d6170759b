"""Everything the overview, the person views and the lead home show of one person as of a
day, computed from that person's facts alone: what ``service.snapshots`` keeps and serves.

Each figure is a function of the person's facts, the org's settings and their team's strategy
as of the day, so the same figures come out whether they are computed now or were computed
and stored by the last import (the snapshot is only a cache of this module's result).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

import polars as pl

from ascent.analytics.calendar import week_start
from ascent.analytics.columnar.frames import FactFrames, up_to
from ascent.analytics.columnar.measures import measure_frames
from ascent.analytics.coverage import Coverage, strategy_coverage
from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import PersonMeasures, measure_person
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.timeline import WeekPhase
from ascent.domain.strategy import Strategy
from ascent.domain.vocabulary import MODES, RESULT_KINDS, Phase, mode_of

#: the lead home's trend compares the day with the same day a week earlier
TREND_DAYS: Final = 7
#: the lead home's phase distribution covers the last 26 ISO weeks (half a year)
DISTRIBUTION_WEEKS: Final = 26
FUNNEL_STAGES: Final = ("touches", "answers", "meetings", "opportunities", "deals")

#: activity counts by (kind, channel) over the org's window, as ``people.effort_counts`` reads
Effort = Mapping[tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class Trend:
    """Where the person stood ``TREND_DAYS`` earlier: what the lead's grid compares with."""

    phase: Phase
    quit_risk: float
    jigsaw: float


@dataclass(frozen=True, slots=True)
class TeamShare:
    """What one person adds to their lead's home: the week-ago trend, their share of each
    funnel stage over the results window, their phase in each distribution week and the
    weeks they describe, and the effort of their last two weeks (what the home reads of the
    timeline, so that a served timeline stays undecoded)."""

    trend: Trend
    funnel: tuple[int, ...]
    phases: tuple[Phase, ...]
    described_weeks: frozenset[date]
    efforts: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class PersonFigures:
    """One person's figures as of a day (``counts`` by mode and ``outcomes``: sales outcomes,
    not web visits, over the org's window; ``team`` only when asked for: it measures a second
    day)."""

    counts: dict[str, int]
    outcomes: int
    last_activity: date | None
    measures: PersonMeasures
    coverage: Coverage
    team: TeamShare | None = None


def person_figures(
    facts: PersonFacts,
    effort: Effort,
    strategy: Strategy | None,
    as_of: date,
    settings: MeasureSettings,
    *,
    with_team: bool = False,
) -> PersonFigures:
    """The figures of the person ``facts`` describe (facts after ``as_of`` are ignored)."""
    measures = measure_person(facts, as_of, settings)
    first = as_of - timedelta(days=settings.window_days - 1)
    return PersonFigures(
        counts=mode_counts(effort),
        outcomes=sum(o.kind in RESULT_KINDS and first <= o.day <= as_of for o in facts.outcomes),
        last_activity=max((d for d in facts.days if d <= as_of), default=None),
        measures=measures,
        coverage=strategy_coverage(effort, strategy),
        team=team_share(facts, measures, as_of, settings) if with_team else None,
    )


def frame_figures(
    frames: FactFrames,
    effort: Mapping[int, Effort],
    strategies: Mapping[int, Strategy | None],
    as_of: date,
    settings: MeasureSettings,
    *,
    with_team: bool = False,
) -> dict[int, PersonFigures]:
    """``person_figures`` of everyone in ``frames`` at once, measured column-wise
    (``analytics.columnar``); ``effort`` and ``strategies`` by person id. Equal to
    ``person_figures`` on each person's facts up to ``as_of`` (tested)."""
    measures = measure_frames(frames, as_of, settings)
    before = (
        measure_frames(frames, as_of - timedelta(days=TREND_DAYS), settings) if with_team else {}
    )
    window = as_of - timedelta(days=settings.window_days - 1)
    results = as_of - timedelta(days=settings.results_window_days - 1)
    sums = (
        frames.people.select("person")
        .join(_outcome_count(frames, window, as_of), on="person", how="left")
        .join(_last_activity(frames, as_of), on="person", how="left")
        .join(_funnel(frames, results, as_of), on="person", how="left")
        .join(_weeks_with_data_frame(frames, as_of), on="person", how="left")
    )
    found = {}
    for row in sums.iter_rows(named=True):
        person = row["person"]
        counts = effort.get(person, {})
        share = None
        if with_team:
            share = _share(
                measures[person],
                before[person],
                tuple(row[stage] or 0 for stage in FUNNEL_STAGES),
                set(row["weeks"] or ()),
                as_of,
            )
        found[person] = PersonFigures(
            counts=mode_counts(counts),
            outcomes=row["outcomes"] or 0,
            last_activity=row["last_activity"],
            measures=measures[person],
            coverage=strategy_coverage(counts, strategies.get(person)),
            team=share,
        )
    return found


def _share(
    measures: PersonMeasures,
    before: PersonMeasures,
    funnel: tuple[int, ...],
    active_weeks: set[date],
    as_of: date,
) -> TeamShare:
    """The person's ``TeamShare`` from their measures of the day and a week earlier, their
    funnel and the weeks with any data in them (``described_weeks``)."""
    timeline = measures.timeline
    started = {w.week for w in timeline if w.phase is not Phase.NOT_STARTED}
    return TeamShare(
        Trend(before.phase, before.quit_risk, before.jigsaw.jigsaw),
        funnel,
        distribution_phases(timeline, as_of),
        frozenset((started | active_weeks) & set(distribution_weeks(as_of))),
        tuple(w.effort for w in timeline[-2:]),
    )


def _outcome_count(frames: FactFrames, first: date, last: date) -> pl.DataFrame:
    return (
        frames.outcomes.filter(
            pl.col("day").is_between(first, last) & pl.col("kind").is_in(sorted(RESULT_KINDS))
        )
        .group_by("person")
        .agg(pl.len().alias("outcomes"))
    )


def _last_activity(frames: FactFrames, as_of: date) -> pl.DataFrame:
    return (
        up_to(frames.activity_days, as_of)
        .group_by("person")
        .agg(pl.col("day").max().alias("last_activity"))
    )


def _funnel(frames: FactFrames, first: date, last: date) -> pl.DataFrame:
    """``person`` and each of ``FUNNEL_STAGES`` from ``first`` to ``last``, as
    ``person_funnel`` counts them (meetings: held with a contact plus booked)."""
    inside = pl.col("day").is_between(first, last)
    contacts = (
        frames.contact_days.filter(inside)
        .group_by("person")
        .agg(pl.col("touches", "answers").sum(), pl.col("meetings").sum().alias("held"))
    )
    kinds = {"booked": "meeting_booked", "opportunities": "opportunity", "deals": "deal_won"}
    outcomes = (
        frames.outcomes.filter(inside)
        .group_by("person")
        .agg((pl.col("kind") == kind).sum().alias(name) for name, kind in kinds.items())
    )
    return contacts.join(outcomes, on="person", how="full", coalesce=True).select(
        "person",
        "touches",
        "answers",
        (pl.col("held").fill_null(0) + pl.col("booked").fill_null(0)).alias("meetings"),
        "opportunities",
        "deals",
    )


def _weeks_with_data_frame(frames: FactFrames, as_of: date) -> pl.DataFrame:
    """``person, weeks``: the Mondays of the weeks up to ``as_of`` with any activity, contact
    day or outcome: ``_weeks_with_data`` of everyone at once."""
    days = pl.concat(
        [
            up_to(frames.activity_days, as_of).filter(pl.col("n") != 0).select("person", "day"),
            up_to(frames.contact_days, as_of).select("person", "day"),
            up_to(frames.outcomes, as_of).select("person", "day"),
        ]
    )
    monday = pl.col("day") - pl.duration(days=pl.col("day").dt.weekday() - 1)
    return days.group_by("person").agg(monday.unique().alias("weeks"))


def team_share(
    facts: PersonFacts, measures: PersonMeasures, as_of: date, settings: MeasureSettings
) -> TeamShare:
    """What the person adds to the lead home as of ``as_of`` (``measures`` are of that day)."""
    before = measure_person(facts, as_of - timedelta(days=TREND_DAYS), settings)
    first = as_of - timedelta(days=settings.results_window_days - 1)
    funnel = person_funnel(facts, first, as_of)
    return _share(measures, before, funnel, _weeks_with_data(facts), as_of)


def mode_counts(effort: Effort) -> dict[str, int]:
    """The window's effort folded into counts by mode, every mode present."""
    counts = dict.fromkeys(MODES, 0)
    for (kind, _channel), n in effort.items():
        mode = mode_of(kind)
        if mode in counts:
            counts[mode] += n
    return counts


def person_funnel(person: PersonFacts, first: date, last: date) -> tuple[int, ...]:
    """One person's share of each funnel stage from ``first`` to ``last`` (inclusive).

    Touches and answers come from the pursuit rollup; meetings are those held with a contact
    (rollup) plus those booked (outcomes), as a pursuit's ``meeting`` status counts either;
    opportunities and deals (won) are outcomes.
    """
    touches = answers = meetings = 0
    for day in person.contact_days:
        if first <= day.day <= last:
            touches, answers = touches + day.touches, answers + day.answers
            meetings += day.meetings
    kinds = Counter(o.kind for o in person.outcomes if first <= o.day <= last)
    meetings += kinds["meeting_booked"]
    return (touches, answers, meetings, kinds["opportunity"], kinds["deal_won"])


@lru_cache(maxsize=64)
def distribution_weeks(as_of: date) -> tuple[date, ...]:
    """The Mondays of the ``DISTRIBUTION_WEEKS`` weeks up to ``as_of``'s, oldest first."""
    last = week_start(as_of)
    return tuple(last - timedelta(weeks=n) for n in range(DISTRIBUTION_WEEKS - 1, -1, -1))


def distribution_phases(timeline: Sequence[WeekPhase], as_of: date) -> tuple[Phase, ...]:
    """The phase in each distribution week (``distribution_weeks``): a week before the
    timeline's first is not started."""
    phases = {w.week: w.phase for w in timeline}
    return tuple(phases.get(week, Phase.NOT_STARTED) for week in distribution_weeks(as_of))


def described_weeks(timeline: Sequence[WeekPhase], facts: PersonFacts) -> set[date]:
    """The weeks (Mondays) a person is past their programme start or has any data in."""
    started = {w.week for w in timeline if w.phase is not Phase.NOT_STARTED}
    return started | _weeks_with_data(facts)


def _weeks_with_data(facts: PersonFacts) -> set[date]:
    """The weeks (Mondays) with any activity, contact day or outcome in ``facts``."""
    active = {day for day, counts in facts.days.items() if any(counts.values())}
    active |= {c.day for c in facts.contact_days} | {o.day for o in facts.outcomes}
    return {week_start(day) for day in active}

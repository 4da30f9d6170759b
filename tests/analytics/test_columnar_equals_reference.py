"""The columnar measures equal the per-person reference on generated histories (hypothesis).

Each example is a team of people with random activity bursts (weekends included), contacts
with touches, answers and meetings, outcomes linked or not, pauses (some empty or far back),
explicit programme starts (some after the as-of day or before 1990) and an as-of day, under
default or random settings. Every comparison is exact, floats included: the columnar habit
strength runs the reference's own recurrence ``k·s + (1 − k)·x`` step by step (vectorised over
people), so it is bit-equal; listen/push, the answer rate and consistency over 6 and 8
weeks are one division of the same integers; the median is of integers. Polars' own
``ewm_mean`` is not bit-equal (it computes ``s + α·(x − s)``), so it is not used.
Derandomized, so CI sees the same examples every run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.columnar import (
    frames_of,
    start_frame,
)
from ascent.analytics.columnar.measures import measure_frames
from ascent.analytics.columnar.phases import SIGNALS, week_signals_frame, with_phases
from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts, ProfileFacts
from ascent.analytics.person import measure_person
from ascent.analytics.phases import Signals, signals
from ascent.analytics.programme import Routine, routine_counts
from ascent.analytics.settings import DEFAULT_SETTINGS, MeasureSettings
from ascent.analytics.timeline import phase_timeline, programme_start
from ascent.domain.vocabulary import ACTIVITY_KINDS, OUTCOME_KINDS
from ascent.service.figures import frame_figures, person_figures
from columnar_reference import assert_equal_to_reference

DAY0 = date(2025, 1, 1)
SPAN = 480  # longer than the habit horizon (365 days), so the horizon's edge is crossed
PEOPLE = 10


def _day(n: int) -> date:
    return DAY0 + timedelta(days=n)


offsets = st.integers(0, SPAN)
#: most facts and as-of days fall in the last weeks, so windows, open pursuits and due
#: touches are met often; the rest anywhere in the span
late = st.integers(SPAN - 70, SPAN)
when = st.one_of(late, late, offsets)
small = st.integers(0, 3)
rare = st.sampled_from((0, 0, 0, 1, 2))
#: bursts of activity (start, how many days, every how many days), so sustained runs occur
bursts = st.lists(st.tuples(when, st.integers(1, 14), st.integers(1, 4)), max_size=4)
kinds = st.dictionaries(st.sampled_from(sorted(ACTIVITY_KINDS)), st.integers(0, 7), max_size=4)
contact_day = st.builds(ContactDay, st.integers(1, 8), when.map(_day), small, rare, rare, rare)
outcome = st.builds(
    OutcomeFact,
    when.map(_day),
    st.sampled_from(sorted(OUTCOME_KINDS)),
    st.one_of(st.none(), st.integers(1, 3)),
    st.one_of(st.none(), st.integers(1, 8)),
    st.one_of(st.none(), st.floats(0, 1e6)),
)
pause = st.tuples(st.integers(-400, SPAN), st.integers(-2, 40)).map(
    lambda p: (_day(p[0]), _day(p[0] + p[1]))
)
explicit_start = st.one_of(
    st.none(), st.none(), st.none(), st.none(), when.map(_day), st.just(date(1985, 6, 1))
)


#: headlines and summaries with and without the reader's and the writer's pronouns
texts = st.one_of(
    st.none(),
    st.just(""),
    st.lists(st.sampled_from(("you", "your", "I", "my", "we", "help", "teams", "sales"))).map(
        " ".join
    ),
    st.text(max_size=200),
)
profiles = st.builds(ProfileFacts, texts, texts)
#: target contacts: none (no strategy), some of the contacts touched, or others
targets = st.frozensets(st.integers(1, 10), max_size=5)


@st.composite
def person_facts(
    draw: st.DrawFn, starts: st.SearchStrategy[date | None] = explicit_start
) -> PersonFacts:
    days: dict[date, dict[str, int]] = {}
    for start, count, step in draw(bursts):
        for i in range(count):
            days[_day(start + i * step)] = draw(kinds)
    for n in draw(st.lists(when, max_size=8)):
        days[_day(n)] = draw(kinds)
    rows = {(r.contact_id, r.day): r for r in draw(st.lists(contact_day, max_size=25))}
    return PersonFacts(
        days=days,
        contact_days=tuple(rows.values()),
        outcomes=tuple(draw(st.lists(outcome, max_size=6))),
        programme_start=draw(starts),
        pauses=tuple(draw(st.lists(pause, max_size=3))),
        profile=draw(profiles),
        target_contacts=draw(targets),
    )


measure_settings = st.one_of(
    st.just(DEFAULT_SETTINGS),
    st.builds(
        MeasureSettings,
        habit_half_life_days=st.sampled_from((3.0, 14.0, 30.0)),
        publish_per_day=st.sampled_from((0.3, 0.6, 2.0)),
        habit_horizon_days=st.sampled_from((60, 365)),
        working_weekdays=st.frozensets(st.integers(0, 6), min_size=1),
        window_days=st.sampled_from((7, 28)),
        cold_after_days=st.sampled_from((7, 21)),
        cadence_working_days=st.integers(1, 5),
        touches_min=st.integers(1, 5),
        touches_max=st.integers(5, 9),
        start_active_days=st.integers(2, 6),
        start_window_days=st.integers(5, 20),
        restart_gap_days=st.sampled_from((10, 30, 90)),
    ),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(person_facts(), min_size=PEOPLE, max_size=PEOPLE),
    st.one_of(st.integers(SPAN - 40, SPAN + 20), offsets).map(_day),
    measure_settings,
)
def test_columnar_measures_equal_the_reference(
    team: list[PersonFacts], as_of: date, s: MeasureSettings
) -> None:
    facts = {10 + i: f for i, f in enumerate(team)}
    assert_equal_to_reference(frames_of(facts), facts, as_of, s)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(person_facts(st.one_of(st.none(), when.map(_day))), min_size=PEOPLE, max_size=PEOPLE),
    st.one_of(st.integers(SPAN - 40, SPAN + 20), offsets).map(_day),
    measure_settings,
)
def test_every_measure_of_everyone_equals_measure_person(
    team: list[PersonFacts], as_of: date, s: MeasureSettings
) -> None:
    """``measure_frames`` gives each person exactly ``measure_person``'s ``PersonMeasures``:
    phase, quit risk and reason, habits, listen/push, the six pillars with their scores and
    notes, pursuits and the whole weekly timeline with every week's reason."""
    facts = {10 + i: f for i, f in enumerate(team)}
    found = measure_frames(frames_of(facts), as_of, s)
    assert found == {person: measure_person(f, as_of, s) for person, f in facts.items()}


efforts = st.dictionaries(
    st.tuples(st.sampled_from(sorted(ACTIVITY_KINDS)), st.sampled_from(("linkedin", "email"))),
    st.integers(0, 9),
    max_size=4,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(person_facts(st.one_of(st.none(), when.map(_day))), efforts),
        min_size=PEOPLE,
        max_size=PEOPLE,
    ),
    st.one_of(st.integers(SPAN - 40, SPAN + 20), offsets).map(_day),
    measure_settings,
)
def test_figures_of_everyone_equal_person_figures(
    team: list[tuple[PersonFacts, dict[tuple[str, str], int]]], as_of: date, s: MeasureSettings
) -> None:
    """``frame_figures`` with the lead home's share equals ``person_figures`` on each
    person's facts up to the day (what ``store.facts.load_facts`` reads): counts, outcomes,
    last activity, measures, coverage, the week-ago trend, the funnel, the distribution
    phases, the described weeks and the last two weeks' effort."""
    facts = {10 + i: _up_to(f, as_of) for i, (f, _) in enumerate(team)}
    effort = {10 + i: e for i, (_, e) in enumerate(team)}
    found = frame_figures(frames_of(facts), effort, {}, as_of, s, with_team=True)
    expected = {
        p: person_figures(f, effort[p], None, as_of, s, with_team=True) for p, f in facts.items()
    }
    assert found == expected


def _up_to(f: PersonFacts, as_of: date) -> PersonFacts:
    """The facts up to ``as_of`` as the store holds them: a day has a row per kind, so a day
    without counts is not there."""
    return replace(
        f,
        days={d: counts for d, counts in f.days.items() if d <= as_of and counts},
        contact_days=tuple(r for r in f.contact_days if r.day <= as_of),
        outcomes=tuple(o for o in f.outcomes if o.day <= as_of),
    )


#: one week of a timeline: its Monday, signals, phase and quit risk
Week = tuple[date, Signals, str, float]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.lists(person_facts(st.one_of(st.none(), when.map(_day))), min_size=PEOPLE, max_size=PEOPLE),
    st.one_of(st.integers(SPAN - 40, SPAN + 20), offsets).map(_day),
    measure_settings,
)
def test_columnar_week_signals_equal_the_reference(
    team: list[PersonFacts], as_of: date, s: MeasureSettings
) -> None:
    """Every week's phase signals, phase and quit risk, from the start's week to the as-of
    day's (explicit starts before 1990 are left to the test above: their timelines are 1,900
    weeks long)."""
    facts = {10 + i: f for i, f in enumerate(team)}
    frames = frames_of(facts)
    weeks = with_phases(week_signals_frame(frames, start_frame(frames, as_of, s), as_of, s), s)
    found: dict[int, list[Week]] = {}
    for row in weeks.iter_rows(named=True):
        signal = Signals(*(row[name] for name in SIGNALS))
        week = (row["week"], signal, row["phase"], row["quit_risk"])
        found.setdefault(row["person"], []).append(week)
    for person, f in facts.items():
        assert found.get(person, []) == _reference_weeks(f, as_of, s)


def _reference_weeks(f: PersonFacts, as_of: date, s: MeasureSettings) -> list[Week]:
    """The signals ``timeline.phase_timeline`` judges each week by, with the week's Monday,
    phase and quit risk."""
    start = programme_start(f.days, f.programme_start, as_of, s)
    if start is None:
        return []
    calendar = WorkCalendar.of(s, f.pauses)
    routine = Routine.build(routine_counts(f.days, as_of), start, as_of, calendar)
    weeks = phase_timeline(f.days, f.outcomes, start, as_of, calendar=calendar, settings=s)
    return [
        (w.week, signals(routine, f.outcomes, start, w.day), w.phase, w.quit_risk) for w in weeks
    ]

"""Invariants of the measures, checked on generated facts (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts
from ascent.analytics.habits import habit_strength
from ascent.analytics.jigsaw import PILLARS, score_jigsaw
from ascent.analytics.person import measure_person
from ascent.analytics.settings import MeasureSettings

S = MeasureSettings()
DAY0 = date(2026, 1, 1)
KINDS = (
    "post",
    "share",
    "comment",
    "reaction",
    "message_out",
    "message_in",
    "invite_out",
    "connect",
)
OUTCOMES = ("meeting_booked", "deal_won", "deal_lost", "referral", "web_visits")

offsets = st.integers(min_value=0, max_value=120)
daily = st.dictionaries(offsets, st.integers(min_value=0, max_value=6), max_size=60)
pauses = st.lists(st.tuples(offsets, st.integers(min_value=0, max_value=10)), max_size=2)
pillar = st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=1.0))


def _day(n: int) -> date:
    return DAY0 + timedelta(days=n)


@given(st.fixed_dictionaries(dict.fromkeys(PILLARS, pillar)))
def test_jigsaw_is_zero_iff_a_pillar_is_zero(pillars: dict[str, float]) -> None:
    score = score_jigsaw(pillars)
    assert (score.jigsaw == 0) == (min(pillars.values()) == 0)
    assert 0 <= score.jigsaw <= score.additive + 1e-9 <= 100 + 1e-9
    assert pillars[score.weakest_pillar] == min(pillars.values())


@given(daily, pauses, st.floats(min_value=0.2, max_value=5.0))
def test_habit_in_unit_interval_and_never_rises_on_an_empty_day(
    counts: dict[int, int], pause: list[tuple[int, int]], target: float
) -> None:
    cal = WorkCalendar.of(S, [(_day(a), _day(a + n)) for a, n in pause])
    done = {_day(n): float(c) for n, c in counts.items()}
    previous = 0.0
    for n in range(130):
        value = habit_strength(done, target, _day(n), cal, S)
        assert 0.0 <= value <= 1.0
        if not done.get(_day(n)):
            assert value <= previous + 1e-12
        previous = value


kinds_by_day = st.dictionaries(
    offsets, st.dictionaries(st.sampled_from(KINDS), st.integers(0, 5), max_size=4), max_size=50
)
contact_days = st.lists(
    st.builds(
        ContactDay,
        st.integers(1, 6),
        offsets.map(_day),
        st.integers(0, 3),
        st.integers(0, 1),
        st.integers(0, 1),
        st.integers(0, 1),
    ),
    max_size=30,
)
outcome_facts = st.lists(
    st.builds(
        OutcomeFact,
        offsets.map(_day),
        st.sampled_from(OUTCOMES),
        st.one_of(st.none(), st.integers(1, 3)),
        st.one_of(st.none(), st.integers(1, 6)),
    ),
    max_size=6,
)


def _facts(
    days: dict[int, dict[str, int]],
    rows: list[ContactDay],
    out: list[OutcomeFact],
    targets: frozenset[int],
) -> PersonFacts:
    return PersonFacts(
        {_day(n): c for n, c in days.items()}, tuple(rows), tuple(out), target_contacts=targets
    )


@settings(max_examples=60, deadline=None)
@given(
    kinds_by_day,
    contact_days,
    outcome_facts,
    st.frozensets(st.integers(1, 6)),
    st.integers(0, 120),
    kinds_by_day,
    contact_days,
    outcome_facts,
)
def test_facts_after_as_of_change_nothing_and_quit_risk_is_bounded(
    days: dict[int, dict[str, int]],
    rows: list[ContactDay],
    out: list[OutcomeFact],
    targets: frozenset[int],
    cut: int,
    more_days: dict[int, dict[str, int]],
    more_rows: list[ContactDay],
    more_out: list[OutcomeFact],
) -> None:
    as_of = _day(cut)
    base = _facts(days, rows, out, targets)
    later = {n + cut + 1: c for n, c in more_days.items()}
    extra = _facts(
        {**later, **days},
        rows
        + [
            ContactDay(
                r.contact_id,
                r.day + timedelta(days=cut + 1),
                r.touches,
                r.answers,
                r.meetings,
                r.connects,
            )
            for r in more_rows
        ],
        out
        + [
            OutcomeFact(o.day + timedelta(days=cut + 1), o.kind, o.account_id, o.contact_id)
            for o in more_out
        ],
        targets,
    )
    measured = measure_person(base, as_of)
    assert measure_person(extra, as_of) == measured
    assert 0.0 <= measured.quit_risk <= 1.0
    assert all(0.0 <= w.quit_risk <= 1.0 for w in measured.timeline)
    assert all(0.0 <= v <= 1.0 for v in measured.pillars.values())

"""The lead home's use case: the funnel, the phase distribution and who needs a conversation,
from facts and timelines built here; the org's ``k_anonymity`` setting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from ascent.analytics.coverage import strategy_coverage
from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts
from ascent.analytics.person import measure_person
from ascent.analytics.timeline import WeekPhase
from ascent.bootstrap import scoped_unit_of_work
from ascent.domain.vocabulary import Phase
from ascent.errors import ConfigError, NotFound
from ascent.service.org_settings import (
    k_anonymity,
    measure_settings,
    org_settings,
    set_org_settings,
    settings_dict,
)
from ascent.service.people import PersonReport, PersonRow
from ascent.service.team_home import conversations, funnel, phase_distribution, team_home

AS_OF = date(2026, 11, 30)  # a Monday


def test_the_funnel_counts_the_window_inclusive_meetings_held_and_booked_and_won_deals() -> None:
    first = AS_OF - timedelta(days=89)
    ada = PersonFacts(
        days={},
        contact_days=(
            ContactDay(1, first - timedelta(days=1), touches=100, answers=100, meetings=100),
            ContactDay(1, first, touches=3, answers=1, meetings=1),
            ContactDay(2, AS_OF, touches=2, answers=1),
        ),
        outcomes=(
            OutcomeFact(first, "meeting_booked"),
            OutcomeFact(AS_OF, "opportunity"),
            OutcomeFact(AS_OF, "deal_won"),
            OutcomeFact(AS_OF, "deal_lost"),
            OutcomeFact(AS_OF, "referral"),
            OutcomeFact(first - timedelta(days=1), "deal_won"),
        ),
    )
    bea = PersonFacts(
        days={},
        contact_days=(ContactDay(3, AS_OF, touches=5, meetings=1),),
        outcomes=(OutcomeFact(AS_OF, "opportunity"),),
    )
    # adds to no stage: a connection only, a lost deal, and a touch before the window
    cem = PersonFacts(
        days={},
        contact_days=(ContactDay(4, AS_OF, connects=3), ContactDay(4, first - timedelta(1), 9)),
        outcomes=(OutcomeFact(AS_OF, "deal_lost"),),
    )
    view = funnel([ada, bea, cem], AS_OF, 90)
    assert view.to_dict() == {
        "first_day": "2026-09-02",
        "last_day": "2026-11-30",
        "days": 90,
        "people": 2,
        "stages": [
            {"stage": "touches", "n": 10},
            {"stage": "answers", "n": 2},
            {"stage": "meetings", "n": 3},
            {"stage": "opportunities", "n": 2},
            {"stage": "deals", "n": 1},
        ],
    }


def _week(monday: date, phase: Phase) -> WeekPhase:
    return WeekPhase(monday, monday + timedelta(days=6), phase, 0.0, None, None, 0, "")


def test_the_distribution_counts_everyone_every_week_not_started_before_their_start() -> None:
    this_week = AS_OF
    last_week = AS_OF - timedelta(days=7)
    ada = [_week(last_week, Phase.UNINFORMED_OPTIMISM), _week(this_week, Phase.VALLEY_OF_DESPAIR)]
    bea = [_week(this_week, Phase.NOT_STARTED)]
    old = AS_OF - timedelta(weeks=40)  # a start long before the 26 weeks
    cem = [_week(old + timedelta(weeks=n), Phase.SUCCESS) for n in range(41)]
    empty = PersonFacts(days={})
    found = phase_distribution([(ada, empty), (bea, empty), (cem, empty)], AS_OF)
    assert found.described == (1,) * 24 + (2, 2)
    assert found.at_least(1) == found
    view = found.to_dict()
    assert (view["weeks"], view["left_out_weeks"]) == (26, 0)
    assert len(view["rows"]) == 26 * len(Phase)
    counts = {(r["week"], r["phase"]): r["people"] for r in view["rows"] if r["people"]}
    first = (AS_OF - timedelta(weeks=25)).isoformat()
    assert counts[first, Phase.NOT_STARTED] == 2
    assert counts[first, Phase.SUCCESS] == 1
    assert {k: v for k, v in counts.items() if k[0] >= last_week.isoformat()} == {
        ("2026-11-23", Phase.UNINFORMED_OPTIMISM): 1,
        ("2026-11-23", Phase.NOT_STARTED): 1,
        ("2026-11-23", Phase.SUCCESS): 1,
        ("2026-11-30", Phase.VALLEY_OF_DESPAIR): 1,
        ("2026-11-30", Phase.NOT_STARTED): 1,
        ("2026-11-30", Phase.SUCCESS): 1,
    }
    assert sum(counts.values()) == 26 * 3


def _report(
    pid: int, name: str, phase: Phase, risk: float, efforts: tuple[float | None, ...] = ()
) -> PersonReport:
    """A real (empty) report with the phase, quit risk and weekly efforts a case needs."""
    measures = measure_person(PersonFacts(days={}), AS_OF)
    weeks = [
        replace(_week(AS_OF - timedelta(weeks=len(efforts) - 1 - n), phase), effort=effort)
        for n, effort in enumerate(efforts)
    ]
    measures = replace(
        measures, phase=phase, quit_risk=risk, reason=f"{name}'s reason", timeline=weeks
    )
    row = PersonRow(pid, 1, name, None, "Team")
    return PersonReport(row, measures, strategy_coverage({}, None))


def test_conversations_are_the_lapsed_the_high_risks_and_the_valley_falling_by_risk() -> None:
    reports = [
        _report(1, "Calm", Phase.SUCCESS, 0.05),
        _report(2, "Gone", Phase.LAPSED, 1.0),
        _report(3, "Worn", Phase.INFORMED_PESSIMISM, 0.61),
        _report(4, "Slide", Phase.VALLEY_OF_DESPAIR, 0.58, (0.9, 0.6)),
        _report(5, "Wobble", Phase.VALLEY_OF_DESPAIR, 0.5, (0.9, 0.85)),  # the measure sees no fall
        _report(6, "Rising", Phase.VALLEY_OF_DESPAIR, 0.55, (0.6, 0.9)),
        _report(7, "Brink", Phase.INFORMED_PESSIMISM, 0.59),
    ]
    found = [(c.person, round(c.quit_risk, 3), c.why, c.reason) for c in conversations(reports)]
    assert found == [
        (
            "Gone",
            1.0,
            ("lapsed: the routine has stopped", "quit risk 1.00 (0.6 or more is high)"),
            "Gone's reason",
        ),
        ("Worn", 0.61, ("quit risk 0.61 (0.6 or more is high)",), "Worn's reason"),
        (
            "Slide",
            0.58,
            (
                "in the valley of despair with effort falling from 90% to 60% of the start "
                "level in a week (quit risk above the valley's 0.50)",
            ),
            "Slide's reason",
        ),
    ]


def test_k_anonymity_is_5_by_default_settable_and_kept_apart_from_the_measures(
    engine: Engine,
) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        assert (k_anonymity(uow), settings_dict(org_settings(uow))["k_anonymity"]) == (5, 5)
        changed = set_org_settings(uow, changes={"k_anonymity": "3", "touches_min": "6"})
        assert (changed.k_anonymity, changed.measures.touches_min) == (3, 6)
    with scoped_unit_of_work(engine) as uow:
        assert (k_anonymity(uow), measure_settings(uow).touches_min) == (3, 6)
        assert list(settings_dict(org_settings(uow)))[:2] == ["store_bodies", "k_anonymity"]


@pytest.mark.parametrize("text", ["0", "-2", "five", "2.5"])
def test_a_k_anonymity_that_is_not_a_count_of_people_is_refused(engine: Engine, text: str) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        with pytest.raises(ConfigError) as caught:
            set_org_settings(uow, changes={"k_anonymity": text})
        assert str(caught.value) == (
            f"k_anonymity: {text!r} is not a whole number of people (1 or more)"
        )
    with scoped_unit_of_work(engine) as uow:
        assert k_anonymity(uow) == 5


def test_an_unknown_team_is_not_found(engine: Engine) -> None:
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(NotFound) as caught:
        team_home(uow, team_id=99, as_of=AS_OF)
    assert str(caught.value) == "no team 99 in this org"


def test_a_week_describes_the_people_past_their_start_or_active_and_k_cuts_the_weeks_before() -> (
    None
):
    last_week = AS_OF - timedelta(days=7)
    started = [_week(last_week, Phase.UNINFORMED_OPTIMISM), _week(AS_OF, Phase.SUCCESS)]
    not_started = [_week(AS_OF, Phase.NOT_STARTED)]
    # active in the week four weeks back (one comment), in none since: not started, no start
    active = PersonFacts(days={AS_OF - timedelta(weeks=4, days=-2): {"comment": 1}})
    idle = PersonFacts(days={AS_OF - timedelta(weeks=3): {"comment": 0}})
    people = [
        (started, PersonFacts(days={})),
        (started, PersonFacts(days={})),
        (not_started, active),
        (not_started, idle),
    ]
    found = phase_distribution(people, AS_OF)
    assert found.described == (0,) * 21 + (1, 0, 0, 2, 2)
    two = found.at_least(2)
    assert two is not None
    assert (two.weeks, two.described, two.left_out) == ((last_week, AS_OF), (2, 2), 24)
    view = two.to_dict()
    assert (view["weeks"], view["left_out_weeks"], len(view["rows"])) == (2, 24, 2 * len(Phase))
    assert {(r["week"], r["phase"]): r["people"] for r in view["rows"] if r["people"]} == {
        ("2026-11-23", Phase.UNINFORMED_OPTIMISM): 2,
        ("2026-11-23", Phase.NOT_STARTED): 2,
        ("2026-11-30", Phase.SUCCESS): 2,
        ("2026-11-30", Phase.NOT_STARTED): 2,
    }
    assert found.at_least(3) is None

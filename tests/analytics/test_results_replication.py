"""Replication on a history built like the source story: one account up, the routine not
carried to the other five, effort falling since — flagged, the accounts named; a steady seller
and the near misses (only two of the three signs) are not."""

from __future__ import annotations

from datetime import date, timedelta

from ascent.analytics.results.replication import (
    SINGLE_ACCOUNT_SUCCESS,
    AccountReplication,
    AccountWork,
    SellerWork,
    _summary,
    replication,
    routine_weeks,
)
from results_story import ACME, START, STORY_AS_OF, TARGETS

AS_OF = STORY_AS_OF  # the Sunday ending week 25


def _day(week: int, weekday: int) -> date:
    return START + timedelta(days=7 * week + weekday)


def _routine(per_day: dict[range, int]) -> dict[date, int]:
    """Routine actions on each working day of the weeks given."""
    return {_day(week, i): n for weeks, n in per_day.items() for week in weeks for i in range(5)}


def _tuesdays(weeks: range) -> frozenset[date]:
    return frozenset(_day(w, 1) for w in weeks)


ACME_RESULTS = 6
FIRST_RESULT = _day(4, 6)  # the Sunday ending week 4
#: 15 routine actions a week for weeks 0-9, then 5
FALLING = _routine({range(10): 3, range(10, 26): 1})
STEADY = _routine({range(26): 3})


def _wanda(*, carried: bool = False, routine: dict[date, int] = FALLING) -> SellerWork:
    accounts = [AccountWork(1, ACME, _tuesdays(range(26)), ACME_RESULTS, FIRST_RESULT, uplift=0.2)]
    others = range(26) if carried else range(4)
    accounts += [AccountWork(i, name, _tuesdays(others)) for i, name in enumerate(TARGETS[1:], 2)]
    return SellerWork(7, "Wanda Wonder", START, accounts, routine)


def test_the_source_story_is_flagged_with_the_accounts_named() -> None:
    found = replication(_wanda(), AS_OF).to_dict()
    assert found["flags"] == [SINGLE_ACCOUNT_SUCCESS]
    assert found["up_account"] == ACME
    assert found["not_carried_to"] == list(TARGETS[1:])
    # the 4 weeks up to the first result (weeks 1-4) had 15 actions a week, the last 4 have 5
    assert (found["effort_before"], found["effort_now"]) == (15.0, 5.0)
    assert found["target_accounts"] == 6
    assert found["accounts_with_routine"] == 1  # Acme: touched in all of the last 8 weeks
    assert found["accounts_with_outcomes"] == 1
    assert found["accounts_with_both"] == 1
    assert found["replication"] == round(1 / 6, 3)
    assert found["evidence"] == (
        "Acme Example Ltd: 6 outcomes since the programme start, the other 5 target accounts 0; "
        "the routine runs in 0 of those 5 (not in Globex Example, Initech Example, Umbrella "
        "Example plc, Stark Example Industries, Wayne Example Enterprises); routine actions "
        "fell from 15.0 to 5.0 a week since the first outcome there (2026-07-05)."
    )


def test_a_steady_seller_with_outcomes_in_several_accounts_is_not_flagged() -> None:
    accounts = [
        AccountWork(
            i, name, _tuesdays(range(26)), 2 if i <= 4 else 0, _day(6, 6) if i <= 4 else None
        )
        for i, name in enumerate(TARGETS, 1)
    ]
    found = replication(SellerWork(8, "Sam Steady", START, accounts, STEADY), AS_OF).to_dict()
    assert found["flags"] == []
    assert found["up_account"] is None
    assert (found["accounts_with_routine"], found["accounts_with_outcomes"]) == (6, 4)
    assert found["evidence"] == (
        "the routine runs in 6 of 6 target accounts (touches in 5 or more of the last 8 "
        "weeks); 4 have outcomes since the programme start."
    )


def test_two_signs_of_three_are_not_the_story() -> None:
    # still working as hard as when Acme came good: no fall, no flag
    assert replication(_wanda(routine=STEADY), AS_OF).flags == ()
    # the routine carried to every account (only Acme answered): not the story either
    assert replication(_wanda(carried=True), AS_OF).flags == ()
    # Acme's rise no larger than the control accounts': not up
    down = _wanda()
    down = SellerWork(
        down.person_id,
        down.person,
        down.start,
        [AccountWork(1, ACME, _tuesdays(range(26)), 6, FIRST_RESULT, uplift=-0.1)],
        down.routine,
    )
    assert replication(down, AS_OF).flags == ()


def test_the_routine_runs_in_an_account_touched_in_most_of_the_last_8_weeks() -> None:
    assert routine_weeks(_tuesdays(range(18, 26)), AS_OF) == 8
    assert routine_weeks(_tuesdays(range(21, 26)), AS_OF) == 5
    assert routine_weeks(_tuesdays(range(17)), AS_OF) == 0
    assert routine_weeks(frozenset({AS_OF, AS_OF - timedelta(days=6)}), AS_OF) == 1


def test_the_evidence_counts_one_account_in_the_singular() -> None:
    one = [AccountReplication("Acme", 8, 2), AccountReplication("Globex", 0, 0)]
    assert _summary(one) == (
        "the routine runs in 1 of 2 target accounts (touches in 5 or more of the last 8 "
        "weeks); 1 has outcomes since the programme start."
    )

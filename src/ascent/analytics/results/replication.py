"""Replication: is a routine that works in one target account carried to the others?

Per seller, over their team's target accounts:

- the **routine runs** in an account when the seller touched someone there in at least
  ``ROUTINE_MIN_WEEKS`` (5) of the last ``ROUTINE_WEEKS`` (8) weeks — most weeks;
- an account **has outcomes** when it has a result (meeting booked, opportunity, deal won or
  lost, referral) since the seller's programme start (all of them when there is none).

``single_account_success`` is the source story's pattern (one key account up 250 % in six
weeks, nothing in the other five, the seller slipping back), flagged when all three hold:

1. **one account clearly up**: it holds at least ``UP_MIN_RESULTS`` (3) results since the
   start and at least ``UP_SHARE`` (75 %) of the target accounts' results, and its uplift
   against the control accounts, where known, is above 0;
2. **not carried to the others**: the routine runs in fewer than half of the other target
   accounts;
3. **effort falling since**: routine actions a week over the last ``EFFORT_WEEKS`` (4) weeks
   are below ``EFFORT_FALL`` (70 %) of those over the 4 weeks up to the account's first
   result since the start (the work that won it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

ROUTINE_WEEKS: Final = 8
ROUTINE_MIN_WEEKS: Final = 5
UP_MIN_RESULTS: Final = 3
UP_SHARE: Final = 0.75
EFFORT_WEEKS: Final = 4
EFFORT_FALL: Final = 0.7
SINGLE_ACCOUNT_SUCCESS: Final = "single_account_success"


@dataclass(frozen=True, slots=True)
class AccountWork:
    """One target account as one seller worked it up to the as-of day."""

    account_id: int
    account: str
    #: days the seller touched someone in the account
    touch_days: frozenset[date] = frozenset()
    results_since_start: int = 0
    first_result: date | None = None
    #: the account's uplift against the seller's control accounts (None: not known)
    uplift: float | None = None


@dataclass(frozen=True, slots=True)
class SellerWork:
    person_id: int
    person: str
    start: date | None
    accounts: Sequence[AccountWork]
    #: routine actions (DESIGN §4) per day
    routine: Mapping[date, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AccountReplication:
    account: str
    routine_weeks: int
    results_since_start: int

    @property
    def routine(self) -> bool:
        return self.routine_weeks >= ROUTINE_MIN_WEEKS

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "routine_weeks": self.routine_weeks,
            "routine": self.routine,
            "outcomes": self.results_since_start,
        }


@dataclass(frozen=True, slots=True)
class Replication:
    person_id: int
    person: str
    accounts: tuple[AccountReplication, ...]
    flags: tuple[str, ...]
    evidence: str
    up_account: str | None = None
    not_carried_to: tuple[str, ...] = ()
    effort_before: float | None = None
    effort_now: float | None = None

    @property
    def accounts_with_routine(self) -> int:
        return sum(a.routine for a in self.accounts)

    @property
    def accounts_with_outcomes(self) -> int:
        return sum(a.results_since_start > 0 for a in self.accounts)

    @property
    def accounts_with_both(self) -> int:
        return sum(a.routine and a.results_since_start > 0 for a in self.accounts)

    def to_dict(self) -> dict[str, Any]:
        n = len(self.accounts)
        return {
            "person": self.person,
            "person_id": self.person_id,
            "target_accounts": n,
            "accounts_with_routine": self.accounts_with_routine,
            "accounts_with_outcomes": self.accounts_with_outcomes,
            "accounts_with_both": self.accounts_with_both,
            "replication": round(self.accounts_with_both / n, 3) if n else None,
            "flags": list(self.flags),
            "evidence": self.evidence,
            "up_account": self.up_account,
            "not_carried_to": list(self.not_carried_to),
            "effort_before": _round(self.effort_before),
            "effort_now": _round(self.effort_now),
            "accounts": [a.to_dict() for a in self.accounts],
        }


def replication(seller: SellerWork, as_of: date) -> Replication:
    """The seller's replication across their target accounts, flagged when it is the source
    story (module docstring)."""
    accounts = tuple(
        AccountReplication(a.account, routine_weeks(a.touch_days, as_of), a.results_since_start)
        for a in seller.accounts
    )
    summary = _summary(accounts)
    up = up_account(seller.accounts)
    if up is None:
        return Replication(seller.person_id, seller.person, accounts, (), summary)
    others = [r for a, r in zip(seller.accounts, accounts, strict=True) if a is not up]
    carried = [r.account for r in others if r.routine]
    not_carried = tuple(r.account for r in others if not r.routine)
    assert up.first_result is not None
    then = effort(seller.routine, up.first_result)
    now = effort(seller.routine, as_of)
    falling = then > 0 and now < EFFORT_FALL * then
    if not others or 2 * len(carried) >= len(others) or not falling:
        return Replication(
            seller.person_id, seller.person, accounts, (), summary, up.account, (), then, now
        )
    rest = sum(a.results_since_start for a in seller.accounts) - up.results_since_start
    evidence = (
        f"{up.account}: {up.results_since_start} outcomes since the programme start, the other "
        f"{len(others)} target accounts {rest}; the routine runs in {len(carried)} of those "
        f"{len(others)} (not in {', '.join(not_carried)}); routine actions fell from "
        f"{then:.1f} to {now:.1f} a week since the first outcome there ({up.first_result})."
    )
    return Replication(
        seller.person_id,
        seller.person,
        accounts,
        (SINGLE_ACCOUNT_SUCCESS,),
        evidence,
        up.account,
        not_carried,
        then,
        now,
    )


def routine_weeks(days: frozenset[date], as_of: date) -> int:
    """How many of the last ``ROUTINE_WEEKS`` 7-day blocks ending ``as_of`` have a touch."""
    return sum(
        any(as_of - timedelta(days=7 * k + i) in days for i in range(7))
        for k in range(ROUTINE_WEEKS)
    )


def up_account(accounts: Sequence[AccountWork]) -> AccountWork | None:
    """The one target account clearly up (condition 1 of the module docstring), or None."""
    if not accounts:
        return None
    top = max(accounts, key=lambda a: (a.results_since_start, a.account))
    total = sum(a.results_since_start for a in accounts)
    if top.results_since_start < UP_MIN_RESULTS or top.results_since_start < UP_SHARE * total:
        return None
    if top.uplift is not None and top.uplift <= 0:
        return None
    return top if top.first_result is not None else None


def effort(routine: Mapping[date, int], last: date) -> float:
    """Routine actions a week over the ``EFFORT_WEEKS`` weeks ending on ``last``."""
    first = last - timedelta(days=7 * EFFORT_WEEKS - 1)
    return sum(n for day, n in routine.items() if first <= day <= last) / EFFORT_WEEKS


def _summary(accounts: Sequence[AccountReplication]) -> str:
    if not accounts:
        return "no target accounts in the team's strategy"
    n = len(accounts)
    routine = sum(a.routine for a in accounts)
    results = sum(a.results_since_start > 0 for a in accounts)
    return (
        f"the routine runs in {routine} of {n} target accounts (touches in {ROUTINE_MIN_WEEKS} "
        f"or more of the last {ROUTINE_WEEKS} weeks); {results} "
        f"{'has' if results == 1 else 'have'} outcomes since the programme start."
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)

"""Is it working, and where: a team's outcome attribution, uplift against control accounts and
replication across target accounts (``ascent results``, the team's results page, the
programme report and the weekly digest).

Everything is read by ``results_facts`` for the team's people as of a day: outcomes, the
touches rollup (``contact_days``) with each contact's account, the activity rollup
(``activity_days``: the routine and the programme start, explicit or detected as for every
measure) and the team's target accounts. Attribution alone reads raw touch activities,
because only they carry the channel; it reads the team's touches within the attribution
window and no others. The formulas are the pure functions of ``ascent.analytics.results``
(docs/metrics.md, "Results").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ascent.analytics.results.attribution import Attribution, attribute
from ascent.analytics.results.replication import (
    ROUTINE_MIN_WEEKS,
    ROUTINE_WEEKS,
    AccountWork,
    Replication,
    SellerWork,
)
from ascent.analytics.results.replication import replication as replicate
from ascent.analytics.results.uplift import Uplift, Week, uplift_of
from ascent.service import results_facts as facts
from ascent.service.directory import team_called, team_name
from ascent.service.org_settings import attribution_window_days, measure_settings
from ascent.store.scope import UnitOfWork


def team_id_named(uow: UnitOfWork, *, team: str | None) -> int:
    """The id of the team called ``team`` (ignoring case; the org's only team when None)."""
    return team_called(uow, team).id


@dataclass(frozen=True)
class AttributionView:
    """The team's outcomes by source and by the touches before them, three methods."""

    team_id: int
    team: str
    as_of: date
    attribution: Attribution

    def to_dict(self) -> dict[str, Any]:
        head = {"team": {"id": self.team_id, "name": self.team}, "as_of": self.as_of.isoformat()}
        return head | self.attribution.to_dict()


@dataclass(frozen=True, slots=True)
class AccountUplift:
    """One target account as one seller worked it: before and after their programme start."""

    account_id: int
    account: str
    person_id: int
    person: str
    uplift: Uplift

    def to_dict(self) -> dict[str, Any]:
        who = {"account": self.account, "target": True, "person": self.person}
        return who | self.uplift.to_dict() | {"person_id": self.person_id}


@dataclass(frozen=True)
class UpliftView:
    """Uplift per (seller, target account) and over all target accounts (``programme``)."""

    team_id: int
    team: str
    as_of: date
    accounts: list[AccountUplift]
    programme: Uplift
    #: people of the team without a programme start (nothing to compare before and after)
    without_start: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": {"id": self.team_id, "name": self.team},
            "as_of": self.as_of.isoformat(),
            "accounts": [a.to_dict() for a in self.accounts],
            "programme": {"account": "all target accounts", "target": True}
            | self.programme.to_dict(),
            "without_start": self.without_start,
        }


@dataclass(frozen=True)
class ReplicationView:
    """Per seller: target accounts with the routine running, with outcomes, and the flags."""

    team_id: int
    team: str
    as_of: date
    sellers: list[Replication]

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": {"id": self.team_id, "name": self.team},
            "as_of": self.as_of.isoformat(),
            "routine_weeks": ROUTINE_WEEKS,
            "routine_min_weeks": ROUTINE_MIN_WEEKS,
            "sellers": [s.to_dict() for s in self.sellers],
        }


@dataclass(frozen=True)
class ResultsPage:
    """The team's results page: the three views, each as its own command prints it."""

    attribution: AttributionView
    uplift: UpliftView
    replication: ReplicationView

    def to_dict(self) -> dict[str, Any]:
        a = self.attribution
        return {
            "team": {"id": a.team_id, "name": a.team},
            "as_of": a.as_of.isoformat(),
            "attribution": a.to_dict(),
            "uplift": self.uplift.to_dict(),
            "replication": self.replication.to_dict(),
        }


def attribution(uow: UnitOfWork, *, team_id: int, as_of: date) -> AttributionView:
    """The team's outcomes over the org's results window up to ``as_of``, by source and by
    the touches in the attribution window before each (first touch, last touch, linear)."""
    team = team_name(uow, team_id=team_id)
    people = [pid for pid, _name, _start in facts.team_people(uow, team_id)]
    days = measure_settings(uow).results_window_days
    window = attribution_window_days(uow)
    first = as_of - timedelta(days=days - 1)
    outcomes = facts.outcomes(uow, people, first, as_of)
    touches = facts.touches(uow, people, first - timedelta(days=window - 1), as_of)
    found = attribute(outcomes, touches, first_day=first, last_day=as_of, window_days=window)
    return AttributionView(team_id, team, as_of, found)


def uplift(uow: UnitOfWork, *, team_id: int, as_of: date) -> UpliftView:
    """Uplift of each target account each seller works, and of all of them, against the
    seller's non-target accounts (difference in differences, seeded bootstrap interval)."""
    data = facts.load_team(uow, team_id, as_of)
    accounts: list[AccountUplift] = []
    before: list[Week] = []
    after: list[Week] = []
    for seller in data.sellers:
        if seller.start is None:
            continue
        weeks = seller.weeks(as_of, data.targets)
        for account_id in seller.workedtarget_accounts(data.targets):
            b, a = weeks.of([account_id])
            name = data.targets[account_id]
            accounts.append(
                AccountUplift(account_id, name, seller.person_id, seller.name, uplift_of(b, a))
            )
        b, a = weeks.of(seller.workedtarget_accounts(data.targets))
        before += b
        after += a
    accounts.sort(key=lambda r: (r.account.lower(), r.person.lower(), r.person_id))
    without = [s.name for s in data.sellers if s.start is None]
    return UpliftView(
        team_id, data.team, as_of, accounts, uplift_of(before, after), sorted(without)
    )


def replication(uow: UnitOfWork, *, team_id: int, as_of: date) -> ReplicationView:
    """Per seller of the team: in how many target accounts the routine runs and produces
    outcomes, and the ``single_account_success`` flag with the accounts named."""
    data = facts.load_team(uow, team_id, as_of)
    sellers = [_replication(s, data.targets, as_of) for s in data.sellers]
    return ReplicationView(team_id, data.team, as_of, sellers)


def results_page(uow: UnitOfWork, *, team_id: int, as_of: date) -> ResultsPage:
    """The team's results page: attribution, uplift and replication as of ``as_of``."""
    return ResultsPage(
        attribution(uow, team_id=team_id, as_of=as_of),
        uplift(uow, team_id=team_id, as_of=as_of),
        replication(uow, team_id=team_id, as_of=as_of),
    )


def flagged_people(uow: UnitOfWork, *, team_id: int, as_of: date) -> dict[int, str]:
    """Who of the team replication flags, by person id, with the flags and evidence in words
    (the lead's "who needs a conversation")."""
    found = replication(uow, team_id=team_id, as_of=as_of).sellers
    return {s.person_id: flag_words(s) for s in found if s.flags}


def flag_words(found: Replication) -> str:
    """A flagged person's flags and evidence as one clause (no full stop: it is listed among
    other reasons, which their reader joins)."""
    names = ", ".join(f.replace("_", " ") for f in found.flags)
    return f"{names}, not repeated in the other target accounts: {found.evidence.rstrip('.')}"


def person_replication(uow: UnitOfWork, *, person_id: int, as_of: date) -> Replication | None:
    """One person's replication in their team's target accounts (None: not in a team)."""
    team_id = facts.person_team(uow, person_id)
    if team_id is None:
        return None
    data = facts.load_team(uow, team_id, as_of, person_id=person_id)
    return next((_replication(s, data.targets, as_of) for s in data.sellers), None)


def _replication(seller: facts.SellerFacts, targets: Mapping[int, str], as_of: date) -> Replication:
    since = seller.start or date.min
    weeks = seller.weeks(as_of, targets) if seller.start is not None else None
    accounts = []
    for account_id, name in sorted(targets.items(), key=lambda t: (t[1].lower(), t[0])):
        results = sorted(d for d, a in seller.results if a == account_id and since <= d <= as_of)
        point = None
        if weeks is not None and results:
            point = _point(*weeks.of([account_id]))
        accounts.append(
            AccountWork(
                account_id,
                name,
                frozenset(seller.touch_days.get(account_id, ())),
                len(results),
                results[0] if results else None,
                point,
            )
        )
    work = SellerWork(seller.person_id, seller.name, seller.start, accounts, seller.routine)
    return replicate(work, as_of)


def _point(before: Sequence[Week], after: Sequence[Week]) -> float | None:
    """The uplift's point estimate only (no interval): all replication needs."""
    if not before or not after:
        return None
    d_after = sum(w.treated - w.control for w in after) / len(after)
    return d_after - sum(w.treated - w.control for w in before) / len(before)

"""Is it working, and where: a team's outcome attribution, uplift against control accounts and
replication across target accounts (``ascent results``, the team's results page, the
programme report and the weekly digest).

Everything is read for the team's people as of a day: outcomes, the touches rollup
(``contact_days``) with each contact's account, the activity rollup (``activity_days``: the
routine and the programme start, explicit or detected as for every measure) and the team's
target accounts. Attribution alone reads raw touch activities, because only they carry the
channel; it reads the team's touches within the attribution window and no others. The
formulas are the pure functions of ``ascent.analytics.results`` (docs/metrics.md, "Results").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ascent.analytics.results.attribution import (
    AttributedOutcome,
    Attribution,
    Touch,
    attribute,
)
from ascent.analytics.results.replication import (
    ROUTINE_MIN_WEEKS,
    ROUTINE_WEEKS,
    AccountWork,
    Replication,
    SellerWork,
)
from ascent.analytics.results.replication import replication as replicate
from ascent.analytics.results.uplift import Uplift, Week, uplift_of, week_blocks
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.timeline import programme_start
from ascent.domain.vocabulary import RESULT_KINDS, ROUTINE_KINDS, TOUCH_KINDS
from ascent.errors import NotFound
from ascent.service.directory import find_team
from ascent.service.org_settings import attribution_window_days, measure_settings
from ascent.store.models import (
    Account,
    Activity,
    ActivityDay,
    Contact,
    ContactDay,
    Outcome,
    Person,
    Strategy,
    TargetAccount,
    Team,
)
from ascent.store.scope import UnitOfWork


def team_id_named(uow: UnitOfWork, *, team: str) -> int:
    """The id of the team called ``team`` (ignoring case); ``NotFound`` when there is none."""
    found = find_team(uow, team)
    if found is None:
        raise NotFound(f"no team {team!r} in this org")
    return found.id


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
    team = _team(uow, team_id)
    people = [pid for pid, _name, _start in _people(uow, team_id)]
    days = measure_settings(uow).results_window_days
    window = attribution_window_days(uow)
    first = as_of - timedelta(days=days - 1)
    outcomes = _outcomes(uow, people, first, as_of)
    touches = _touches(uow, people, first - timedelta(days=window - 1), as_of)
    found = attribute(outcomes, touches, first_day=first, last_day=as_of, window_days=window)
    return AttributionView(team_id, team, as_of, found)


def uplift(uow: UnitOfWork, *, team_id: int, as_of: date) -> UpliftView:
    """Uplift of each target account each seller works, and of all of them, against the
    seller's non-target accounts (difference in differences, seeded bootstrap interval)."""
    data = _load(uow, team_id, as_of)
    accounts: list[AccountUplift] = []
    before: list[Week] = []
    after: list[Week] = []
    for seller in data.sellers:
        if seller.start is None:
            continue
        weeks = seller.weeks(as_of, data.targets)
        for account_id in seller.worked_targets(data.targets):
            b, a = weeks.of([account_id])
            name = data.targets[account_id]
            accounts.append(
                AccountUplift(account_id, name, seller.person_id, seller.name, uplift_of(b, a))
            )
        b, a = weeks.of(seller.worked_targets(data.targets))
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
    data = _load(uow, team_id, as_of)
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
    """A flagged person's flags and evidence as one sentence."""
    names = ", ".join(f.replace("_", " ") for f in found.flags)
    return f"{names}, not repeated in the other target accounts: {found.evidence}"


def person_replication(uow: UnitOfWork, *, person_id: int, as_of: date) -> Replication | None:
    """One person's replication in their team's target accounts (None: not in a team)."""
    team_id = uow.session.scalar(select(Person.team_id).where(Person.id == person_id))
    if team_id is None:
        return None
    data = _load(uow, team_id, as_of, person_id=person_id)
    return next((_replication(s, data.targets, as_of) for s in data.sellers), None)


# --- what the views are computed from -------------------------------------------------------


@dataclass
class _Seller:
    """One person of the team as uplift and replication read them."""

    person_id: int
    name: str
    start: date | None
    first_day: date | None = None
    routine: dict[date, int] = field(default_factory=dict)
    #: account id -> days with a touch of someone there
    touch_days: dict[int, set[date]] = field(default_factory=lambda: defaultdict(set))
    #: (day, account id) of each result
    results: list[tuple[date, int]] = field(default_factory=list)

    def worked_targets(self, targets: Mapping[int, str]) -> list[int]:
        """Target accounts the seller touched or had a result in, by id."""
        worked = set(self.touch_days) | {a for _d, a in self.results}
        return sorted(a for a in worked if a in targets)

    def weeks(self, as_of: date, targets: Iterable[int]) -> _Weeks:
        """The seller's weeks before and after their start (``uplift.week_blocks``)."""
        assert self.start is not None
        first = self.first_day or self.start
        before, after = week_blocks(self.start, as_of, first)
        return _Weeks(self, before, after, frozenset(targets))


@dataclass(frozen=True)
class _Weeks:
    seller: _Seller
    before: list[tuple[date, date]]
    after: list[tuple[date, date]]
    #: the team's target accounts: never a control
    targets: frozenset[int]

    def of(self, treated: Sequence[int]) -> tuple[list[Week], list[Week]]:
        """The weeks before and after, the treated rate the mean over ``treated`` accounts
        and the control rate the mean over the seller's other worked accounts."""
        s = self.seller
        treated_set = set(treated)
        worked = set(s.touch_days) | {a for _d, a in s.results}
        control = worked - treated_set - self.targets
        return (
            [self._week(b, treated_set, control) for b in self.before],
            [self._week(b, treated_set, control) for b in self.after],
        )

    def _week(self, block: tuple[date, date], treated: set[int], control: set[int]) -> Week:
        first, last = block
        t = c = 0
        for day, account in self.seller.results:
            if first <= day <= last:
                t += account in treated
                c += account in control
        return Week(t / max(1, len(treated)), c / len(control) if control else 0.0, t)


@dataclass(frozen=True)
class _TeamData:
    team: str
    targets: dict[int, str]
    sellers: list[_Seller]


def _load(uow: UnitOfWork, team_id: int, as_of: date, person_id: int | None = None) -> _TeamData:
    team = _team(uow, team_id)
    settings = measure_settings(uow)
    targets = _targets(uow, team_id)
    team_start = uow.session.scalar(select(Team.programme_start).where(Team.id == team_id))
    people = [p for p in _people(uow, team_id) if person_id is None or p[0] == person_id]
    ids = [pid for pid, _n, _s in people]
    days = _activity_days(uow, ids, as_of)
    sellers = []
    for pid, name, own_start in people:
        start = _start(days.get(pid, {}), own_start or team_start, as_of, settings)
        seller = _Seller(pid, name, start)
        seller.routine = {
            d: n
            for d, kinds in days.get(pid, {}).items()
            if (n := sum(kinds.get(k, 0) for k in ROUTINE_KINDS))
        }
        seller.first_day = min(days.get(pid, {}), default=None)
        sellers.append(seller)
    by_id = {s.person_id: s for s in sellers}
    for pid, account, day in _account_touches(uow, ids, as_of):
        by_id[pid].touch_days[account].add(day)
    for o in _outcomes(uow, ids, None, as_of):
        if o.kind in RESULT_KINDS and o.account_id is not None:
            by_id[o.person_id].results.append((o.day, o.account_id))
        seller = by_id[o.person_id]
        seller.first_day = min(seller.first_day or o.day, o.day)
    return _TeamData(team, targets, sellers)


def _start(
    days: Mapping[date, Mapping[str, int]],
    explicit: date | None,
    as_of: date,
    settings: MeasureSettings,
) -> date | None:
    """The programme start as every measure finds it: explicit (the person's, else the
    team's), else detected from the routine."""
    return programme_start(days, explicit, as_of, settings)


def _replication(seller: _Seller, targets: Mapping[int, str], as_of: date) -> Replication:
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


# --- queries (every one through the session: scoped to the org) -----------------------------


def _team(uow: UnitOfWork, team_id: int) -> str:
    name = uow.session.scalar(select(Team.name).where(Team.id == team_id))
    if name is None:
        raise NotFound(f"no team {team_id} in this org")
    return name


def _people(uow: UnitOfWork, team_id: int) -> list[tuple[int, str, date | None]]:
    rows = uow.session.execute(
        select(Person.id, Person.name, Person.programme_start)
        .where(Person.team_id == team_id)
        .order_by(Person.name, Person.id)
    )
    return [(pid, name, start) for pid, name, start in rows]


def _targets(uow: UnitOfWork, team_id: int) -> dict[int, str]:
    rows = uow.session.execute(
        select(Account.id, Account.name)
        .join(TargetAccount, TargetAccount.account_id == Account.id)
        .join(Strategy, Strategy.id == TargetAccount.strategy_id)
        .where(Strategy.team_id == team_id)
    )
    return {int(account_id): str(name) for account_id, name in rows}


def _activity_days(
    uow: UnitOfWork, ids: list[int], as_of: date
) -> dict[int, dict[date, dict[str, int]]]:
    a = ActivityDay
    rows = uow.session.execute(
        select(a.person_id, a.day, a.kind, func.sum(a.n))
        .where(a.person_id.in_(ids), a.day <= as_of)
        .group_by(a.person_id, a.day, a.kind)
    )
    days: dict[int, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for pid, day, kind, n in rows:
        days[pid][day][kind] = int(n)
    return days


def _account_touches(uow: UnitOfWork, ids: list[int], as_of: date) -> list[tuple[int, int, date]]:
    """(person, account, day) of every day a person touched someone at an account."""
    c = ContactDay
    rows = uow.session.execute(
        select(c.person_id, Contact.account_id, c.day)
        .join(Contact, Contact.id == c.contact_id)
        .where(c.person_id.in_(ids), c.day <= as_of, c.touches > 0, Contact.account_id.is_not(None))
        .distinct()
    )
    return [(pid, account, day) for pid, account, day in rows if account is not None]


def _outcomes(
    uow: UnitOfWork, ids: list[int], first: date | None, last: date
) -> list[AttributedOutcome]:
    """The people's outcomes from ``first`` (or ever) to ``last``; an outcome's account is
    its own, else its contact's."""
    o = Outcome
    account = func.coalesce(o.account_id, Contact.account_id)
    found = (
        select(
            o.person_id,
            o.day,
            o.kind,
            o.amount,
            o.source_channel,
            o.contact_id,
            account,
            o.source,
            o.medium,
            o.campaign,
        )
        .outerjoin(Contact, Contact.id == o.contact_id)
        .where(o.person_id.in_(ids), o.day <= last)
        .order_by(o.person_id, o.day, o.id)
    )
    if first is not None:
        found = found.where(o.day >= first)
    return [
        AttributedOutcome(pid, day, kind, amount, channel, contact, acct, source, medium, campaign)
        for pid, day, kind, amount, channel, contact, acct, source, medium, campaign in (
            uow.session.execute(found)
        )
    ]


def _touches(uow: UnitOfWork, ids: list[int], first: date, last: date) -> list[Touch]:
    """The people's touches (DESIGN §3) of a known contact from ``first`` to ``last``."""
    a = Activity
    rows = uow.session.execute(
        select(a.person_id, a.day, a.channel, a.contact_id, Contact.account_id)
        .join(Contact, Contact.id == a.contact_id)
        .where(
            a.person_id.in_(ids),
            a.kind.in_(sorted(TOUCH_KINDS)),
            a.day >= first,
            a.day <= last,
        )
    )
    return [
        Touch(pid, day, channel, contact, account)
        for pid, day, channel, contact, account in rows
        if contact is not None
    ]

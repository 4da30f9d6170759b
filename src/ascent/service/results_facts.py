"""What a team's results are computed from (``service.results``): its people with their
programme start, routine, account touches and results; its target accounts; its outcomes and
touches for attribution. Every query goes through the unit of work's session, so it is scoped
to the org; only the rollups are read, but for attribution's touches (for their channel).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ascent.analytics.results.attribution import AttributedOutcome, Touch
from ascent.analytics.results.uplift import Week, week_blocks
from ascent.analytics.timeline import programme_start
from ascent.domain.vocabulary import RESULT_KINDS, ROUTINE_KINDS, TOUCH_KINDS
from ascent.service.directory import team_name
from ascent.service.org_settings import measure_settings
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


@dataclass
class SellerFacts:
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

    def workedtarget_accounts(self, targets: Mapping[int, str]) -> list[int]:
        """Target accounts the seller touched or had a result in, by id."""
        worked = set(self.touch_days) | {a for _d, a in self.results}
        return sorted(a for a in worked if a in targets)

    def weeks(self, as_of: date, targets: Iterable[int]) -> SellerWeeks:
        """The seller's weeks before and after their start (``uplift.week_blocks``)."""
        assert self.start is not None
        first = self.first_day or self.start
        before, after = week_blocks(self.start, as_of, first)
        return SellerWeeks(self, before, after, frozenset(targets))


@dataclass(frozen=True)
class SellerWeeks:
    seller: SellerFacts
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
class TeamFacts:
    team: str
    targets: dict[int, str]
    sellers: list[SellerFacts]


def load_team(
    uow: UnitOfWork, team_id: int, as_of: date, person_id: int | None = None
) -> TeamFacts:
    team = team_name(uow, team_id=team_id)
    settings = measure_settings(uow)
    targets = target_accounts(uow, team_id)
    team_start = uow.session.scalar(select(Team.programme_start).where(Team.id == team_id))
    people = [p for p in team_people(uow, team_id) if person_id is None or p[0] == person_id]
    ids = [pid for pid, _n, _s in people]
    days = activity_days(uow, ids, as_of)
    sellers = []
    for pid, name, own_start in people:
        # the start as every measure finds it: the person's, else the team's, else detected
        start = programme_start(days.get(pid, {}), own_start or team_start, as_of, settings)
        seller = SellerFacts(pid, name, start)
        seller.routine = {
            d: n
            for d, kinds in days.get(pid, {}).items()
            if (n := sum(kinds.get(k, 0) for k in ROUTINE_KINDS))
        }
        seller.first_day = min(days.get(pid, {}), default=None)
        sellers.append(seller)
    by_id = {s.person_id: s for s in sellers}
    for pid, account, day in account_touches(uow, ids, as_of):
        by_id[pid].touch_days[account].add(day)
    for o in outcomes(uow, ids, None, as_of):
        if o.kind in RESULT_KINDS and o.account_id is not None:
            by_id[o.person_id].results.append((o.day, o.account_id))
        seller = by_id[o.person_id]
        seller.first_day = min(seller.first_day or o.day, o.day)
    return TeamFacts(team, targets, sellers)


def person_team(uow: UnitOfWork, person_id: int) -> int | None:
    """The team of the org's person ``person_id`` (None: no such person)."""
    return uow.session.scalar(select(Person.team_id).where(Person.id == person_id))


def team_people(uow: UnitOfWork, team_id: int) -> list[tuple[int, str, date | None]]:
    rows = uow.session.execute(
        select(Person.id, Person.name, Person.programme_start)
        .where(Person.team_id == team_id)
        .order_by(Person.name, Person.id)
    )
    return [(pid, name, start) for pid, name, start in rows]


def target_accounts(uow: UnitOfWork, team_id: int) -> dict[int, str]:
    rows = uow.session.execute(
        select(Account.id, Account.name)
        .join(TargetAccount, TargetAccount.account_id == Account.id)
        .join(Strategy, Strategy.id == TargetAccount.strategy_id)
        .where(Strategy.team_id == team_id)
    )
    return {int(account_id): str(name) for account_id, name in rows}


def activity_days(
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


def account_touches(uow: UnitOfWork, ids: list[int], as_of: date) -> list[tuple[int, int, date]]:
    """(person, account, day) of every day a person touched someone at an account."""
    c = ContactDay
    rows = uow.session.execute(
        select(c.person_id, Contact.account_id, c.day)
        .join(Contact, Contact.id == c.contact_id)
        .where(c.person_id.in_(ids), c.day <= as_of, c.touches > 0, Contact.account_id.is_not(None))
        .distinct()
    )
    return [(pid, account, day) for pid, account, day in rows if account is not None]


def outcomes(
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


def touches(uow: UnitOfWork, ids: list[int], first: date, last: date) -> list[Touch]:
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

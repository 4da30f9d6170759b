"""Build the analytics' ``PersonFacts`` from the rollups: one query per table, any team size.

Reads ``activity_days``, ``contact_days``, ``outcomes``, ``pauses`` and the strategies' target
accounts and personas, never raw activities; rows after ``as_of`` are left in the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import ColumnElement, Connection, func, or_, select

from ascent.analytics.facts import ContactDay, OutcomeFact, PersonFacts, ProfileFacts
from ascent.domain.strategy import Strategy
from ascent.store.accounts import account_key
from ascent.store.models import Account, ActivityDay, Contact, Outcome, Pause, Person, Team
from ascent.store.models import ContactDay as ContactDayRow


def load_facts(
    connection: Connection,
    org_id: int,
    *,
    person_ids: Iterable[int],
    as_of: date,
    strategies: Mapping[int, Strategy],
) -> dict[int, PersonFacts]:
    """``PersonFacts`` for each of ``person_ids`` as of the end of ``as_of``."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    days = _days(connection, org_id, ids, as_of)
    contact_days = _contact_days(connection, org_id, ids, as_of)
    outcomes = _outcomes(connection, org_id, ids, as_of)
    pauses = _pauses(connection, org_id, ids)
    targets = _target_contacts(connection, org_id, strategies)
    people = connection.execute(
        select(
            Person.id,
            Person.team_id,
            Person.headline,
            Person.summary,
            Person.programme_start,
            Team.programme_start,
        )
        .join(Team, Team.id == Person.team_id)
        .where(Person.org_id == org_id, Person.id.in_(ids))
    ).all()
    return {
        pid: PersonFacts(
            days=days.get(pid, {}),
            contact_days=contact_days.get(pid, ()),
            outcomes=outcomes.get(pid, ()),
            profile=ProfileFacts(headline, summary),
            programme_start=own_start or team_start,
            pauses=pauses.get(pid, ()),
            target_contacts=targets.get(team_id, frozenset()),
        )
        for pid, team_id, headline, summary, own_start, team_start in people
    }


def _days(
    connection: Connection, org_id: int, ids: list[int], as_of: date
) -> dict[int, dict[date, dict[str, int]]]:
    a = ActivityDay
    rows = connection.execute(
        select(a.person_id, a.day, a.kind, func.sum(a.n))
        .where(a.org_id == org_id, a.person_id.in_(ids), a.day <= as_of)
        .group_by(a.person_id, a.day, a.kind)
    )
    days: dict[int, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for pid, day, kind, n in rows:
        days[pid][day][kind] = int(n)
    return days


def _contact_days(
    connection: Connection, org_id: int, ids: list[int], as_of: date
) -> dict[int, list[ContactDay]]:
    c = ContactDayRow
    rows = connection.execute(
        select(c.person_id, c.contact_id, c.day, c.touches, c.answers, c.meetings, c.connects)
        .where(c.org_id == org_id, c.person_id.in_(ids), c.day <= as_of)
        .order_by(c.person_id, c.day, c.contact_id)
    )
    found: dict[int, list[ContactDay]] = defaultdict(list)
    for pid, contact_id, day, touches, answers, meetings, connects in rows:
        found[pid].append(ContactDay(contact_id, day, touches, answers, meetings, connects))
    return found


def _outcomes(
    connection: Connection, org_id: int, ids: list[int], as_of: date
) -> dict[int, list[OutcomeFact]]:
    o = Outcome
    rows = connection.execute(
        select(o.person_id, o.day, o.kind, o.account_id, o.contact_id, o.amount)
        .where(o.org_id == org_id, o.person_id.in_(ids), o.day <= as_of)
        .order_by(o.person_id, o.day, o.id)
    )
    found: dict[int, list[OutcomeFact]] = defaultdict(list)
    for pid, day, kind, account_id, contact_id, amount in rows:
        found[pid].append(OutcomeFact(day, kind, account_id, contact_id, amount))
    return found


def _pauses(
    connection: Connection, org_id: int, ids: list[int]
) -> dict[int, list[tuple[date, date]]]:
    rows = connection.execute(
        select(Pause.person_id, Pause.first_day, Pause.last_day)
        .where(Pause.org_id == org_id, Pause.person_id.in_(ids))
        .order_by(Pause.first_day)
    )
    found: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for pid, first, last in rows:
        found[pid].append((first, last))
    return found


def _target_contacts(
    connection: Connection, org_id: int, strategies: Mapping[int, Strategy]
) -> dict[int, frozenset[int]]:
    """Per team: contacts in a target account, or whose position names a target persona."""
    found: dict[int, frozenset[int]] = {}
    for team_id, strategy in strategies.items():
        condition = target_condition(org_id, strategy)
        if condition is None:
            found[team_id] = frozenset()
            continue
        rows = connection.execute(select(Contact.id).where(Contact.org_id == org_id, condition))
        found[team_id] = frozenset(rows.scalars())
    return found


def target_condition(org_id: int, strategy: Strategy) -> ColumnElement[bool] | None:
    """Whether a ``Contact`` row is a target of ``strategy``: in one of its target accounts
    or in a position naming one of its personas (None when it names neither)."""
    keys = [account_key(a) for a in strategy.target_accounts]
    conditions: list[ColumnElement[bool]] = [
        func.lower(Contact.position).contains(p.lower()) for p in strategy.target_personas
    ]
    if keys:
        conditions.append(
            Contact.account_id.in_(
                select(Account.id).where(Account.org_id == org_id, Account.name_key.in_(keys))
            )
        )
    return or_(*conditions) if conditions else None

"""The measures of people, as of a day: the people overview, one person, their pursuits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.coverage import Coverage, strategy_coverage
from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import PersonMeasures, measure_person
from ascent.analytics.pursuits import Pursuit, pursuits_of
from ascent.analytics.settings import MeasureSettings
from ascent.analytics.today import NamedPursuit, TodayPlan, plan_today
from ascent.service.directory import current_org, ensure_default_org, person_named
from ascent.service.org_settings import measure_settings
from ascent.service.people import PersonRow, list_people
from ascent.service.strategy import strategies_by_team
from ascent.store.facts import load_facts
from ascent.store.models import Account, ActivityDay, Contact, Person
from ascent.store.scope import UnitOfWork


@dataclass
class PersonReport:
    """One person's overview row plus every measure (DESIGN §5 JSON names)."""

    row: PersonRow
    measures: PersonMeasures
    coverage: Coverage

    def to_dict(self, *, timeline: bool = False) -> dict[str, Any]:
        measures = self.measures.to_dict()
        if not timeline:
            measures.pop("timeline")
        return self.row.to_dict() | measures | self.coverage.to_dict()


@dataclass(frozen=True)
class PursuitRow:
    person: str
    contact: str | None
    account: str | None
    pursuit: Pursuit

    def to_dict(self) -> dict[str, Any]:
        p = self.pursuit
        return {
            "person": self.person, "contact": self.contact, "contact_id": p.contact_id,
            "account": self.account, "touches": p.touches, "answered": p.answered,
            "touches_to_first_answer": p.touches_to_first_answer, "status": p.status,
            "flags": list(p.flags), "first_touch": p.first_touch.isoformat(),
            "last_touch": p.last_touch.isoformat(),
            "next_touch_due": p.next_touch_due.isoformat() if p.next_touch_due else None,
            "due": p.due,
        }  # fmt: skip


def people_reports(
    uow: UnitOfWork, *, as_of: date, team: str | None = None, person: str | None = None
) -> list[PersonReport]:
    """Every person (of ``team``, or just ``person``) with every measure as of ``as_of``."""
    rows = list_people(uow, as_of=as_of, team=team)
    if person is not None:
        wanted = person_named(uow, person).id
        rows = [r for r in rows if r.person_id == wanted]
    settings = measure_settings(uow)
    strategies = strategies_by_team(uow)
    facts = load_facts(
        uow.session.connection(),
        _org(uow),
        person_ids=[r.person_id for r in rows],
        as_of=as_of,
        strategies=strategies,
    )
    effort = _effort_counts(uow, as_of, settings)
    return [
        PersonReport(
            row, measure_person(facts[row.person_id], as_of, settings),
            strategy_coverage(effort.get(row.person_id, {}), strategies.get(row.team_id)),
        )
        for row in rows
    ]  # fmt: skip


def pursuit_rows(
    uow: UnitOfWork, *, as_of: date, person: str | None = None, due_only: bool = False
) -> list[PursuitRow]:
    """Every pursuit (of ``person``) as of ``as_of``; ``due_only`` keeps those due by then."""
    current_org(uow)
    query = select(Person.id, Person.name)
    if person is not None:
        query = query.where(Person.id == person_named(uow, person).id)
    people = dict(uow.session.execute(query).all())
    settings = measure_settings(uow)
    facts = load_facts(
        uow.session.connection(), _org(uow), person_ids=people, as_of=as_of, strategies={}
    )
    found: list[PursuitRow] = []
    for pid, name in sorted(people.items(), key=lambda kv: kv[1]):
        f = facts[pid]
        calendar = WorkCalendar.of(settings, f.pauses)
        found += [PursuitRow(name, None, None, p)
                  for p in pursuits_of(f.contact_days, f.outcomes, as_of, calendar, settings)
                  if p.due or not due_only]  # fmt: skip
    return _with_contacts(uow, found)


def set_programme_start(uow: UnitOfWork, *, person: str, start: date | None) -> Person:
    """Set (or clear, with None) a person's programme start; commit."""
    ensure_default_org(uow)
    who = person_named(uow, person)
    who.programme_start = start
    uow.commit()
    return who


def facts_of(uow: UnitOfWork, *, person_id: int, as_of: date) -> PersonFacts:
    strategies = strategies_by_team(uow)
    return load_facts(
        uow.session.connection(),
        _org(uow),
        person_ids=[person_id],
        as_of=as_of,
        strategies=strategies,
    )[person_id]


def _with_contacts(uow: UnitOfWork, rows: list[PursuitRow]) -> list[PursuitRow]:
    ids = {r.pursuit.contact_id for r in rows}
    names = {
        cid: (name, account)
        for cid, name, account in uow.session.execute(
            select(Contact.id, Contact.name, Account.name)
            .outerjoin(Account, Account.id == Contact.account_id)
            .where(Contact.id.in_(ids))
        )
    }
    found = []
    for r in rows:
        contact, account = names.get(r.pursuit.contact_id, (None, None))
        found.append(PursuitRow(r.person, contact, account, r.pursuit))
    return found


def _effort_counts(
    uow: UnitOfWork, as_of: date, settings: MeasureSettings
) -> dict[int, dict[tuple[str, str], int]]:
    """Activity counts by (kind, channel) per person over the trailing window."""
    first = as_of - timedelta(days=settings.window_days - 1)
    a = ActivityDay
    rows = uow.session.execute(
        select(a.person_id, a.kind, a.channel, func.sum(a.n))
        .where(a.day.between(first, as_of))
        .group_by(a.person_id, a.kind, a.channel)
    )
    counts: dict[int, dict[tuple[str, str], int]] = {}
    for pid, kind, channel, n in rows:
        counts.setdefault(pid, {})[(kind, channel)] = int(n)
    return counts


def _org(uow: UnitOfWork) -> int:
    assert uow.org_id is not None, "current_org scopes the unit of work"
    return uow.org_id


def today_plan(uow: UnitOfWork, *, person: str, as_of: date) -> TodayPlan:
    """What ``person`` should do on ``as_of``: follow-ups due, rescues, listening, publishing."""
    (report,) = people_reports(uow, as_of=as_of, person=person)
    settings = measure_settings(uow)
    facts = facts_of(uow, person_id=report.row.person_id, as_of=as_of)
    posts = [d for d, kinds in facts.days.items() if kinds.get("post") or kinds.get("share")]
    named = [
        NamedPursuit(r.pursuit, r.contact or "someone", r.account)
        for r in pursuit_rows(uow, as_of=as_of, person=person)
    ]
    return plan_today(
        report.measures, named, last_post=max(posts, default=None), as_of=as_of,
        touches_min=settings.touches_min, touches_max=settings.touches_max,
        cold_after_days=settings.cold_after_days,
    )  # fmt: skip

"""Today's plan of one person: their measures and pursuits from one load of their facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ascent.analytics.today import NamedPursuit, TodayPlan, plan_today
from ascent.domain.vocabulary import PUBLISH_KINDS
from ascent.service.directory import Who
from ascent.service.people import MeasuredPeople, measure_people
from ascent.service.pursuits import PursuitRow, named_pursuits
from ascent.service.results import person_replication
from ascent.store.scope import UnitOfWork


@dataclass(frozen=True)
class Today:
    """One person's day from one load of their facts: measures, pursuits and the plan."""

    measured: MeasuredPeople
    pursuits: list[PursuitRow]
    plan: TodayPlan


def today_plan(uow: UnitOfWork, *, person: Who, as_of: date) -> TodayPlan:
    """What ``person`` should do on ``as_of``: follow-ups due, rescues, listening, publishing."""
    return today(uow, person=person, as_of=as_of).plan


def today(uow: UnitOfWork, *, person: Who, as_of: date) -> Today:
    """``person``'s plan for ``as_of`` with the measures and pursuits it was made from;
    ``person`` is an e-mail, a name, or a person's id (a front end's: names are not unique)."""
    measured = measure_people(uow, as_of=as_of, person=person)
    (report,) = measured.reports
    settings, row = measured.settings, report.row
    rows = named_pursuits(
        uow,
        people={row.person_id: row.person},
        facts=measured.facts,
        as_of=as_of,
        settings=settings,
    )
    named = [NamedPursuit(r.pursuit, r.contact or "someone", r.account) for r in rows]
    days = measured.facts[row.person_id].days
    posts = [d for d, kinds in days.items() if any(kinds.get(k) for k in PUBLISH_KINDS)]
    plan = plan_today(
        report.measures,
        named,
        last_post=max(posts, default=None),
        as_of=as_of,
        touches_min=settings.touches_min,
        touches_max=settings.touches_max,
        cold_after_days=settings.cold_after_days,
        replication=person_replication(uow, person_id=row.person_id, as_of=as_of),
    )
    return Today(measured, rows, plan)

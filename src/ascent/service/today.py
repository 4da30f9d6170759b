"""Today's plan of one person: their measures and pursuits from one load of their facts."""

from __future__ import annotations

from datetime import date

from ascent.analytics.today import NamedPursuit, TodayPlan, plan_today
from ascent.domain.vocabulary import PUBLISH_KINDS
from ascent.service.people import measure_people
from ascent.service.pursuits import named_pursuits
from ascent.store.scope import UnitOfWork


def today_plan(uow: UnitOfWork, *, person: str, as_of: date) -> TodayPlan:
    """What ``person`` should do on ``as_of``: follow-ups due, rescues, listening, publishing."""
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
    return plan_today(
        report.measures,
        named,
        last_post=max(posts, default=None),
        as_of=as_of,
        touches_min=settings.touches_min,
        touches_max=settings.touches_max,
        cold_after_days=settings.cold_after_days,
    )

"""Pursuits as of a day: one row per person and contact, named as the person knows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ascent.analytics.calendar import WorkCalendar
from ascent.analytics.facts import PersonFacts
from ascent.analytics.pursuits import Pursuit, pursuits_of
from ascent.analytics.settings import MeasureSettings
from ascent.service.directory import Who, person_named
from ascent.service.org_settings import measure_settings
from ascent.store import facts as store_facts
from ascent.store.models import Account, Contact, Person
from ascent.store.scope import UnitOfWork


@dataclass(frozen=True)
class PursuitRow:
    person: str
    contact: str | None
    account: str | None
    pursuit: Pursuit

    def to_dict(self) -> dict[str, Any]:
        p = self.pursuit
        return {
            "person": self.person,
            "contact": self.contact,
            "contact_id": p.contact_id,
            "account": self.account,
            "touches": p.touches,
            "answered": p.answered,
            "touches_to_first_answer": p.touches_to_first_answer,
            "status": p.status,
            "flags": list(p.flags),
            "first_touch": p.first_touch.isoformat(),
            "last_touch": p.last_touch.isoformat(),
            "next_touch_due": p.next_touch_due.isoformat() if p.next_touch_due else None,
            "due": p.due,
        }


def pursuit_rows(
    uow: UnitOfWork, *, as_of: date, person: Who | None = None, due_only: bool = False
) -> list[PursuitRow]:
    """Every pursuit (of ``person``: an e-mail, a name or a person's id) as of ``as_of``;
    ``due_only`` keeps those due by then."""
    query = select(Person.id, Person.name)
    if person is not None:
        query = query.where(Person.id == person_named(uow, person).id)
    people = dict(uow.session.execute(query).all())
    facts = store_facts.load_facts(
        uow.session.connection(), uow.scope.org_id, person_ids=people, as_of=as_of, strategies={}
    )
    settings = measure_settings(uow)
    return named_pursuits(
        uow, people=people, facts=facts, as_of=as_of, settings=settings, due_only=due_only
    )


def named_pursuits(
    uow: UnitOfWork,
    *,
    people: Mapping[int, str],
    facts: Mapping[int, PersonFacts],
    as_of: date,
    settings: MeasureSettings,
    due_only: bool = False,
) -> list[PursuitRow]:
    """The pursuits of ``people`` (id to name) from facts already loaded, by person name."""
    found: list[PursuitRow] = []
    for pid, name in sorted(people.items(), key=lambda kv: kv[1]):
        f = facts[pid]
        calendar = WorkCalendar.of(settings, f.pauses)
        found += [
            PursuitRow(name, None, None, p)
            for p in pursuits_of(f.contact_days, f.outcomes, as_of, calendar, settings)
            if p.due or not due_only
        ]
    return _with_contacts(uow, found)


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

"""One person: their measures as of a day, and their programme start."""

from __future__ import annotations

from datetime import date

from ascent.domain.vocabulary import Phase as Phase  # noqa: PLC0414 - front ends import services only
from ascent.service.directory import Who, person_named
from ascent.service.people import PersonReport, people_reports
from ascent.service.snapshots import facts_changed
from ascent.store.scope import UnitOfWork


def person_report(uow: UnitOfWork, *, person: Who, as_of: date) -> PersonReport:
    """``person``'s overview row and every measure as of ``as_of``; ``person`` is an e-mail,
    a name, or a person's id (names are not unique)."""
    (report,) = people_reports(uow, as_of=as_of, person=person)
    return report


def set_programme_start(uow: UnitOfWork, *, person: Who, start: date | None) -> None:
    """Set (or clear, with None) a person's programme start; commit."""
    found = person_named(uow, person)
    found.programme_start = start
    facts_changed(uow, [found.id])
    uow.commit()

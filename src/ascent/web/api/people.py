"""People, one person's report, pursuits and today's plan; teams; users (admin only).

The same use cases as ``ascent people|person|pursuits|today`` and the pages, with the web's
visibility: a seller sees themself, a lead their team, an admin the org.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query

from ascent.service.people import PersonReport, people_reports
from ascent.service.person import person_report
from ascent.service.pursuits import pursuit_rows
from ascent.service.today import today_plan
from ascent.service.users import list_users
from ascent.service.visibility import may_see_team, visible_person_ids, visible_teams
from ascent.web.access import MAX_ID, Hidden
from ascent.web.api.auth import Access, Api, api_router, reads
from ascent.web.api.days import AsOf
from ascent.web.api.paging import Page, PagingQuery, page_list
from ascent.web.api.people_models import (
    PersonOut,
    PersonReportOut,
    PlanOut,
    PursuitOut,
    TeamOut,
    UserOut,
)

router = api_router(tags=["people"])
PersonReader = Annotated[Api, Depends(reads(Access.PERSON))]
UserReader = Annotated[Api, Depends(reads(Access.USER))]
AdminReader = Annotated[Api, Depends(reads(Access.ADMIN))]
TeamFilter = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="Only the people of this team.")
]
PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="A person's id.", examples=[1])]


@router.get("/people", response_model=Page[PersonOut])
def people(api: UserReader, day: AsOf, paging: PagingQuery, team_id: TeamFilter = None) -> Any:
    """The people the caller may see (of one team), with every measure, by id."""
    page = page_list(_visible(api, team_id), key=lambda person_id: (person_id,), paging=paging)
    reports = people_reports(api.uow, as_of=day, ids=page.items) if page.items else []
    ordered = sorted(reports, key=lambda r: r.row.person_id)
    return _page([_person(r) for r in ordered], page.next_cursor)


@router.get("/people/{person_id}", response_model=PersonReportOut)
def person(api: PersonReader, person_id: PersonId, day: AsOf) -> Any:
    """One person's report with the weekly phase timeline (``ascent person``)."""
    return _person(person_report(api.uow, person=person_id, as_of=day), timeline=True)


@router.get("/people/{person_id}/pursuits", response_model=Page[PursuitOut])
def pursuits(api: PersonReader, person_id: PersonId, day: AsOf, paging: PagingQuery) -> Any:
    """The person's pursuits as of the day, by contact id (``ascent pursuits``)."""
    rows = pursuit_rows(api.uow, as_of=day, person=person_id)
    page = page_list(rows, key=lambda r: (r.pursuit.contact_id,), paging=paging)
    return _page([r.to_dict() for r in page.items], page.next_cursor)


@router.get("/people/{person_id}/today", response_model=PlanOut)
def today(api: PersonReader, person_id: PersonId, day: AsOf) -> Any:
    """What the person should do on the day (``ascent today``)."""
    return today_plan(api.uow, person=person_id, as_of=day).to_dict()


@router.get("/teams", response_model=Page[TeamOut])
def teams(api: UserReader, paging: PagingQuery) -> Any:
    """The teams whose pages the caller may open (an admin: all), by id."""
    found = visible_teams(api.uow, api.viewer)
    page = page_list(found, key=lambda t: (t.id,), paging=paging)
    return _page([t.to_dict() for t in page.items], page.next_cursor)


@router.get("/users", response_model=Page[UserOut])
def users(api: AdminReader, paging: PagingQuery) -> Any:
    """Every login of the org, by id (admins only)."""
    page = page_list(list_users(api.uow), key=lambda u: (u.id,), paging=paging)
    return _page([u.to_dict() for u in page.items], page.next_cursor)


def _visible(api: Api, team_id: int | None) -> list[int]:
    """The ids of the people the caller may see (a seller themself, a lead their team, an
    admin everyone), of ``team_id`` when given (a team the caller may not open answers as
    one that does not exist); the page is cut from these before anyone is measured."""
    if team_id is not None and not may_see_team(api.uow, api.viewer, team_id, members=True):
        raise Hidden
    return visible_person_ids(api.uow, api.viewer, team_id=team_id)


def _person(report: PersonReport, *, timeline: bool = False) -> dict[str, Any]:
    row = report.row
    return {"id": row.person_id, "team_id": row.team_id, **report.to_dict(timeline=timeline)}


def _page(items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}

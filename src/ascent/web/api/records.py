"""``/people/{person_id}/activities`` and ``/outcomes``: a person's rows, a page at a time in
(day, id) order between ``?from`` and ``?to``, and one more logged as an Ascent CSV row
(``service.records``).

Reading is the person page's access (the person, their lead, an admin); logging is the
seller home's form's (``Access.SELF``: only the person records their own doing, with a
write token acting as them). Logging is idempotent: the same ``id`` (or, without one, the
same row) again answers 200 with the row stored the first time, and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response, status
from pydantic import Field

from ascent.service.records import (
    ActivityItem,
    Key,
    OutcomeItem,
    RowEntry,
    log_activity,
    log_outcome,
    person_activities,
    person_outcomes,
)
from ascent.web.api.auth import Access, Api, api_router, reads, writes
from ascent.web.api.outputs import Day, Moment, Out, cut_page, day_asked
from ascent.web.api.paging import InvalidCursor, Page, Paging, PagingQuery

router = api_router(tags=["activities and outcomes"])
Reader = Annotated[Api, Depends(reads(Access.PERSON))]
Logger = Annotated[Api, Depends(writes(Access.SELF))]
FromQuery = Annotated[
    str | None, Query(alias="from", max_length=40, description="First day (YYYY-MM-DD).")
]
ToQuery = Annotated[str | None, Query(alias="to", max_length=40, description="Last day.")]


class ActivityOut(Out):
    id: int
    day: Day
    occurred_at: Moment
    kind: str
    channel: str
    contact_id: int | None
    contact: str | None
    source_key: str
    is_question: bool
    coach_score: int | None


class OutcomeOut(Out):
    id: int
    day: Day
    occurred_at: Moment
    kind: str
    amount: float | None
    contact_id: int | None
    contact: str | None
    account: str | None
    source_channel: str | None
    source: str | None
    medium: str | None
    campaign: str | None
    content: str | None
    source_key: str


class RowIn(Out):
    """One row to log: the columns of docs/ascent-csv.md but ``person`` (the path's)."""

    date: dt.datetime | dt.date = Field(
        description="A day, or a time (without an offset: UTC)", examples=["2026-11-30"]
    )
    kind: str = Field(max_length=16, examples=["call"])
    channel: str | None = Field(None, max_length=16)
    contact: str | None = Field(None, max_length=300, examples=["Bob Buyer"])
    contact_url: str | None = Field(None, max_length=500)
    account: str | None = Field(None, max_length=300)
    amount: float | None = Field(None, allow_inf_nan=False, ge=-1e15, le=1e15)
    source: str | None = Field(None, max_length=16)
    note: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, max_length=200, description="Your stable id for the row.")

    def entry(self) -> RowEntry:
        return RowEntry(**self.model_dump())


LOGGED_BEFORE: dict[int | str, dict[str, Any]] = {
    200: {"description": "Logged before: nothing added, the stored row"}
}


@router.get("/people/{person_id}/activities", response_model=Page[ActivityOut])
def activities(
    request: Request,
    api: Reader,
    person_id: int,
    paging: PagingQuery,
    *,
    first: FromQuery = None,
    last: ToQuery = None,
) -> Any:
    """The person's activities from ``from`` to ``to`` (days, inclusive), by day."""
    found = person_activities(
        api.uow,
        person_id=person_id,
        after=_after(paging),
        limit=paging.limit + 1,
        **_days(request, first, last),
    )
    return cut_page(found, paging, key=lambda item: item.key)


@router.get("/people/{person_id}/outcomes", response_model=Page[OutcomeOut])
def outcomes(
    request: Request,
    api: Reader,
    person_id: int,
    paging: PagingQuery,
    *,
    first: FromQuery = None,
    last: ToQuery = None,
) -> Any:
    """The person's outcomes from ``from`` to ``to`` (days, inclusive), by day."""
    found = person_outcomes(
        api.uow,
        person_id=person_id,
        after=_after(paging),
        limit=paging.limit + 1,
        **_days(request, first, last),
    )
    return cut_page(found, paging, key=lambda item: item.key)


@router.post(
    "/people/{person_id}/activities",
    response_model=ActivityOut,
    status_code=status.HTTP_201_CREATED,
    responses=LOGGED_BEFORE,
)
def log_one_activity(
    request: Request, response: Response, api: Logger, person_id: int, row: RowIn
) -> Any:
    """Log one activity (a call, a meeting, a message …) of the token's own person."""
    item: ActivityItem
    item, added = log_activity(
        api.uow, person_id=person_id, entry=row.entry(), today=request.app.state.today()
    )
    return _answer(response, item.to_dict(), added)


@router.post(
    "/people/{person_id}/outcomes",
    response_model=OutcomeOut,
    status_code=status.HTTP_201_CREATED,
    responses=LOGGED_BEFORE,
)
def log_one_outcome(
    request: Request, response: Response, api: Logger, person_id: int, row: RowIn
) -> Any:
    """Log one outcome (a meeting booked, a deal won …) of the token's own person."""
    item: OutcomeItem
    item, added = log_outcome(
        api.uow, person_id=person_id, entry=row.entry(), today=request.app.state.today()
    )
    return _answer(response, item.to_dict(), added)


def _answer(response: Response, data: dict[str, Any], added: bool) -> dict[str, Any]:
    if not added:
        response.status_code = status.HTTP_200_OK
    return data


def _days(request: Request, first: str | None, last: str | None) -> dict[str, dt.date | None]:
    """``?from`` and ``?to`` as days (each optional)."""
    return {
        "first": None if first is None else day_asked(request, first, name="from"),
        "last": None if last is None else day_asked(request, last, name="to"),
    }


def _after(paging: Paging) -> Key | None:
    """The cursor's (day, id), or ``InvalidCursor`` for a cursor of another list."""
    if paging.after is None:
        return None
    match paging.after:
        case (str() as day, int() as row_id):
            try:
                return (dt.date.fromisoformat(day), row_id)
            except ValueError:
                raise InvalidCursor from None
    raise InvalidCursor

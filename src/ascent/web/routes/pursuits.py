"""The pursuits page: one person's pursuits filtered and sorted (a GET form, its table swapped
in by HTMX when scripts run), and merging or splitting the contacts behind them.

A merge or split takes the writer's turn, calls the same services as ``ascent contacts`` and
comes back to the page with what it did; a refused one (same contact twice, an identity the
contact lacks, a contact outside this person's pursuits) shows its one-line error on the page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from ascent import bootstrap
from ascent.errors import AscentError, NotFound
from ascent.service.pursuits_page import (
    FILTER_LABELS,
    SORTS,
    merge_contacts,
    pursuits_page,
    split_contact,
)
from ascent.web.access import Reader, Writer, user_of
from ascent.web.pages import Access, as_of, page, render, wants_json

router = APIRouter()
Text = Annotated[str, Form(max_length=1000)]


@page(router, "/person/{person_id}/pursuits", name="pursuits", access=Access.PERSON)
def show(
    request: Request,
    uow: Reader,
    person_id: int,
    *,
    filter: str = "due",
    sort: str = "next_touch_due",
    done: str | None = None,
    contact: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The person's pursuits through one filter, in one order (and a contact to split)."""
    day = as_of(request)
    view = pursuits_page(
        uow,
        person_id=person_id,
        as_of=day,
        filter=filter,
        sort=sort,
        done=done,
        contact=contact,
        admin=_admin(request),
    )
    return render(request, "pursuits.html", view, filters=FILTER_LABELS, sorts=SORTS)


@page(
    router,
    "/person/{person_id}/contacts/merge",
    name="pursuits.merge",
    access=Access.PERSON,
    methods=("POST",),
    twin=False,
)
def merge(request: Request, uow: Writer, person_id: int, into: Text, other: Text) -> Response:
    """Make ``other`` part of ``into`` (two contacts of this person's pursuits)."""
    try:
        merge_contacts(
            uow,
            person_id=person_id,
            as_of=as_of(request),
            into=into,
            other=other,
            admin=_admin(request),
        )
    except AscentError as exc:
        return _refused(request, uow, person_id, exc)
    return _back(request, person_id, "merged")


@page(
    router,
    "/person/{person_id}/contacts/split",
    name="pursuits.split",
    access=Access.PERSON,
    methods=("POST",),
    twin=False,
)
def split(
    request: Request,
    uow: Writer,
    person_id: int,
    *,
    contact: Text,
    identities: Annotated[list[str] | None, Form(max_length=1000)] = None,
    name: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Move these identities of ``contact`` (and what came through them) to a new contact."""
    try:
        split_contact(
            uow,
            person_id=person_id,
            as_of=as_of(request),
            contact=contact,
            identities=identities or [],
            name=name.strip() or None,
            admin=_admin(request),
        )
    except AscentError as exc:
        return _refused(request, uow, person_id, exc)
    return _back(request, person_id, "split")


def _admin(request: Request) -> bool:
    """An admin may change contacts other people pursue too (the org's data is theirs)."""
    return user_of(request).role == "admin"


def _back(request: Request, person_id: int, done: str) -> Response:
    """Back to the pursuits page (same day, filter and sort), saying what was done."""
    kept = {k: v for k, v in request.query_params.items() if k in ("as_of", "filter", "sort")}
    query = urlencode({"done": done, **kept})
    return RedirectResponse(f"/person/{person_id}/pursuits?{query}", status_code=303)


def _refused(
    request: Request, uow: bootstrap.UnitOfWork, person_id: int, exc: AscentError
) -> Response:
    """The pursuits page with the one-line error (a JSON client gets the one error shape)."""
    if wants_json(request):
        raise exc
    uow.session.rollback()  # the page is drawn from what is stored, not from the refusal
    shown = {k: v for k, v in request.query_params.items() if k in ("filter", "sort")}
    day = as_of(request)
    view = pursuits_page(
        uow,
        person_id=person_id,
        as_of=day,
        error=str(exc),
        admin=_admin(request),
        filter=shown.get("filter", "due"),
        sort=shown.get("sort", "next_touch_due"),
    )
    status = 404 if isinstance(exc, NotFound) else 400
    return render(request, "pursuits.html", view, status=status, filters=FILTER_LABELS, sorts=SORTS)

"""``/contacts``: the contacts the caller's people have touched, a page at a time by id, and
mending them: merge two, split one (``service.contacts``, the rules of ``ascent contacts
merge|split``).

An admin lists every contact of the org and changes any (``/contacts/merge|split``, as the
CLI does). From a person (``/people/{person_id}/contacts/merge|split``: the person, their lead
or an admin, as the pursuits page's forms) only contacts of that person's pursuits may be
changed, and only when no one else's rows go through them (unless an admin asks); a split
names only identities the person's own rows came through. A seller or lead sees, of each
contact, only the identities and channels their people's own rows came through.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import Field

from ascent.service.contacts import (
    ContactView,
    contacts_page,
    merge,
    show_contact,
    split,
    split_off,
)
from ascent.service.pursuits_page import merge_contacts, split_contact
from ascent.web.api.auth import Access, Api, api_router, reads, writes
from ascent.web.api.outputs import AsOfQuery, Out, cut_page, day_asked
from ascent.web.api.paging import InvalidCursor, Page, PagingQuery

router = api_router(tags=["contacts"])
Reader = Annotated[Api, Depends(reads(Access.USER))]
Admin = Annotated[Api, Depends(writes(Access.ADMIN))]
PersonWriter = Annotated[Api, Depends(writes(Access.PERSON))]
#: how a contact is named: an id, an identity (profile URL, e-mail, x:@handle …), a name
NAMED = Field(max_length=1000, description="An id, an identity or a unique name.")


class IdentityOut(Out):
    kind: str
    value: str
    matched_by: str
    confidence: float


class ContactOut(Out):
    id: int
    name: str | None
    company: str | None
    account: str | None
    confidence: float
    channels: list[str]
    identities: list[IdentityOut]


class SplitOut(Out):
    """The contact split, and the new contact its moved identities made."""

    kept: ContactOut
    new: ContactOut


class MergeIn(Out):
    into: str = NAMED
    other: str = NAMED


class SplitIn(Out):
    contact: str = NAMED
    identities: list[Annotated[str, Field(max_length=1000)]] = Field(
        min_length=1, max_length=100, description="The identities that are someone else's."
    )
    name: str | None = Field(None, max_length=300, description="The new contact's name.")


@router.get("/contacts", response_model=Page[ContactOut])
def contacts(api: Reader, paging: PagingQuery) -> Any:
    """Every contact of the org (an admin), or those the caller's people touched, by id."""
    after = None
    if paging.after is not None:
        match paging.after:
            case (int() as contact_id,):
                after = contact_id
            case _:
                raise InvalidCursor
    found = contacts_page(api.uow, viewer=api.viewer, after=after, limit=paging.limit + 1)
    return cut_page(found, paging, key=lambda view: (view.id,))


@router.post("/contacts/merge", response_model=ContactOut)
def merge_any(api: Admin, body: MergeIn) -> Any:
    """Two contacts are one person: ``other``'s identities, touches and outcomes move to
    ``into`` (an admin's, any contact of the org)."""
    return merge(api.uow, into=body.into, other=body.other).to_dict()


@router.post("/contacts/split", response_model=SplitOut)
def split_any(api: Admin, body: SplitIn) -> Any:
    """One contact is two people: these identities, and what came through them, become a
    new contact (an admin's, any contact of the org)."""
    kept, new = split(api.uow, contact=body.contact, identities=body.identities, name=body.name)
    return _split_out(kept, new)


@router.post("/people/{person_id}/contacts/merge", response_model=ContactOut)
def merge_own(
    request: Request, api: PersonWriter, person_id: int, body: MergeIn, as_of: AsOfQuery = None
) -> Any:
    """Merge two contacts of the person's pursuits (by id; see the module docstring)."""
    admin = api.user.role == "admin"
    merge_contacts(
        api.uow,
        person_id=person_id,
        as_of=day_asked(request, as_of, name="as_of"),
        into=body.into,
        other=body.other,
        admin=admin,
    )
    seen_by = None if admin else person_id
    return show_contact(api.uow, contact=body.into, seen_by=seen_by).to_dict()


@router.post("/people/{person_id}/contacts/split", response_model=SplitOut)
def split_own(
    request: Request, api: PersonWriter, person_id: int, body: SplitIn, as_of: AsOfQuery = None
) -> Any:
    """Split a contact of the person's pursuits (by id; see the module docstring)."""
    admin = api.user.role == "admin"
    seen_by = None if admin else person_id
    split_contact(
        api.uow,
        person_id=person_id,
        as_of=day_asked(request, as_of, name="as_of"),
        contact=body.contact,
        identities=body.identities,
        name=body.name,
        admin=admin,
    )
    kept = show_contact(api.uow, contact=body.contact, seen_by=seen_by)
    moved = next(line for text in body.identities for line in text.splitlines() if line.strip())
    new_id = split_off(api.uow, contact=body.contact, identity=moved)
    new = show_contact(api.uow, contact=str(new_id), seen_by=seen_by)
    return _split_out(kept, new)


def _split_out(kept: ContactView, new: ContactView) -> dict[str, Any]:
    return {"kept": kept.to_dict(), "new": new.to_dict()}

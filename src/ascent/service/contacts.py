"""Contacts across channels: list them with their identities, merge two, split one, confirm
a guessed join.

A contact is named on the command line by its id, by any identity it has (a profile URL, an
e-mail, ``x:@handle``, a DID …) or by its name when only one contact has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select, union

from ascent.domain.identities import EXACT_KINDS, normalise_profile_url
from ascent.errors import ConfigError, NotFound
from ascent.service.snapshots import facts_changed
from ascent.service.visibility import Viewer, sees_person
from ascent.store.contact_edits import confirm_contact, merge_contacts, split_contact
from ascent.store.models import (
    Account,
    Activity,
    Contact,
    ContactIdentity,
    Outcome,
    Person,
    stored_text,
)
from ascent.store.scope import UnitOfWork


@dataclass
class ContactView:
    """One contact as ``ascent contacts`` shows it."""

    id: int
    name: str | None
    company: str | None
    account: str | None
    identities: list[dict[str, Any]] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        """How sure the weakest join of this contact is (1.0 when nothing was guessed)."""
        return min((i["confidence"] for i in self.identities), default=1.0)

    @property
    def exact_identities(self) -> list[dict[str, Any]]:
        """The identities that name this contact for sure (not a name, nor name + company)."""
        return [i for i in self.identities if i["kind"] in EXACT_KINDS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "company": self.company,
            "account": self.account,
            "confidence": self.confidence,
            "channels": self.channels,
            "identities": self.identities,
        }


def list_contacts(uow: UnitOfWork, *, review: bool = False) -> list[ContactView]:
    """Every contact of the org (or, with ``review``, those joined on a guess), by name."""
    found = _views(uow, None)
    return [v for v in found if v.confidence < 1.0] if review else found


def show_contact(uow: UnitOfWork, *, contact: str, seen_by: int | None = None) -> ContactView:
    """The contact; with ``seen_by`` (a person's id) only the identities and channels that
    person's own activities and outcomes came through: never what others imported."""
    view = _views(uow, find_contact(uow, contact))[0]
    if seen_by is None:
        return view
    seen = {tuple(row) for row in uow.session.execute(_seen_identities(view.id, seen_by))}
    channels = uow.session.scalars(
        select(Activity.channel)
        .distinct()
        .where(Activity.contact_id == view.id, Activity.person_id == seen_by)
        .order_by(Activity.channel)
    )
    identities = [i for i in view.identities if (i["kind"], i["value"]) in seen]
    return replace(view, identities=identities, channels=list(channels))


def _seen_identities(contact_id: int, person_id: int) -> Any:
    """(kind, value) of the identities of ``contact_id`` that ``person_id``'s own activities
    and outcomes were recognised by (their ``identity_id``)."""
    seen = union(
        *(
            select(m.identity_id).where(m.contact_id == contact_id, m.person_id == person_id)
            for m in (Activity, Outcome)
        )
    )
    return select(ContactIdentity.kind, ContactIdentity.value).where(
        ContactIdentity.contact_id == contact_id, ContactIdentity.id.in_(seen)
    )


def others_in(uow: UnitOfWork, *, contacts: list[int], person_id: int) -> bool:
    """Whether any activity or outcome of these contacts belongs to someone other than
    ``person_id``: a merge or split of them would change that person's data too."""
    return any(
        uow.session.scalar(
            select(m.id).where(m.contact_id.in_(contacts), m.person_id != person_id).limit(1)
        )
        is not None
        for m in (Activity, Outcome)
    )


def contacts_page(
    uow: UnitOfWork, *, viewer: Viewer, after: int | None = None, limit: int
) -> list[ContactView]:
    """Up to ``limit`` contacts in id order after ``after``: every contact of the org for an
    admin; for anyone else those that a person they see (``sees_person``) has an activity or
    outcome of, with only the identities and channels those people's own rows came through
    (as ``show_contact``'s ``seen_by``)."""
    after_id = -1 if after is None else after  # ids start at 1
    if viewer.role == "admin":
        found = select(Contact.id).where(Contact.id > after_id).order_by(Contact.id).limit(limit)
    else:
        people = select(Person.id).where(sees_person(viewer))
        # the page is among the first ``limit`` ids after ``after`` of each table
        firsts = [
            select(m.contact_id)
            .distinct()
            .where(m.person_id.in_(people), m.contact_id > after_id)
            .order_by(m.contact_id)
            .limit(limit)
            .subquery()
            for m in (Activity, Outcome)
        ]
        touched = union(*(select(first.c.contact_id) for first in firsts)).subquery()
        found = select(touched.c.contact_id).order_by(touched.c.contact_id).limit(limit)
    views = sorted(_views(uow, list(uow.session.scalars(found))), key=lambda v: v.id)
    if viewer.role == "admin" or not views:
        return views
    return _seen_only(uow, views, select(Person.id).where(sees_person(viewer)))


def _seen_only(uow: UnitOfWork, views: list[ContactView], people: Any) -> list[ContactView]:
    """``views`` with only the identities and channels that rows of ``people`` came through."""
    ids = [v.id for v in views]
    seen_ids = union(
        *(
            select(m.identity_id).where(m.contact_id.in_(ids), m.person_id.in_(people))
            for m in (Activity, Outcome)
        )
    )
    seen = {
        (cid, kind, value)
        for cid, kind, value in uow.session.execute(
            select(ContactIdentity.contact_id, ContactIdentity.kind, ContactIdentity.value).where(
                ContactIdentity.contact_id.in_(ids), ContactIdentity.id.in_(seen_ids)
            )
        )
    }
    channels: dict[int, list[str]] = {}
    for cid, channel in uow.session.execute(
        select(Activity.contact_id, Activity.channel)
        .distinct()
        .where(Activity.contact_id.in_(ids), Activity.person_id.in_(people))
        .order_by(Activity.contact_id, Activity.channel)
    ):
        if cid is not None:
            channels.setdefault(cid, []).append(channel)
    return [
        replace(
            v,
            identities=[i for i in v.identities if (v.id, i["kind"], i["value"]) in seen],
            channels=channels.get(v.id, []),
        )
        for v in views
    ]


def _views(uow: UnitOfWork, contact_ids: int | list[int] | None) -> list[ContactView]:
    """The views of one contact, of a list of them, or (None) of every contact, with
    identities and channels."""
    c, i, a = Contact, ContactIdentity, Activity

    def only(column: Any) -> tuple[Any, ...]:
        if contact_ids is None:
            return ()
        if isinstance(contact_ids, int):
            return (column == contact_ids,)
        return (column.in_(contact_ids),)

    rows = uow.session.execute(
        select(c.id, c.name, c.company, Account.name)
        .outerjoin(Account, Account.id == c.account_id)
        .where(*only(c.id))
        .order_by(func.lower(c.name), c.id)
    )
    views = {cid: ContactView(cid, name, company, account) for cid, name, company, account in rows}
    identities = uow.session.execute(
        select(i.contact_id, i.kind, i.value, i.matched_by, i.confidence)
        .where(*only(i.contact_id))
        .order_by(i.id)
    )
    for cid, kind, value, matched_by, confidence in identities:
        views[cid].identities.append(
            {"kind": kind, "value": value, "matched_by": matched_by, "confidence": confidence}
        )
    channels = uow.session.execute(
        select(a.contact_id, a.channel)
        .distinct()
        .where(a.contact_id.is_not(None), *only(a.contact_id))
        .order_by(a.contact_id, a.channel)
    )
    for seen, channel in channels:
        if seen is not None:
            views[seen].channels.append(channel)
    return list(views.values())


def merge(uow: UnitOfWork, *, into: str, other: str) -> ContactView:
    """``other`` becomes part of ``into``: its identities, activities and outcomes."""
    keep, gone = find_contact(uow, into), find_contact(uow, other)
    if keep == gone:
        raise ConfigError(f"{into!r} and {other!r} are the same contact ({keep})")
    merge_contacts(uow.session.connection(), uow.scope.org_id, into=keep, other=gone)
    facts_changed(uow)  # the pursuits of everyone who touched either contact
    uow.commit()
    return show_contact(uow, contact=str(keep))


def confirm(uow: UnitOfWork, *, contact: str) -> ContactView:
    """The guessed joins of ``contact`` are right: it leaves the review list."""
    found = find_contact(uow, contact)
    confirm_contact(uow.session.connection(), uow.scope.org_id, contact=found)
    uow.commit()
    return show_contact(uow, contact=str(found))


def split(
    uow: UnitOfWork,
    *,
    contact: str,
    identities: list[str],
    name: str | None = None,
    seen_by: int | None = None,
) -> tuple[ContactView, ContactView]:
    """A new contact with these identities of ``contact`` and what came through them; with
    ``seen_by`` only identities that person's own rows came through may be named."""
    source = find_contact(uow, contact)
    owned = uow.session.execute(
        select(ContactIdentity.id, ContactIdentity.kind, ContactIdentity.value).where(
            ContactIdentity.contact_id == source
        )
    ).all()
    seen = (
        None
        if seen_by is None
        else {tuple(row) for row in uow.session.execute(_seen_identities(source, seen_by))}
    )
    by_value = {
        value.lower(): identity_id
        for identity_id, kind, value in owned
        if seen is None or (kind, value) in seen
    }
    missing = [i for i in identities if _identity_value(i) not in by_value]
    if missing:
        raise NotFound(f"contact {source} has no identity {', '.join(map(repr, missing))}")
    moved = sorted({by_value[_identity_value(i)] for i in identities})
    if len(moved) == len(owned):
        raise ConfigError("a split must leave the contact at least one identity")
    old_name = uow.session.scalar(select(Contact.name).where(Contact.id == source))
    new_id = split_contact(
        uow.session.connection(),
        uow.scope.org_id,
        contact=source,
        identity_ids=moved,
        name=stored_text(name) or old_name,
    )
    facts_changed(uow)
    uow.commit()
    return show_contact(uow, contact=str(source)), show_contact(uow, contact=str(new_id))


def split_off(uow: UnitOfWork, *, contact: str, identity: str) -> int:
    """The id of the contact a split of ``contact`` made: the one now holding ``identity``,
    one of the identities it moved."""
    kept = find_contact(uow, contact)
    found = uow.session.scalar(
        select(ContactIdentity.contact_id)
        .where(ContactIdentity.value == _identity_value(identity))
        .where(ContactIdentity.contact_id != kept)
        .order_by(ContactIdentity.contact_id.desc())
        .limit(1)
    )
    if found is None:
        raise NotFound(f"no contact was split off {contact!r} with {identity!r}")
    return found


def find_contact(uow: UnitOfWork, text: str) -> int:
    """The contact ``text`` names: an id, an identity, or a name only one contact has."""
    wanted = text.strip()
    if wanted.isdigit():
        found = uow.session.scalar(select(Contact.id).where(Contact.id == int(wanted)))
        if found is not None:
            return found
    by_identity = uow.session.scalar(
        select(ContactIdentity.contact_id).where(
            ContactIdentity.kind != "name", ContactIdentity.value == _identity_value(wanted)
        )
    )
    if by_identity is not None:
        return by_identity
    named = uow.session.scalars(
        select(Contact.id).where(func.lower(Contact.name) == wanted.lower()).limit(2)
    ).all()
    if len(named) == 1:
        return named[0]
    if named:
        raise ConfigError(f"several contacts are called {wanted!r}: name one by its id")
    raise NotFound(f"no contact {wanted!r} (give an id, a profile URL, e-mail or handle)")


def _identity_value(text: str) -> str:
    """How a user's spelling of an identity is stored: URLs normalised, the rest lower case."""
    value = text.strip()
    if value.lower().startswith(("http://", "https://", "www.")):
        return normalise_profile_url(value) or value.lower()
    return value.lower()

"""The pursuits page of one person: their pursuits filtered and sorted, and merging or
splitting the contacts behind them.

The rows are ``ascent pursuits``'s rows (``pursuit_rows``); a filter only keeps the rows
whose status or flag the CLI's JSON already carries, so the page never judges a pursuit
itself. A seller may change only contacts that appear in the pursuits of the person whose
page it is: any other contact is refused exactly as one that does not exist.

A contact is the org's, shared by everyone who pursues it, and a merge or split moves every
person's activities and outcomes. So from this page (unless the viewer is an admin) a merge
or split is allowed only when every activity and outcome of the contacts involved is the
page person's own (else ``SHARED``), and the split form lists only the identities their own
rows came through: another team's imports are never shown nor moved from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ascent.errors import ConfigError, NotFound
from ascent.service.contacts import ContactView, find_contact, merge, others_in, show_contact, split
from ascent.service.directory import person_named
from ascent.service.pursuits import PursuitRow, pursuit_rows
from ascent.store.scope import UnitOfWork

#: filter name -> which rows it keeps (the names of the statuses and flags it reads)
FILTERS: dict[str, Callable[[PursuitRow], bool]] = {
    "due": lambda r: r.pursuit.due,
    "cold": lambda r: r.pursuit.status == "gone_cold",
    "over_touching": lambda r: r.pursuit.over_touching,
    "quit_too_early": lambda r: r.pursuit.quit_too_early,
    "all": lambda r: True,
}
#: the words a filter is offered in
FILTER_LABELS: dict[str, str] = {
    "due": "next touch due",
    "cold": "gone cold",
    "over_touching": "over-touching",
    "quit_too_early": "quit too early",
    "all": "all pursuits",
}
#: sort name -> the words it is offered in (the key is ``sort_key``)
SORTS: dict[str, str] = {
    "next_touch_due": "next touch due, soonest first",
    "touches": "most touches first",
    "last_touch": "longest untouched first",
    "contact": "contact name",
}
#: what a finished merge or split says on the page it comes back to (``?done=``)
DONE: dict[str, str] = {
    "merged": "The two contacts are one contact now.",
    "split": "The contact was split in two.",
}
#: why a merge or split of a contact others pursue too is refused here
SHARED = "this contact is also in other people's pursuits: ask an admin to merge it"


@dataclass(frozen=True)
class PursuitsView:
    """One person's pursuits through ``filter``, in ``sort`` order, with the count of each
    filter (so the filter menu can say how many rows each gives)."""

    person_id: int
    person: str
    as_of: date
    filter: str
    sort: str
    rows: list[PursuitRow]
    counts: dict[str, int] = field(default_factory=dict)
    #: every contact of the person's pursuits (id, name, account), by name: what may be merged
    contacts: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    message: str | None = None
    error: str | None = None
    #: the contact chosen to be split (``?contact=``), with its identities
    chosen: ContactView | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person": self.person,
            "as_of": self.as_of.isoformat(),
            "filter": self.filter,
            "sort": self.sort,
            "counts": self.counts,
            "pursuits": [r.to_dict() for r in self.rows],
            "contacts": [
                {"contact_id": cid, "contact": name, "account": account}
                for cid, name, account in self.contacts
            ],
            "message": self.message,
            "error": self.error,
            "split_contact": self.chosen.to_dict() if self.chosen else None,
        }


def sort_key(sort: str) -> Callable[[PursuitRow], tuple[Any, ...]]:
    """The order of ``sort`` (see SORTS); ties by contact name, then contact id."""

    def contact(r: PursuitRow) -> tuple[str, int]:
        return ((r.contact or "").lower(), r.pursuit.contact_id)

    def due(r: PursuitRow) -> tuple[Any, ...]:
        day = r.pursuit.next_touch_due
        return (day is None, day or date.min, *contact(r))

    keys: dict[str, Callable[[PursuitRow], tuple[Any, ...]]] = {
        "next_touch_due": due,
        "touches": lambda r: (-r.pursuit.touches, *contact(r)),
        "last_touch": lambda r: (r.pursuit.last_touch, *contact(r)),
        "contact": contact,
    }
    return keys[sort]


def sorted_rows(rows: Sequence[PursuitRow], sort: str) -> list[PursuitRow]:
    return sorted(rows, key=sort_key(sort))


def pursuits_page(
    uow: UnitOfWork,
    *,
    person_id: int,
    as_of: date,
    filter: str = "due",
    sort: str = "next_touch_due",
    done: str | None = None,
    error: str | None = None,
    contact: str | None = None,
    admin: bool = False,
) -> PursuitsView:
    """The page: ``ascent pursuits --person``'s rows for this person, filtered and sorted;
    with ``contact`` (one of theirs) that contact's identities, to choose which to split:
    those the person's own rows came through (every one for an ``admin`` viewer)."""
    if filter not in FILTERS:
        raise ConfigError(f"unknown filter {filter!r}: one of {', '.join(FILTERS)}")
    if sort not in SORTS:
        raise ConfigError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    name = person_named(uow, person_id).name
    rows = pursuit_rows(uow, as_of=as_of, person=person_id)
    counts = {f: sum(1 for r in rows if keep(r)) for f, keep in FILTERS.items()}
    kept = sorted_rows([r for r in rows if FILTERS[filter](r)], sort)
    contacts = [(r.pursuit.contact_id, r.contact, r.account) for r in sorted_rows(rows, "contact")]
    message = DONE.get(done) if done else None
    allowed = {cid for cid, _name, _account in contacts}
    seen_by = None if admin else person_id
    chosen = (
        show_contact(uow, contact=page_contact(contact, allowed), seen_by=seen_by)
        if contact
        else None
    )
    return PursuitsView(
        person_id, name, as_of, filter, sort, kept, counts, contacts, message, error, chosen
    )


def merge_contacts(
    uow: UnitOfWork,
    *,
    person_id: int,
    as_of: date,
    into: str,
    other: str,
    admin: bool = False,
) -> None:
    """``ascent contacts merge`` for two contacts of this person's pursuits, only theirs
    (see the module's docstring) unless the viewer is an ``admin``."""
    allowed = _pursued(uow, person_id, as_of)
    keep, gone = page_contact(into, allowed), page_contact(other, allowed)
    _only_theirs(uow, person_id, [keep, gone], admin=admin)
    merge(uow, into=keep, other=gone)


def split_contact(
    uow: UnitOfWork,
    *,
    person_id: int,
    as_of: date,
    contact: str,
    identities: Sequence[str],
    name: str | None,
    admin: bool = False,
) -> None:
    """``ascent contacts split`` of a contact of this person's pursuits (identities one a
    line, as a form's text area gives them), only theirs unless the viewer is an ``admin``."""
    allowed = _pursued(uow, person_id, as_of)
    wanted = page_contact(contact, allowed)
    _only_theirs(uow, person_id, [wanted], admin=admin)
    chosen = [line.strip() for text in identities for line in text.splitlines() if line.strip()]
    if not chosen:
        raise ConfigError("choose at least one identity to move to the new contact")
    seen_by = None if admin else person_id
    split(uow, contact=wanted, identities=chosen, name=name or None, seen_by=seen_by)


def _only_theirs(uow: UnitOfWork, person_id: int, contacts: list[str], *, admin: bool) -> None:
    """Refuse (``SHARED``) when someone else has an activity or outcome of these contacts,
    unless the viewer is an admin (who may change anyone's data)."""
    if admin:
        return
    ids = [find_contact(uow, c) for c in contacts]
    if others_in(uow, contacts=ids, person_id=person_id):
        raise ConfigError(SHARED)


def _pursued(uow: UnitOfWork, person_id: int, as_of: date) -> set[int]:
    """The ids of the contacts in this person's pursuits: all a page may change."""
    return {r.pursuit.contact_id for r in pursuit_rows(uow, as_of=as_of, person=person_id)}


def page_contact(text: str, allowed: set[int]) -> str:
    """``text`` when it is the id of an allowed contact; else the very error a missing
    contact gets (``contacts.find_contact``'s), so a refusal tells nothing."""
    wanted = text.strip()
    if not (wanted.isdecimal() and len(wanted) <= 18 and int(wanted) in allowed):
        raise NotFound(f"no contact {wanted!r} (give an id, a profile URL, e-mail or handle)")
    return wanted

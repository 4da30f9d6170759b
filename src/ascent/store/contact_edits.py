"""Mend what contact resolution got wrong (merge two contacts, split one in two) or confirm
what it guessed right.

Every activity and outcome remembers the identity its contact was recognised by
(``identity_id``), so a split moves exactly the rows that came through the identities it
moves, including rows imported after an earlier merge. Both keep the pursuit rollup true.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update

from ascent.domain.identities import CONFIDENCE
from ascent.store import rollups
from ascent.store.models import Activity, Contact, ContactIdentity, Outcome


def merge_contacts(connection: Connection, org_id: int, *, into: int, other: int) -> None:
    """Move every identity, activity and outcome of ``other`` to ``into``; delete ``other``.

    What ``into`` lacks (company, position, account) is taken from ``other``.
    """
    taken = connection.execute(
        select(Contact.account_id, Contact.company, Contact.position).where(
            Contact.org_id == org_id, Contact.id == other
        )
    ).one()
    connection.execute(
        update(Contact)
        .where(Contact.org_id == org_id, Contact.id == into)
        .values(
            account_id=func.coalesce(Contact.account_id, taken.account_id),
            company=func.coalesce(Contact.company, taken.company),
            position=func.coalesce(Contact.position, taken.position),
        )
    )
    _move_identities(
        connection, org_id, other, into, which=ContactIdentity.contact_id == other, how="merge"
    )
    for model in (Activity, Outcome):
        connection.execute(
            update(model)
            .where(model.org_id == org_id, model.contact_id == other)
            .values(contact_id=into)
        )
    rollups.refresh_contacts(connection, org_id, [into, other])
    connection.execute(delete(Contact).where(Contact.org_id == org_id, Contact.id == other))


def split_contact(
    connection: Connection, org_id: int, *, contact: int, identity_ids: list[int], name: str | None
) -> int:
    """A new contact with the given identities of ``contact`` and the activities and outcomes
    recognised through them; returns its id."""
    new_id: int = connection.execute(
        insert(Contact).values(org_id=org_id, name=name).returning(Contact.id)
    ).scalar_one()
    moved = ContactIdentity.id.in_(identity_ids)
    _move_identities(connection, org_id, contact, new_id, which=moved, how="split")
    for model in (Activity, Outcome):
        connection.execute(
            update(model)
            .where(
                model.org_id == org_id,
                model.contact_id == contact,
                model.identity_id.in_(identity_ids),
            )
            .values(contact_id=new_id)
        )
    rollups.refresh_contacts(connection, org_id, [contact, new_id])
    return new_id


def _move_identities(
    connection: Connection,
    org_id: int,
    source: int,
    target: int,
    *,
    which: ColumnElement[bool],
    how: str,
) -> None:
    connection.execute(
        update(ContactIdentity)
        .where(ContactIdentity.org_id == org_id, ContactIdentity.contact_id == source, which)
        .values(contact_id=target, matched_by=how, confidence=CONFIDENCE[how])
    )


def confirm_contact(connection: Connection, org_id: int, *, contact: int) -> None:
    """A person checked the guessed joins of ``contact``: they are certain now."""
    connection.execute(
        update(ContactIdentity)
        .where(
            ContactIdentity.org_id == org_id,
            ContactIdentity.contact_id == contact,
            ContactIdentity.confidence < 1.0,
        )
        .values(matched_by="confirmed", confidence=CONFIDENCE["confirmed"])
    )

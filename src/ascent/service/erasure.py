"""A person's data is theirs: the person and all that is theirs, erased.

``erase_person`` removes them in the one transaction of a writer's unit of work (it holds
the writer's turn, as an import does), and raises the org's fact version so that the
snapshots of everyone else are recomputed (a shared contact's measures may have moved).
The web asks an admin to type the person's e-mail back first (``erase_confirmed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, or_, select, union, update

from ascent.errors import AscentError
from ascent.service.directory import Who, person_named
from ascent.service.privacy import Whose, table_of, touched, who_is, whose
from ascent.service.snapshots import facts_changed
from ascent.store.models import (
    Activity,
    ActivityDay,
    ApiToken,
    Base,
    Contact,
    ContactDay,
    ContactIdentity,
    ImportBatch,
    Job,
    LoginAttempt,
    Outcome,
    Pause,
    Person,
    ResetToken,
    Snapshot,
    User,
    WebSession,
)
from ascent.store.scope import UnitOfWork

#: how many ids one ``IN (…)`` names when erasing contacts (engines cap bound parameters)
ID_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ErasureView:
    """What ``erase_person`` removed: rows per table."""

    person: str
    removed: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "removed": dict(self.removed)}


@dataclass(frozen=True, slots=True)
class ErasureQuestion:
    """What an admin is asked before an erasure: who, and what to type to confirm it."""

    person_id: int
    person: str
    #: the person's e-mail (their name when they have none), typed back to confirm
    confirm: str

    def to_dict(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "person": self.person, "confirm": self.confirm}


class NotConfirmed(AscentError):
    """An erasure whose confirmation did not name the person."""


def erasure_question(uow: UnitOfWork, *, person: Who) -> ErasureQuestion:
    """Who would be erased, and the text that confirms it."""
    found = person_named(uow, person)
    return ErasureQuestion(found.id, who_is(uow, person=found.id), found.email or found.name)


def erase_confirmed(uow: UnitOfWork, *, person: Who, confirm: str) -> ErasureView:
    """``erase_person`` once ``confirm`` is the person's e-mail (or name), ignoring case."""
    question = erasure_question(uow, person=person)
    if confirm.strip().lower() != question.confirm.lower():
        raise NotConfirmed(f"type {question.confirm} to confirm the erasure: nothing was erased")
    return erase_person(uow, person=question.person_id)


def erase_person(uow: UnitOfWork, *, person: Who) -> ErasureView:
    """Remove ``person`` and everything theirs, in one transaction; commit.

    Gone: their activities, outcomes, pauses, rollups, snapshot, jobs, logins with their
    sessions, one-time links, API tokens and failed logins, their import batches, and every
    contact (with its identities) that nobody else in the org touched. An import batch that
    also brought others' rows (a CRM export of a whole team) stays for them, without its
    person. ``uow`` must be a writer's (it holds the writer's turn, as an import does).
    """
    w = whose(uow, person)
    name = person_named(uow, w.person_id).name
    contacts = _theirs_alone(uow, w)
    removed: dict[str, int] = {}
    for model, which in _erasing(w):
        removed[table_of(model).name] = _delete(uow, model, which)
    removed["contact_identities"] = removed["contacts"] = 0
    for start in range(0, len(contacts), ID_CHUNK):
        chunk = contacts[start : start + ID_CHUNK]
        removed["contact_identities"] += _delete(
            uow, ContactIdentity, ContactIdentity.contact_id.in_(chunk)
        )
        removed["contacts"] += _delete(uow, Contact, Contact.id.in_(chunk))
    removed["import_batches"] = _delete(uow, ImportBatch, _batches_alone(w))
    uow.session.execute(
        update(ImportBatch)
        .where(ImportBatch.org_id == w.org_id, ImportBatch.person_id == w.person_id)
        .values(person_id=None)
        .execution_options(synchronize_session=False)
    )
    removed["users"] = _delete(uow, User, User.person_id == w.person_id)
    removed["people"] = _delete(uow, Person, Person.id == w.person_id)
    facts_changed(uow)
    uow.commit()
    return ErasureView(person=name, removed=removed)


def _erasing(w: Whose) -> list[tuple[type[Base], ColumnElement[bool]]]:
    """What goes before the contacts, the batches, the logins and the person (who the
    rows of these point at)."""
    return [
        (Activity, Activity.person_id == w.person_id),
        (Outcome, Outcome.person_id == w.person_id),
        (ActivityDay, ActivityDay.person_id == w.person_id),
        (ContactDay, ContactDay.person_id == w.person_id),
        (Pause, Pause.person_id == w.person_id),
        (Snapshot, Snapshot.person_id == w.person_id),
        (Job, or_(Job.person_id == w.person_id, Job.user_id.in_(w.user_ids))),
        (WebSession, WebSession.user_id.in_(w.user_ids)),
        (ResetToken, ResetToken.user_id.in_(w.user_ids)),
        (ApiToken, ApiToken.user_id.in_(w.user_ids)),
        (LoginAttempt, LoginAttempt.email.in_(w.emails)),
    ]


def _theirs_alone(uow: UnitOfWork, w: Whose) -> list[int]:
    """The contacts the person touched and nobody else in the org did (read before their
    rows go)."""
    others = union(
        select(Activity.contact_id).where(_others(Activity, w), Activity.contact_id.is_not(None)),
        select(Outcome.contact_id).where(_others(Outcome, w), Outcome.contact_id.is_not(None)),
        select(ContactDay.contact_id).where(_others(ContactDay, w)),
    ).subquery()
    alone = (
        select(Contact.id)
        .where(Contact.org_id == w.org_id, Contact.id.in_(touched(w)))
        .where(~exists().where(others.c[0] == Contact.id))
        .order_by(Contact.id)
    )
    return list(uow.session.scalars(alone))


def _others(model: Any, w: Whose) -> ColumnElement[bool]:
    return (model.org_id == w.org_id) & (model.person_id != w.person_id)  # type: ignore[no-any-return]


def _batches_alone(w: Whose) -> ColumnElement[bool]:
    """The person's import batches that no remaining activity or outcome came from."""
    return (
        (ImportBatch.person_id == w.person_id)
        & ~exists().where(Activity.import_batch_id == ImportBatch.id)
        & ~exists().where(Outcome.import_batch_id == ImportBatch.id)
    )


def _delete(uow: UnitOfWork, model: type[Base], which: ColumnElement[bool]) -> int:
    table = table_of(model)
    result = uow.session.execute(
        delete(model)
        .where(table.c.org_id == uow.scope.org_id, which)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]

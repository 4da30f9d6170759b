"""Orgs, teams and people: the default org and team, and finding people by e-mail or name.

Creating is insert-or-get (``INSERT … ON CONFLICT DO NOTHING``, then read back): two
processes that create the same org, team or person at once both get the one row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from ascent.errors import NotFound
from ascent.store.engine import upsert_insert
from ascent.store.models import Org, Person, Team, stored_text
from ascent.store.scope import UnitOfWork

DEFAULT_ORG = "default"
DEFAULT_TEAM = "Default team"


def ensure_default_org(uow: UnitOfWork) -> Org:
    """The org a single user never has to think about; scopes ``uow`` to it."""
    org = default_org(uow)
    if org is None:
        new = {"slug": DEFAULT_ORG, "name": "My organisation", "store_bodies": False}
        _insert_or_ignore(uow, Org, **new, settings={}, created_at=datetime.now(UTC))
        org = default_org(uow)
        assert org is not None
    uow.scope_to(org.id)
    return org


def default_org(uow: UnitOfWork) -> Org | None:
    return uow.session.scalar(select(Org).where(Org.slug == DEFAULT_ORG))


def team_named(uow: UnitOfWork, name: str | None) -> Team:
    """The team called ``name`` (the default team when None), created if new."""
    wanted = stored_text((name or DEFAULT_TEAM).strip())
    team = _team(uow, wanted)
    if team is None:
        _insert_or_ignore(uow, Team, org_id=uow.org_id, name=wanted)
        team = _team(uow, wanted)
        assert team is not None
    return team


def _team(uow: UnitOfWork, name: str) -> Team | None:
    found = select(Team).where(func.lower(Team.name) == name.lower()).order_by(Team.id)
    return uow.session.scalars(found).first()


def find_person(uow: UnitOfWork, who: str) -> Person | None:
    """A person by e-mail (when ``who`` has an @) or by name, ignoring case."""
    key = stored_text(who.strip().lower())
    column = Person.email if "@" in key else Person.name
    return uow.session.scalars(select(Person).where(func.lower(column) == key)).first()


def person_named(uow: UnitOfWork, who: str) -> Person:
    person = find_person(uow, who)
    if person is None:
        raise NotFound(f"no person {who!r} in this org")
    return person


def ensure_person(uow: UnitOfWork, who: str, *, team: str | None = None) -> Person:
    """The person ``who`` (e-mail or name), created in ``team`` if unknown."""
    person = find_person(uow, who)
    if person is None:
        who = stored_text(who.strip())
        is_email = "@" in who
        _insert_or_ignore(
            uow,
            Person,
            org_id=uow.org_id,
            team_id=team_named(uow, team).id,
            name=who.split("@", maxsplit=1)[0] if is_email else who,
            email=who.lower() if is_email else None,
            role="seller",
        )
        person = find_person(uow, who)
        assert person is not None
    elif team is not None:
        person.team_id = team_named(uow, team).id
    return person


def _insert_or_ignore(uow: UnitOfWork, model: Any, **values: Any) -> None:
    """Insert a row unless one with the same unique key exists (or is being inserted)."""
    uow.session.flush()  # ORM changes first, so the read back sees them
    connection = uow.session.connection()
    insert = upsert_insert(connection, model.__table__).values(**values)
    connection.execute(insert.on_conflict_do_nothing())

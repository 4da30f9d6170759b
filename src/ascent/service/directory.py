"""Orgs, teams and people: the default org and team, and finding people by e-mail or name."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from ascent.errors import NotFound
from ascent.store.models import Org, Person, Team
from ascent.store.scope import UnitOfWork

DEFAULT_ORG = "default"
DEFAULT_TEAM = "Default team"


def ensure_default_org(uow: UnitOfWork) -> Org:
    """The org a single user never has to think about; scopes ``uow`` to it."""
    org = uow.session.scalar(select(Org).where(Org.slug == DEFAULT_ORG))
    if org is None:
        org = Org(slug=DEFAULT_ORG, name="My organisation", created_at=datetime.now(UTC))
        uow.session.add(org)
        uow.session.flush()
    uow.scope_to(org.id)
    return org


def team_named(uow: UnitOfWork, name: str | None) -> Team:
    """The team called ``name`` (the default team when None), created if new."""
    wanted = (name or DEFAULT_TEAM).strip()
    team = uow.session.scalar(select(Team).where(func.lower(Team.name) == wanted.lower()))
    if team is None:
        team = Team(org_id=uow.org_id, name=wanted)
        uow.session.add(team)
        uow.session.flush()
    return team


def find_person(uow: UnitOfWork, who: str) -> Person | None:
    """A person by e-mail (when ``who`` has an @) or by name, ignoring case."""
    key = who.strip().lower()
    column = Person.email if "@" in key else Person.name
    return uow.session.scalar(select(Person).where(func.lower(column) == key))


def person_named(uow: UnitOfWork, who: str) -> Person:
    person = find_person(uow, who)
    if person is None:
        raise NotFound(f"no person {who!r} in this org")
    return person


def ensure_person(uow: UnitOfWork, who: str, *, team: str | None = None) -> Person:
    """The person ``who`` (e-mail or name), created in ``team`` if unknown."""
    person = find_person(uow, who)
    if person is None:
        is_email = "@" in who
        person = Person(
            org_id=uow.org_id,
            team_id=team_named(uow, team).id,
            name=who.split("@", maxsplit=1)[0] if is_email else who.strip(),
            email=who.strip().lower() if is_email else None,
        )
        uow.session.add(person)
        uow.session.flush()
    elif team is not None:
        person.team_id = team_named(uow, team).id
    return person

"""Orgs, teams and people: the org a unit of work acts in, the default team, and finding
people by e-mail or name.

The entry point resolves the org once with ``enter_org`` (through
``ascent.bootstrap.unit_of_work``): a writer first waits for the writer's turn (one writer at a
time per org, see ``take_turn``); a reader never writes and so never waits. Services only
read the scope (``uow.scope``, ``scoped_org``). Creating is insert-or-get
(``INSERT … ON CONFLICT DO NOTHING``, then read back), so that the rows with a unique key
(orgs, teams, people with an e-mail) stay one row even outside a turn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, event, func, select

from ascent.errors import ConfigError, NotFound
from ascent.service.snapshots import facts_changed
from ascent.store.engine import lock_for_writing, upsert_insert
from ascent.store.models import Org, Person, Team, stored_text
from ascent.store.scope import Scope, UnitOfWork

DEFAULT_ORG = "default"
DEFAULT_TEAM = "Default team"
ORG_NAME = "My organisation"
#: told once, with a message to show, when a writer has to wait for another one
Waiting = Callable[[str], None]
WAITING = "waiting for another import (or change) to this database to finish…"


def enter_org(
    uow: UnitOfWork, *, org: str = DEFAULT_ORG, write: bool = False, on_wait: Waiting | None = None
) -> Scope:
    """Resolve the org ``org`` (a slug) once, for the entry point, and scope ``uow`` to it.

    A writer (``write``) first takes the writer's turn, then gets the org or creates it. A
    reader never writes and so never waits: before the org's first import has committed
    there is none yet, and ``uow`` is scoped to an empty stand-in (id 0, never stored), so
    that every scoped query finds nothing.
    """
    if write:
        take_turn(uow, on_wait, org=org)
    row = _org(uow, org)
    if row is None and write:
        new = {"slug": org, "name": ORG_NAME, "store_bodies": False}
        _insert_or_ignore(uow, Org, **new, settings={}, created_at=datetime.now(UTC))
        row = _org(uow, org)
        assert row is not None
    scope = Scope(row.id if row is not None else 0, org)
    uow.scope_to(scope)
    return scope


def scoped_org(uow: UnitOfWork) -> Org:
    """The row of the org ``uow`` is scoped to (its settings), or the reader's stand-in."""
    scope = uow.scope
    found = uow.session.get(Org, scope.org_id) if scope.org_id else None
    return found or Org(id=0, slug=scope.org_slug, name=ORG_NAME, settings={}, store_bodies=False)


def _org(uow: UnitOfWork, slug: str) -> Org | None:
    return uow.session.scalar(select(Org).where(Org.slug == slug))


def take_turn(uow: UnitOfWork, on_wait: Waiting | None = None, *, org: str = DEFAULT_ORG) -> None:
    """Wait for the org's running writer (an import, a merge …), then hold the turn until
    ``uow`` commits or rolls back.

    An import reads the org's contacts, identities and people once and then creates what is
    new, and a merge moves rows an import may be adding to: two writers at once would
    create the same rows twice, break a foreign key, or deadlock. Taking turns makes
    concurrent writers equal sequential ones by construction. The turn is the writer lock of
    ``store.engine.lock_for_writing``: on SQLite the database's (``BEGIN IMMEDIATE``), on
    PostgreSQL an advisory lock on the org. A writer that commits and goes on (the demo's
    imports, a merge that then shows the contact) takes the turn again with each new
    transaction.
    """
    tell = (lambda: on_wait(WAITING)) if on_wait is not None else None

    def take(connection: Connection) -> None:
        lock_for_writing(connection, f"writer:{org}", tell)

    take(uow.session.connection())
    event.listen(uow.session, "after_begin", lambda _session, _tx, connection: take(connection))


def team_named(uow: UnitOfWork, name: str | None) -> Team:
    """The team called ``name`` (the default team when None), created if new."""
    wanted = stored_text((name or DEFAULT_TEAM).strip())
    team = _team(uow, wanted)
    if team is None:
        _insert_or_ignore(uow, Team, org_id=uow.scope.org_id, name=wanted)
        team = _team(uow, wanted)
        assert team is not None
    return team


def find_team(uow: UnitOfWork, name: str) -> Team | None:
    """The team called ``name`` (ignoring case), or None: never creates one."""
    return _team(uow, stored_text(name.strip()))


def team_called(uow: UnitOfWork, name: str | None) -> Team:
    """The team a user named (ignoring case); without a name, the org's only team. Never
    creates one: ``NotFound`` for an unknown name, ``ConfigError`` when a name is needed."""
    if name is None:
        names = team_names(uow)
        if len(names) != 1:
            raise ConfigError(f"name a team with --team: one of {', '.join(names) or '(none yet)'}")
        name = names[0]
    team = find_team(uow, name)
    if team is None:
        raise NotFound(f"no team {name!r} in this org")
    return team


def team_name(uow: UnitOfWork, *, team_id: int) -> str:
    """The name of the org's team ``team_id`` (``NotFound`` when the org has no such team)."""
    name = uow.session.scalar(select(Team.name).where(Team.id == team_id))
    if name is None:
        raise NotFound(f"no team {team_id} in this org")
    return name


def team_names(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(Team.name).order_by(Team.name)))


def _team(uow: UnitOfWork, name: str) -> Team | None:
    found = select(Team).where(func.lower(Team.name) == name.lower()).order_by(Team.id)
    return uow.session.scalars(found).first()


#: who a use case is about: an e-mail or a name as a person types it, or a person's id as a
#: front end that listed people knows it (names are not unique; an id is)
Who = str | int


def find_person(uow: UnitOfWork, who: Who) -> Person | None:
    """A person by id, by e-mail (when ``who`` has an @) or by name, ignoring case."""
    if isinstance(who, int):
        return uow.session.scalars(select(Person).where(Person.id == who)).first()
    key = stored_text(who.strip().lower())
    column = Person.email if "@" in key else Person.name
    found = select(Person).where(func.lower(column) == key).order_by(Person.id)
    return uow.session.scalars(found).first()


def person_named(uow: UnitOfWork, who: Who) -> Person:
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
            org_id=uow.scope.org_id,
            team_id=team_named(uow, team).id,
            name=who.split("@", maxsplit=1)[0] if is_email else who,
            email=who.lower() if is_email else None,
            role="seller",
        )
        person = find_person(uow, who)
        assert person is not None
    elif team is not None and person.team_id != (moved := team_named(uow, team).id):
        person.team_id = moved
        facts_changed(uow, [person.id])  # another team's strategy and start
    return person


def _insert_or_ignore(uow: UnitOfWork, model: Any, **values: Any) -> None:
    """Insert a row unless one with the same unique key exists (or is being inserted)."""
    uow.session.flush()  # ORM changes first, so the read back sees them
    connection = uow.session.connection()
    insert = upsert_insert(connection, model.__table__).values(**values)
    connection.execute(insert.on_conflict_do_nothing())

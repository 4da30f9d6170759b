"""One tenant can never read another's rows through the ORM."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select

from ascent.store.models import Org, Person, Team
from ascent.store.scope import UnitOfWork, UnscopedQueryError


def _org_with_person(engine: Engine, slug: str, person: str) -> int:
    with UnitOfWork(engine) as uow:
        org = Org(slug=slug, name=slug, created_at=datetime(2026, 1, 1, tzinfo=UTC))
        uow.session.add(org)
        uow.session.flush()
        uow.scope_to(org.id)
        team = Team(org_id=org.id, name="T")
        uow.session.add(team)
        uow.session.flush()
        uow.session.add(Person(org_id=org.id, team_id=team.id, name=person, email=None))
        uow.commit()
        return org.id


def test_queries_see_only_their_own_org(engine: Engine) -> None:
    a = _org_with_person(engine, "a", "Ada")
    b = _org_with_person(engine, "b", "Bea")
    with UnitOfWork(engine, a) as uow:
        assert uow.session.scalars(select(Person.name)).all() == ["Ada"]
    with UnitOfWork(engine, b) as uow:
        assert uow.session.scalars(select(Person.name)).all() == ["Bea"]
        joined = select(Person.name, Team.name).join(Team, Team.id == Person.team_id)
        assert uow.session.execute(joined).all() == [("Bea", "T")]


def test_unscoped_session_cannot_read_scoped_tables(engine: Engine) -> None:
    _org_with_person(engine, "a", "Ada")
    with UnitOfWork(engine) as uow:
        assert uow.session.scalars(select(Org.slug)).all() == ["a"]
        with pytest.raises(UnscopedQueryError):
            uow.session.scalars(select(Person)).all()


def test_leaving_without_commit_rolls_back(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        uow.session.add(Org(slug="x", name="x", created_at=datetime(2026, 1, 1, tzinfo=UTC)))
        uow.session.flush()
    with UnitOfWork(engine) as uow:
        assert uow.session.scalars(select(Org)).all() == []

"""Who may see what (DESIGN §7): a seller their own data, a lead their team, an admin the org.

The web app asks these before it calls a use case; an answer of no is shown exactly as a
thing that does not exist, so that nobody learns what exists in someone else's team.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select, true

from ascent.store.models import Person, Team
from ascent.store.scope import UnitOfWork


@dataclass(frozen=True, slots=True)
class Viewer:
    """The acting user as visibility needs them: role, own person, own team."""

    role: str
    person_id: int | None
    team_id: int | None


def may_see_person(uow: UnitOfWork, viewer: Viewer, person_id: int) -> bool:
    """A seller sees themself, a lead the people of their team, an admin everyone in the org
    (``sees_person``); nobody sees a person who does not exist."""
    found = select(Person.id).where(Person.id == person_id, sees_person(viewer))
    return uow.session.scalar(found) is not None


def may_see_team(uow: UnitOfWork, viewer: Viewer, team_id: int, *, members: bool) -> bool:
    """A lead sees their own team, an admin every team; with ``members`` a seller sees their
    own team's shared pages too (its strategy), never its other people's figures."""
    if uow.session.scalar(select(Team.id).where(Team.id == team_id)) is None:
        return False
    if viewer.role == "admin":
        return True
    if viewer.role == "lead":
        return team_id == viewer.team_id
    return members and team_id == viewer.team_id


@dataclass(frozen=True, slots=True)
class TeamRef:
    id: int
    name: str

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name}


def visible_teams(uow: UnitOfWork, viewer: Viewer) -> list[TeamRef]:
    """The teams whose pages ``viewer`` may open, by name."""
    found = select(Team.id, Team.name).order_by(Team.name, Team.id)
    if viewer.role != "admin":
        found = found.where(Team.id == viewer.team_id)
    return [TeamRef(id_, name) for id_, name in uow.session.execute(found)]


def home_path(uow: UnitOfWork, role: str, person_id: int | None, team_id: int | None) -> str:
    """Where a user's home is: a seller's own plan, a lead's team, an admin's first team."""
    if role == "seller" and person_id is not None:
        return f"/seller/{person_id}"
    if role == "lead" and team_id is not None:
        return f"/team/{team_id}"
    teams = visible_teams(uow, Viewer(role, person_id, team_id))
    return f"/team/{teams[0].id}" if teams else "/imports"


def sees_person(viewer: Viewer) -> ColumnElement[bool]:
    """Who ``viewer`` may see, as a condition on ``Person`` rows: everyone (admin), the
    team's people (lead), themself (seller). The one place these rules are written."""
    if viewer.role == "admin":
        return true()
    if viewer.role == "lead":
        return Person.team_id == viewer.team_id
    return Person.id == viewer.person_id


def visible_person_ids(uow: UnitOfWork, viewer: Viewer, *, team_id: int | None = None) -> list[int]:
    """The ids of the people ``viewer`` may see (of ``team_id`` when given), in order: what a
    paged list cuts its page from before anything is measured."""
    query = select(Person.id).where(sees_person(viewer))
    if team_id is not None:
        query = query.where(Person.team_id == team_id)
    return list(uow.session.scalars(query.order_by(Person.id)))

"""One person alone on their own machine: no login to make before they see their pages.

``ascent serve`` on this machine's loopback address lets such a database in without a login
(and every page says so). It stops as soon as the database holds a second person or any
login: from then on everyone logs in.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ascent.service.users import UserView
from ascent.store.models import Person, Team, User
from ascent.store.scope import UnitOfWork

#: the stand-in login's id: no stored login has it
STAND_IN = 0


def lone_seller(uow: UnitOfWork) -> UserView | None:
    """The only person of an org that has no login, as a seller's login; else None."""
    if uow.session.scalar(select(func.count()).select_from(User)):
        return None
    people = uow.session.execute(
        select(Person, Team).join(Team, Team.id == Person.team_id).limit(2)
    )
    found = people.all()
    if len(found) != 1:
        return None
    person, team = found[0]
    email = person.email or ""
    return UserView(STAND_IN, email, "seller", person.name, person.id, team.id, team.name)

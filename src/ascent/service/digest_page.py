"""The weekly digest's web page (``/digest``): the logged-in user's own digest as of a day,
whether they get it, and turning it off or on for them.

A seller login sees the digest of its person (a seller's, or a lead's for a person whose
role is ``lead``), a lead login their team's (``LeadDigest``, team figures hidden below the
org's ``k_anonymity`` exactly as in the e-mail: the same ``team_home``); an admin gets no
digest and is told why. The flag is the one ``ascent digest off|on`` sets (``set_digest``
on the login's e-mail), and the login's own person too when its e-mail differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import select

from ascent.service.digest import (
    Digest,
    LeadDigest,
    Recipient,
    seller_digest,
    set_digest,
    week_outcomes,
)
from ascent.service.team_home import team_home
from ascent.service.users import UserView
from ascent.store.models import Person, Team, User
from ascent.store.scope import UnitOfWork

#: what an admin without a team or a person of their own reads instead of a digest
NO_DIGEST: Final = (
    "The weekly digest goes to sellers (their week and today's plan) and to leads (their "
    "team): an admin without a team or a person of their own gets none."
)


@dataclass(frozen=True)
class DigestPage:
    """The user's digest (None for an admin) and whether they turned it off."""

    as_of: date
    digest: Digest | None
    digest_off: bool
    #: why there is no digest (an admin), else None
    why: str | None = None

    @property
    def kind(self) -> str | None:
        return None if self.digest is None else self.digest.recipient.kind

    def to_dict(self) -> dict[str, Any]:
        if self.digest is None:
            return {"to": None, "as_of": self.as_of.isoformat(), "why": self.why} | {
                "digest_off": self.digest_off
            }
        return self.digest.to_dict() | {"digest_off": self.digest_off}


def digest_page(uow: UnitOfWork, *, user: UserView, as_of: date) -> DigestPage:
    """The digest ``user`` gets as of ``as_of``, as ``ascent digest send`` would draw it."""
    person = _person(uow, user.person_id)
    recipient = _recipient(uow, user, person)
    off = digest_off(uow, user=user)
    if recipient is None:
        return DigestPage(as_of, None, off, NO_DIGEST)
    if recipient.kind == "seller":
        return DigestPage(as_of, seller_digest(uow, recipient=recipient, as_of=as_of), off)
    home = team_home(uow, team_id=recipient.team_id, as_of=as_of)
    outcomes = week_outcomes(uow, team_id=recipient.team_id, as_of=as_of)
    return DigestPage(as_of, LeadDigest(recipient, as_of, home, outcomes), off)


def digest_off(uow: UnitOfWork, *, user: UserView) -> bool:
    """Whether ``user`` turned the digest off: their login's flag or their person's."""
    login = uow.session.scalars(select(User).where(User.id == user.id)).one()
    person = _person(uow, user.person_id)
    return bool(login.digest_off or (person is not None and person.digest_off))


def turn_digest(uow: UnitOfWork, *, user: UserView, off: bool) -> dict[str, Any]:
    """Turn the digest off (or on) for ``user`` as ``ascent digest off|on <e-mail>`` does,
    and for the login's own person as well; commit."""
    done = set_digest(uow, who=user.email, off=off)
    person = _person(uow, user.person_id)
    if person is not None and person.digest_off != off:
        person.digest_off = off
        uow.commit()
    return done


def _person(uow: UnitOfWork, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    return uow.session.scalars(select(Person).where(Person.id == person_id)).one_or_none()


def _recipient(uow: UnitOfWork, user: UserView, person: Person | None) -> Recipient | None:
    """The user as the digest's recipient: their person (seller, or lead by role), or a lead
    login's team; None for an admin."""
    if person is not None and person.role != "admin":
        kind = "lead" if person.role == "lead" else "seller"
        email = person.email or user.email
        return Recipient(
            email, person.name, kind, person.team_id, _team(uow, person.team_id), person.id
        )
    if user.role == "lead" and user.team_id is not None:
        team = _team(uow, user.team_id)
        return Recipient(user.email, user.name, "lead", user.team_id, team)
    return None


def _team(uow: UnitOfWork, team_id: int) -> str:
    return uow.session.scalars(select(Team.name).where(Team.id == team_id)).one()

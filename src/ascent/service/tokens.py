"""Bearer tokens of the REST API (``ascent tokens create|list|revoke``).

- A token is ``asc_`` and 32 random bytes (URL-safe); only its SHA-256 is stored, with its
  first ``PREFIX_CHARS`` characters to tell tokens apart, so a copy of the database opens
  nothing. The raw token is shown once, when it is made.
- A token acts as a user of the org (``--person P``: that person's seller login; ``--user
  EMAIL``), with their role and visibility, or, with neither, as the org's admin.
- ``scope`` ``read`` may only read; ``write`` may also change things.
- ``last_used_at`` is written at most once a ``TOUCH_EVERY`` per token, so that a read
  stays a read (and never waits behind an import: a touch that would is skipped).
- **Clock**: every function reads the time from ``now()``, which tests replace.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import OperationalError

from ascent.errors import ConfigError, NotFound
from ascent.service.directory import person_named
from ascent.service.users import UserView, list_users
from ascent.store.engine import SQLITE_BUSY_SECONDS
from ascent.store.models import ApiToken, Person, Team, User, stored_text
from ascent.store.scope import UnitOfWork

SCOPES = ("read", "write")
TOKEN_START = "asc_"  # noqa: S105 - what every token starts with, not a secret
PREFIX_CHARS = 12
TOUCH_EVERY = timedelta(minutes=1)
NAME_CHARS = 200
#: the ``UserView.id`` of the org's admin a token without a login acts as: no ``users`` row
#: has it, so store ``TokenUser.user_id`` (None for it), never this, in a ``user_id`` column
ORG_ADMIN_ID = 0


def now() -> datetime:
    """The current time (UTC); the one clock of this module, replaced by tests."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TokenView:
    """A token as it is listed: never the token itself nor its hash."""

    id: int
    name: str
    scope: str
    prefix: str
    #: the e-mail of the login it acts as; None: the org's admin
    user: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return None if moment is None else _aware(moment).isoformat()

        return {
            "id": self.id,
            "name": self.name,
            "scope": self.scope,
            "prefix": self.prefix,
            "user": self.user,
            "created_at": iso(self.created_at),
            "last_used_at": iso(self.last_used_at),
            "revoked_at": iso(self.revoked_at),
        }


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just made: the raw ``token`` is in here, and nowhere else, ever."""

    token: str
    view: TokenView

    def to_dict(self) -> dict[str, Any]:
        return {"token": self.token, **self.view.to_dict()}


@dataclass(frozen=True, slots=True)
class TokenUser:
    """Who a request's token acts as, and what it may do."""

    user: UserView
    scope: str
    token_id: int

    @property
    def may_write(self) -> bool:
        return self.scope == "write"

    @property
    def user_id(self) -> int | None:
        """The login's id for a ``user_id`` column; None for the org's admin stand-in."""
        return None if self.user.id == ORG_ADMIN_ID else self.user.id


def create_token(
    uow: UnitOfWork,
    *,
    scope: str,
    person: str | None = None,
    user: str | None = None,
    name: str | None = None,
) -> NewToken:
    """A new token acting as ``person``'s seller login, the login ``user``, or (neither) the
    org's admin; commits. The raw token is returned here only."""
    if scope not in SCOPES:
        raise ConfigError(f"scope {scope!r}: use one of {', '.join(SCOPES)}")
    if person is not None and user is not None:
        raise ConfigError("give --person or --user, not both")
    acting = _acting_user(uow, person=person, email=user)
    raw = TOKEN_START + secrets.token_urlsafe(32)
    row = ApiToken(
        org_id=uow.scope.org_id,
        user_id=acting.id if acting is not None else None,
        name=stored_text((name or "").strip())[:NAME_CHARS] or f"token {raw[:PREFIX_CHARS]}",
        scope=scope,
        token_hash=_digest(raw),
        prefix=raw[:PREFIX_CHARS],
        created_at=now(),
    )
    uow.session.add(row)
    uow.session.flush()
    view = _view(row, acting.email if acting is not None else None)
    uow.commit()
    return NewToken(raw, view)


def list_tokens(uow: UnitOfWork) -> list[TokenView]:
    """Every token of the org (revoked ones too), oldest first."""
    found = select(ApiToken, User.email).outerjoin(User, User.id == ApiToken.user_id)
    rows = uow.session.execute(found.order_by(ApiToken.id))
    return [_view(token, email) for token, email in rows]


def revoke_token(uow: UnitOfWork, *, token_id: int) -> TokenView:
    """End the token ``token_id`` (once: revoking again keeps the first time); commits."""
    token = uow.session.scalars(select(ApiToken).where(ApiToken.id == token_id)).first()
    if token is None:
        raise NotFound(f"no token {token_id} in this org")
    if token.revoked_at is None:
        token.revoked_at = now()
    email = _email(uow, token.user_id)
    view = _view(token, email)
    uow.commit()
    return view


def token_user(uow: UnitOfWork, *, raw: str) -> TokenUser | None:
    """Who the token ``raw`` acts as, or None (unknown, revoked, or its login is gone).

    Records its use (see ``TOUCH_EVERY`` and ``_touch``): a reader's unit of work commits
    that alone, before the request reads anything else.
    """
    if not raw.startswith(TOKEN_START) or len(raw) > 100:
        return None
    found = select(ApiToken).where(
        ApiToken.token_hash == _digest(raw), ApiToken.revoked_at.is_(None)
    )
    token = uow.session.scalars(found).first()
    if token is None:
        return None
    acting = _admin() if token.user_id is None else _user_view(uow, token.user_id)
    if acting is None:
        return None
    _touch(uow, token)
    return TokenUser(acting, token.scope, token.id)


def _touch(uow: UnitOfWork, token: ApiToken) -> None:
    """Set ``last_used_at`` when it is older than ``TOUCH_EVERY``.

    A writer's unit of work holds the writer's turn: the touch commits with its change. A
    reader's commits the touch alone, and skips it rather than wait when an import holds
    SQLite's one writer lock (the busy timeout is otherwise an import long).
    """
    at = now()
    last = token.last_used_at
    if last is not None and at - _aware(last) < TOUCH_EVERY:
        return
    stale = or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < at - TOUCH_EVERY)
    touch = update(ApiToken).where(ApiToken.id == token.id, stale).values(last_used_at=at)
    options = {"synchronize_session": False}
    if uow.writer:
        uow.session.execute(touch, execution_options=options)
        return
    sqlite = uow.session.get_bind().dialect.name == "sqlite"
    try:
        if sqlite:
            uow.session.connection().exec_driver_sql("PRAGMA busy_timeout=0")
        uow.session.execute(touch, execution_options=options)
        uow.commit()
    except OperationalError:
        uow.session.rollback()
    finally:
        if sqlite:
            wait = SQLITE_BUSY_SECONDS * 1000
            uow.session.connection().exec_driver_sql(f"PRAGMA busy_timeout={wait}")


def _acting_user(uow: UnitOfWork, *, person: str | None, email: str | None) -> UserView | None:
    """The login a new token acts as: a person's seller login, a login by e-mail, or None."""
    if person is not None:
        who = person_named(uow, int(person) if person.isdecimal() else person)
        for each in list_users(uow):
            if each.person_id == who.id and each.role == "seller":
                return each
        raise NotFound(f"{person!r} has no seller login (add one: ascent users add)")
    if email is not None:
        key = stored_text(email.strip().lower())
        for each in list_users(uow):
            if each.email == key:
                return each
        raise NotFound(f"no login {email!r} in this org")
    return None


def _user_view(uow: UnitOfWork, user_id: int) -> UserView | None:
    """The login ``user_id`` as ``service.users`` shows it (a seller's team: their person's)."""
    team_id = func.coalesce(Person.team_id, User.team_id)
    found = (
        select(User, Person, Team)
        .outerjoin(Person, Person.id == User.person_id)
        .outerjoin(Team, Team.id == team_id)
        .where(User.id == user_id)
    )
    row = uow.session.execute(found).first()
    if row is None:
        return None
    user, person, team = row
    name = person.name if person is not None else user.name
    team_ref = (team.id, team.name) if team is not None else (None, None)
    return UserView(user.id, user.email, user.role, name, user.person_id, *team_ref)


def _admin() -> UserView:
    """The org's admin a token without a login acts as (made on the server's command line)."""
    return UserView(ORG_ADMIN_ID, "", "admin", "org admin", None, None)


def _email(uow: UnitOfWork, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return uow.session.scalar(select(User.email).where(User.id == user_id))


def _view(token: ApiToken, email: str | None) -> TokenView:
    return TokenView(
        token.id,
        token.name,
        token.scope,
        token.prefix,
        email,
        _aware(token.created_at),
        token.last_used_at and _aware(token.last_used_at),
        token.revoked_at and _aware(token.revoked_at),
    )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """``moment`` in UTC: SQLite gives back the UTC times it stored without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

"""Logins, roles, server-side sessions and login throttling (issue 9, item 7).

- **Roles**: a ``seller`` is one of the org's people (their team is that person's), a ``lead``
  has a team, an ``admin`` sees the whole org (``service.visibility``).
- **Passwords** are argon2id hashes (argon2-cffi's defaults, ``HASHER``); a hash made with
  older parameters is replaced at the next login. A login starts without a password: it is
  set through a one-time link (``reset_link``), so no password travels by mail or terminal.
- **Tokens** (sessions, reset links) are 32 random bytes; only their SHA-256 is stored, so a
  copy of the database opens no session and sets no password. A session ends when it is
  revoked (log-out, a reset link, a new password) or ``SESSION_LIFETIME`` after the login:
  reading a page never writes (it would wait behind a running import).
- **Throttling** counts failed logins in the database, so several web workers share one
  count: at most ``EMAIL_FAILURES`` per e-mail and ``CLIENT_FAILURES`` per client (IP) in
  ``THROTTLE_WINDOW``. A throttled attempt is refused without counting, so that nobody
  keeps someone else locked out by trying now and then; the door opens once the failures
  fall out of the window.
- **One refusal**: a wrong password, an unknown e-mail and a login without a password all
  give ``REFUSED``, after the same argon2 work, so that nobody learns who has a login.
- **Clock**: every function reads the time from ``now()``, which tests replace.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute

from ascent.errors import AscentError, ConfigError, NotFound
from ascent.service.directory import find_person, find_team, team_names
from ascent.store.models import (
    LoginAttempt,
    Person,
    ResetToken,
    Team,
    User,
    WebSession,
    stored_text,
)
from ascent.store.scope import UnitOfWork

ROLES = ("seller", "lead", "admin")
REFUSED = "wrong e-mail or password"
LINK_INVALID = "this link is not valid any more"
#: how long a session lasts after the login
SESSION_LIFETIME = timedelta(days=14)
RESET_VALID = timedelta(hours=24)
THROTTLE_WINDOW = timedelta(minutes=15)
EMAIL_FAILURES = 5
#: per client (IP): higher, because an office shares one address
CLIENT_FAILURES = 20
CLIENT_CHARS = 100
HASHER = PasswordHasher()


def now() -> datetime:
    """The current time (UTC); the one clock of this module, replaced by tests."""
    return datetime.now(UTC)


class LoginRefused(AscentError):
    """A login (or a reset link) that does not open: one message whatever was wrong."""


class LoginThrottled(AscentError):
    """Too many failed logins for this e-mail or client: try again later."""


@dataclass(frozen=True)
class UserView:
    """A login as front ends see it; never any hash."""

    id: int
    email: str
    role: str
    name: str
    #: a seller's own person
    person_id: int | None
    #: a lead's team; a seller's person's team; None for an admin
    team_id: int | None
    #: the name of ``team_id``
    team: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def add_user(
    uow: UnitOfWork, *, email: str, role: str, team: str | None = None, password: str | None = None
) -> UserView:
    """Add a login, or update the one with this e-mail (role, team, password); commits."""
    user = _put_user(uow, email=email, role=role, team=team, password=password)
    uow.commit()
    return _view_of(uow, user.id)


def list_users(uow: UnitOfWork) -> list[UserView]:
    """Every login of the org, by e-mail."""
    return [_view(*row) for row in uow.session.execute(_views().order_by(User.email))]


def reset_link(uow: UnitOfWork, *, email: str, base_url: str) -> str:
    """A one-time link to set the password, valid ``RESET_VALID``; commits.

    It ends the user's sessions and every older link: whoever asks for a new password may
    be locking someone out.
    """
    user = _user(uow, _email_key(email))
    if user is None:
        raise NotFound(f"no login {email!r} in this org")
    at = now()
    _revoke_sessions(uow, user.id, at)
    _use_links(uow, ResetToken.user_id == user.id, at)
    token = secrets.token_urlsafe(32)
    uow.session.add(
        ResetToken(
            org_id=uow.scope.org_id,
            user_id=user.id,
            token_hash=_digest(token),
            created_at=at,
            expires_at=at + RESET_VALID,
        )
    )
    uow.commit()
    return f"{base_url.rstrip('/')}/reset/{token}"


def use_reset(uow: UnitOfWork, *, token: str, password: str) -> UserView:
    """Set the password through a link of ``reset_link``, once; commits."""
    _check_password(password)  # before the link is spent: a refused password keeps it
    at = now()
    found = select(ResetToken.id, ResetToken.user_id).where(
        ResetToken.token_hash == _digest(token), ResetToken.expires_at > at
    )
    row = uow.session.execute(found).first()
    # the update is the check: of two uses at once, one finds the link used
    if row is None or not _use_links(uow, ResetToken.id == row.id, at):
        raise LoginRefused(LINK_INVALID)
    user = uow.session.get_one(User, row.user_id)
    _set_password(uow, user, password, at)
    uow.commit()
    return _view_of(uow, user.id)


def log_in(uow: UnitOfWork, *, email: str, password: str, client: str) -> tuple[UserView, str]:
    """The user and a new session's token for a right e-mail and password; commits.

    A failed attempt is recorded and committed before the error is raised, so it counts in
    every worker.
    """
    at, key, client = now(), _email_key(email), stored_text(client)[:CLIENT_CHARS]
    if not uow.scope.org_id:  # the org has no row yet, so no login, nor a place to count
        _verify(None, password)
        raise LoginRefused(REFUSED)
    wait = _throttled_for(uow, key, client, at)
    if wait is not None:
        minutes = _minutes(wait)
        unit = "minute" if minutes == 1 else "minutes"
        raise LoginThrottled(f"too many failed logins; try again in {minutes} {unit}")
    user = _user(uow, key)
    if user is None or not _verify(user.password_hash, password):
        _record_failure(uow, key, client, at)
        raise LoginRefused(REFUSED)
    if HASHER.check_needs_rehash(user.password_hash or ""):
        user.password_hash = HASHER.hash(password)
    token = secrets.token_urlsafe(32)
    row = WebSession(org_id=uow.scope.org_id, user_id=user.id, token_hash=_digest(token))
    row.created_at = row.last_seen_at = at
    uow.session.add(row)
    _forget_old_failures(uow, at)
    uow.commit()
    return _view_of(uow, user.id), token


def session_user(uow: UnitOfWork, *, token: str) -> UserView | None:
    """The user of a live session, or None (unknown, revoked or too old); never writes."""
    found = select(WebSession.user_id).where(
        WebSession.token_hash == _digest(token),
        WebSession.revoked_at.is_(None),
        WebSession.created_at > now() - SESSION_LIFETIME,
    )
    user_id = uow.session.scalars(found).first()
    return None if user_id is None else _view_of(uow, user_id)


def log_out(uow: UnitOfWork, *, token: str) -> None:
    """End the session of ``token`` (nothing happens for an unknown one); commits."""
    _revoke(uow, WebSession.token_hash == _digest(token), now())
    uow.commit()


def _put_user(
    uow: UnitOfWork, *, email: str, role: str, team: str | None, password: str | None
) -> User:
    """``add_user`` without the commit: the row of ``email``, made or updated."""
    key = _email_key(email)
    if "@" not in key:
        raise ConfigError(f"{email!r} is not an e-mail address")
    person_id, team_id = _placement(uow, key, role, team)
    user = _user(uow, key)
    if user is None:
        user = User(org_id=uow.scope.org_id, email=key, created_at=now())
        uow.session.add(user)
    user.role, user.person_id, user.team_id = role, person_id, team_id
    user.name = key.split("@", 1)[0]
    uow.session.flush()  # the id, for the sessions a new password ends
    if password is not None:
        _set_password(uow, user, password, now())
    return user


def _placement(
    uow: UnitOfWork, key: str, role: str, team: str | None
) -> tuple[int | None, int | None]:
    """(person_id, team_id) of a login in ``role``: the rules of each role, as errors."""
    if role not in ROLES:
        raise ConfigError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if role == "lead":
        if not team:
            raise ConfigError("a lead needs a team (--team)")
        found = find_team(uow, team)
        if found is None:  # a typo must not make an empty team
            known = ", ".join(team_names(uow)) or "none yet"
            raise NotFound(f"no team {team!r} in this org (teams: {known})")
        return None, found.id
    if team is not None:
        raise ConfigError(f"a login with the role {role} takes no team; only a lead has one")
    if role == "admin":
        return None, None
    person = find_person(uow, key)
    if person is None:
        raise NotFound(f"no person with the e-mail {key!r} in this org (a seller is one)")
    return person.id, None


def _set_password(uow: UnitOfWork, user: User, password: str, at: datetime) -> None:
    """Hash and keep ``password``; the sessions opened with the old one end."""
    _check_password(password)
    user.password_hash = HASHER.hash(password)
    _revoke_sessions(uow, user.id, at)


def _check_password(password: str) -> None:
    if not password:
        raise ConfigError("a password cannot be empty")


def _verify(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; without a hash the same argon2 work is spent
    on a stand-in, so that an unknown e-mail takes as long as a wrong password."""
    try:
        HASHER.verify(stored or _stand_in(HASHER), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


@lru_cache(maxsize=4)
def _stand_in(hasher: PasswordHasher) -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def _throttled_for(uow: UnitOfWork, key: str, client: str, at: datetime) -> timedelta | None:
    """How long until a login for ``key`` from ``client`` may be tried, or None if now.

    The door opens when fewer than the limit of failures are left in the window: when the
    limit-th newest of them leaves it (a throttled attempt is not counted).
    """
    waits = [
        _wait(uow, LoginAttempt.email, key, EMAIL_FAILURES, at),
        _wait(uow, LoginAttempt.client, client, CLIENT_FAILURES, at),
    ]
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


def _wait(
    uow: UnitOfWork, column: InstrumentedAttribute[str], value: str, limit: int, at: datetime
) -> timedelta | None:
    newest = (
        select(LoginAttempt.at)
        .where(column == value, LoginAttempt.at > at - THROTTLE_WINDOW)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    )
    times = [_aware(t) for t in uow.session.scalars(newest)]
    if len(times) < limit:
        return None
    return times[limit - 1] + THROTTLE_WINDOW - at


def _minutes(wait: timedelta) -> int:
    return max(1, math.ceil(wait / timedelta(minutes=1)))


def _record_failure(uow: UnitOfWork, key: str, client: str, at: datetime) -> None:
    """Count a failed login, committed at once: the caller raises next."""
    uow.session.add(LoginAttempt(org_id=uow.scope.org_id, email=key, client=client, at=at))
    _forget_old_failures(uow, at)
    uow.commit()


def _forget_old_failures(uow: UnitOfWork, at: datetime) -> None:
    """Failures older than the window count no more: the table stays small."""
    old = delete(LoginAttempt).where(LoginAttempt.at <= at - THROTTLE_WINDOW)
    uow.session.execute(old, execution_options={"synchronize_session": False})


def _revoke_sessions(uow: UnitOfWork, user_id: int, at: datetime) -> None:
    _revoke(uow, WebSession.user_id == user_id, at)


def _revoke(uow: UnitOfWork, which: ColumnElement[bool], at: datetime) -> None:
    ending = update(WebSession).where(which, WebSession.revoked_at.is_(None))
    uow.session.execute(
        ending.values(revoked_at=at), execution_options={"synchronize_session": False}
    )


def _use_links(uow: UnitOfWork, which: ColumnElement[bool], at: datetime) -> bool:
    """Mark the unused links ``which`` as used; whether there was one."""
    using = update(ResetToken).where(which, ResetToken.used_at.is_(None)).values(used_at=at)
    result = uow.session.execute(using, execution_options={"synchronize_session": False})
    return bool(getattr(result, "rowcount", 0))


def _user(uow: UnitOfWork, key: str) -> User | None:
    return uow.session.scalars(select(User).where(User.email == key)).first()


def _views() -> Select[User, Person, Team]:
    """Users with their person and team: a seller's team is their person's current one."""
    team_id = func.coalesce(Person.team_id, User.team_id)
    return (
        select(User, Person, Team)
        .outerjoin(Person, Person.id == User.person_id)
        .outerjoin(Team, Team.id == team_id)
    )


def _view_of(uow: UnitOfWork, user_id: int) -> UserView:
    return _view(*uow.session.execute(_views().where(User.id == user_id)).one())


def _view(user: User, person: Person | None, team: Team | None) -> UserView:
    name = person.name if person is not None else user.name
    team_id, team_name = (team.id, team.name) if team is not None else (None, None)
    return UserView(user.id, user.email, user.role, name, user.person_id, team_id, team_name)


def _email_key(email: str) -> str:
    """An e-mail as logins are found by: trimmed, lower case, without control characters."""
    return stored_text(email.strip().lower())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """``moment`` in UTC: SQLite gives back the UTC times it stored without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

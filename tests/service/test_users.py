"""Logins, roles, sessions and throttling (``service.users``), on a fake clock and a cheap
argon2, against the real store (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import ConfigError, NotFound
from ascent.service import users
from ascent.service.demo import demo_logins
from ascent.service.directory import ensure_person
from ascent.service.users import (
    LoginRefused,
    LoginThrottled,
    UserView,
    add_user,
    list_users,
    log_in,
    log_out,
    reset_link,
    session_user,
    use_reset,
)
from ascent.store.models import LoginAttempt, ResetToken, User, WebSession
from ascent.store.scope import UnitOfWork

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ADA = "ada@north.example"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
REFUSED = "wrong e-mail or password"
BASE = "http://127.0.0.1:8000"


class Clock:
    """The one clock of ``service.users``, set by the test."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    monkeypatch.setattr(users, "HASHER", CHEAP)
    fake = Clock()
    monkeypatch.setattr(users, "now", fake)
    return fake


@contextmanager
def _in(engine: Engine, org: str = "north") -> Iterator[UnitOfWork]:
    with scoped_unit_of_work(engine, org=org, write=True) as uow:
        yield uow


@pytest.fixture
def north(engine: Engine) -> Engine:
    """Org north: Ada, a seller of Team North, with the password "right"."""
    with _in(engine) as uow:
        ensure_person(uow, "Ada@North.example", team="Team North")
        uow.commit()
        add_user(uow, email=ADA, role="seller", password="right")
    return engine


def _refused(uow: UnitOfWork, email: str, password: str, client: str = "10.0.0.1") -> str:
    with pytest.raises(LoginRefused) as caught:
        log_in(uow, email=email, password=password, client=client)
    return str(caught.value)


def _throttled(uow: UnitOfWork, email: str, password: str, client: str = "10.0.0.1") -> str:
    with pytest.raises(LoginThrottled) as caught:
        log_in(uow, email=email, password=password, client=client)
    return str(caught.value)


def _count(uow: UnitOfWork, model: type[object]) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_add_user_is_idempotent_and_updates_role_and_team(engine: Engine) -> None:
    with _in(engine) as uow:
        ensure_person(uow, ADA, team="Team North")
        ensure_person(uow, "bo@south.example", team="Team South")
        uow.commit()
        first = add_user(uow, email=" ADA@north.example ", role="seller")
        again = add_user(uow, email=ADA, role="seller")
        lead = add_user(uow, email=ADA, role="lead", team="Team South")
        admin = add_user(uow, email=ADA, role="admin")
        assert _count(uow, User) == 1
    assert first == again == UserView(1, ADA, "seller", "ada", 1, 1, "Team North")
    assert lead == UserView(1, ADA, "lead", "ada", None, 2, "Team South")
    assert admin == UserView(1, ADA, "admin", "ada", None, None, None)


def test_a_seller_is_one_of_the_people_and_their_team_follows_the_person(engine: Engine) -> None:
    with _in(engine) as uow:
        person = ensure_person(uow, "Ada Lovelace", team="Team North")
        person.email = ADA
        uow.commit()
        add_user(uow, email=ADA, role="seller")
        ensure_person(uow, ADA, team="Team South")
        uow.commit()
        assert list_users(uow) == [UserView(1, ADA, "seller", "Ada Lovelace", 1, 2, "Team South")]


@pytest.mark.parametrize(
    ("email", "role", "team", "error", "message"),
    [
        (ADA, "boss", None, ConfigError, "role 'boss': use one of seller, lead, admin"),
        (ADA, "lead", None, ConfigError, "a lead needs a team (--team)"),
        (
            ADA,
            "admin",
            "Team North",
            ConfigError,
            "a login with the role admin takes no team; only a lead has one",
        ),
        (
            ADA,
            "seller",
            "Team North",
            ConfigError,
            "a login with the role seller takes no team; only a lead has one",
        ),
        (
            "bob@north.example",
            "seller",
            None,
            NotFound,
            "no person with the e-mail 'bob@north.example' in this org (a seller is one)",
        ),
        ("bob", "admin", None, ConfigError, "'bob' is not an e-mail address"),
    ],
)
def test_roles_are_checked(
    engine: Engine,
    email: str,
    role: str,
    team: str | None,
    error: type[Exception],
    message: str,
) -> None:
    with _in(engine) as uow:
        ensure_person(uow, ADA, team="Team North")
        uow.commit()
        with pytest.raises(error) as caught:
            add_user(uow, email=email, role=role, team=team)
        uow.session.rollback()
        assert (str(caught.value), _count(uow, User)) == (message, 0)


def test_log_in_opens_a_session_and_every_refusal_reads_the_same(north: Engine) -> None:
    with _in(north) as uow:
        add_user(uow, email="admin@north.example", role="admin")  # no password yet
        user, token = log_in(uow, email="ADA@north.example ", password="right", client="10.0.0.1")
        assert user == UserView(1, ADA, "seller", "Ada", 1, 1, "Team North")
        assert session_user(uow, token=token) == user
        assert len(token) == 43
        stored = uow.session.scalars(select(WebSession.token_hash)).all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]
        messages = {
            _refused(uow, ADA, "wrong"),
            _refused(uow, "nobody@north.example", "right"),
            _refused(uow, "admin@north.example", ""),
        }
        assert messages == {REFUSED}
        assert session_user(uow, token="not-a-token") is None


def test_the_sixth_attempt_is_throttled_uncounted_until_15_minutes_pass(
    north: Engine, clock: Clock
) -> None:
    with _in(north) as uow:
        assert [_refused(uow, ADA, "wrong") for _ in range(5)] == [REFUSED] * 5
        assert _throttled(uow, ADA, "wrong") == "too many failed logins; try again in 15 minutes"
        assert _throttled(uow, ADA, "right") == "too many failed logins; try again in 15 minutes"
        uow.session.rollback()
        assert _count(uow, LoginAttempt) == 5  # throttled attempts are not failures
        clock.advance(minutes=15)
        user, _ = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        assert user.email == ADA
        assert _count(uow, LoginAttempt) == 0  # failures out of the window are forgotten


def test_the_wait_is_until_enough_failures_leave_the_window(north: Engine, clock: Clock) -> None:
    with _in(north) as uow:
        for _ in range(5):
            _refused(uow, ADA, "wrong")
            clock.advance(minutes=1)
        # failures at 0..4 min; at 5 min the first (0 min) must leave the window
        assert _throttled(uow, ADA, "right") == "too many failed logins; try again in 10 minutes"
        clock.advance(minutes=9)  # trying again while throttled keeps nobody locked out longer
        assert _throttled(uow, ADA, "right") == "too many failed logins; try again in 1 minute"
        clock.advance(minutes=1)  # the 0 min failure gone: 1, 2, 3 and 4 min are 4 of 5
        assert log_in(uow, email=ADA, password="right", client="10.0.0.1")[0].id == 1


def test_twenty_failures_from_one_client_throttle_that_client_only(north: Engine) -> None:
    with _in(north) as uow:
        for n in range(20):
            _refused(uow, f"guess{n}@north.example", "x", client="10.6.6.6")
        assert _throttled(uow, ADA, "right", client="10.6.6.6") == (
            "too many failed logins; try again in 15 minutes"
        )
        user, _ = log_in(uow, email=ADA, password="right", client="10.0.0.2")
        assert user.id == 1


def test_a_session_ends_14_days_after_the_login_and_reading_never_writes(
    north: Engine, clock: Clock
) -> None:
    with _in(north) as uow:
        _, token = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        clock.advance(days=13)
        assert session_user(uow, token=token) is not None
        assert not uow.session.dirty  # a page view writes nothing
        assert not uow.session.in_transaction() or not uow.session.new
        clock.advance(days=1, seconds=-1)
        assert session_user(uow, token=token) is not None
        clock.advance(seconds=1)
        assert session_user(uow, token=token) is None


def test_log_out_ends_only_that_session(north: Engine) -> None:
    with _in(north) as uow:
        _, first = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        _, second = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        log_out(uow, token=first)
        log_out(uow, token="unknown")
        assert session_user(uow, token=first) is None
        assert session_user(uow, token=second) is not None


def test_a_reset_link_works_once_ends_sessions_and_is_stored_hashed(north: Engine) -> None:
    with _in(north) as uow:
        _, before = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        link = reset_link(uow, email=ADA, base_url=BASE + "/")
        assert session_user(uow, token=before) is None
        prefix, token = link.rsplit("/", 1)
        assert (prefix, len(token)) == (f"{BASE}/reset", 43)
        stored = uow.session.scalars(select(ResetToken.token_hash)).all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]
        _, during = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        assert use_reset(uow, token=token, password="new secret").email == ADA
        assert session_user(uow, token=during) is None
        with pytest.raises(LoginRefused, match=r"^this link is not valid any more$"):
            use_reset(uow, token=token, password="again")
        assert _refused(uow, ADA, "right") == REFUSED
        log_in(uow, email=ADA, password="new secret", client="10.0.0.1")


def test_an_empty_password_is_refused_and_the_link_still_works(north: Engine) -> None:
    with _in(north) as uow:
        token = reset_link(uow, email=ADA, base_url=BASE).rsplit("/", 1)[1]
        with pytest.raises(ConfigError, match=r"^a password cannot be empty$"):
            use_reset(uow, token=token, password="")
        assert use_reset(uow, token=token, password="x").id == 1


def test_a_reset_link_expires_after_24_hours_and_a_newer_one_voids_it(
    north: Engine, clock: Clock
) -> None:
    with _in(north) as uow:
        old = reset_link(uow, email=ADA, base_url=BASE).rsplit("/", 1)[1]
        new = reset_link(uow, email=ADA, base_url=BASE).rsplit("/", 1)[1]
        with pytest.raises(LoginRefused, match=r"^this link is not valid any more$"):
            use_reset(uow, token=old, password="p")
        clock.advance(hours=24)
        with pytest.raises(LoginRefused, match=r"^this link is not valid any more$"):
            use_reset(uow, token=new, password="p")
        clock.advance(seconds=-1)
        assert use_reset(uow, token=new, password="p").id == 1
        with pytest.raises(NotFound, match=r"^no login 'bob@north\.example' in this org$"):
            reset_link(uow, email="bob@north.example", base_url=BASE)


def test_no_hash_ever_leaves_in_a_view(north: Engine) -> None:
    with _in(north) as uow:
        view, _ = log_in(uow, email=ADA, password="right", client="10.0.0.1")
        stored = uow.session.scalar(select(User.password_hash))
    assert stored is not None
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert view.to_dict() == {
        "id": 1,
        "email": ADA,
        "role": "seller",
        "name": "Ada",
        "person_id": 1,
        "team_id": 1,
        "team": "Team North",
    }


def test_an_outdated_hash_is_replaced_at_login(
    north: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    with _in(north) as uow:
        log_in(uow, email=ADA, password="right", client="10.0.0.1")
        stored = uow.session.scalar(select(User.password_hash)) or ""
    assert stored.startswith("$argon2id$v=19$m=16,t=2,p=1$")


def test_a_user_of_one_org_cannot_log_in_through_another(north: Engine) -> None:
    with _in(north) as uow:
        link = reset_link(uow, email=ADA, base_url=BASE)
        _, token = log_in(uow, email=ADA, password="right", client="10.0.0.1")
    with _in(north, "south") as uow:
        assert _refused(uow, ADA, "right") == REFUSED
        assert session_user(uow, token=token) is None
        with pytest.raises(LoginRefused):
            use_reset(uow, token=link.rsplit("/", 1)[1], password="mine now")
        with pytest.raises(NotFound):
            reset_link(uow, email=ADA, base_url=BASE)
        log_out(uow, token=token)
        assert list_users(uow) == []
    with _in(north) as uow:
        assert session_user(uow, token=token) is not None


def test_an_org_without_a_row_refuses_and_writes_nothing(north: Engine) -> None:
    with scoped_unit_of_work(north, org="nowhere") as uow:
        assert _refused(uow, ADA, "right") == REFUSED
    with _in(north) as uow:
        assert _count(uow, LoginAttempt) == 0


def test_demo_logins_cover_every_seller_one_lead_per_team_and_an_admin(engine: Engine) -> None:
    with _in(engine) as uow:
        ensure_person(uow, "bo@demo.example", team="Team South")
        ensure_person(uow, "ada@demo.example", team="Team North")
        uow.commit()
        first = demo_logins(uow)
        again = demo_logins(uow)
        log_in(uow, email="lead.south@demo.example", password="demo", client="10.0.0.1")
    assert [(u.email, u.role, u.team) for u in first] == [
        ("ada@demo.example", "seller", "Team North"),
        ("bo@demo.example", "seller", "Team South"),
        ("lead.north@demo.example", "lead", "Team North"),
        ("lead.south@demo.example", "lead", "Team South"),
        ("admin@demo.example", "admin", None),
    ]
    assert again == first


def test_the_demo_makes_no_login_in_a_database_with_real_people(north: Engine) -> None:
    """``ascent demo --db`` pointed at real data: a known password must never open it."""
    with _in(north) as uow:
        before = _count(uow, User)
        with pytest.raises(ConfigError, match="holds real people or logins"):
            demo_logins(uow)
        uow.session.rollback()
        assert _count(uow, User) == before

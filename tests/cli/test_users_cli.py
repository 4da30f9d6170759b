"""``ascent users add|reset|list``: a printed one-time link sets the password; errors are one
line (or the JSON error shape)."""

from __future__ import annotations

import json
import re

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from ascent.bootstrap import open_store, scoped_unit_of_work
from ascent.cli.app import app
from ascent.service import users
from ascent.service.directory import ensure_person
from ascent.settings import Settings

LINK = re.compile(r"^(http://[^/]+(?:/\w+)?)/reset/([\w-]{43})$")


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def run(database_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", database_url, "users", *args])
    return result.exit_code, result.stdout, result.stderr


def _set_password_and_log_in(database_url: str, link: str, email: str) -> str:
    """Follow ``link`` as the web app will, then log in with the new password: the role."""
    match = LINK.match(link)
    assert match is not None, link
    engine = open_store(Settings(database_url, explicit_database=True))
    try:
        with scoped_unit_of_work(engine, write=True) as uow:
            users.use_reset(uow, token=match.group(2), password="s3cret")
            user, _ = users.log_in(uow, email=email, password="s3cret", client="127.0.0.1")
            return user.role
    finally:
        engine.dispose()


def test_add_prints_a_link_that_sets_the_password(database_url: str) -> None:
    code, stdout, _ = run(database_url, "add", "Boss@Example.org", "--role", "admin")
    lines = stdout.splitlines()
    assert (code, lines[:2]) == (
        0,
        ["boss@example.org: admin", "set the password within 24 hours, once, at:"],
    )
    match = LINK.match(lines[2])
    assert match is not None
    assert match.group(1) == "http://127.0.0.1:8000"
    assert _set_password_and_log_in(database_url, lines[2], "boss@example.org") == "admin"


def test_add_a_lead_and_a_seller_in_json_then_list(database_url: str) -> None:
    code, _, stderr = run(
        database_url, "add", "lee@example.org", "--role", "lead", "--team", "Team Nrth"
    )
    assert (code, stderr) == (2, "error: no team 'Team Nrth' in this org (teams: none yet)\n")
    engine = open_store(Settings(database_url, explicit_database=True))
    with scoped_unit_of_work(engine, write=True) as uow:
        ensure_person(uow, "sam@example.org", team="Team South")
        ensure_person(uow, "nora@example.org", team="Team North")
        uow.commit()
    engine.dispose()
    code, stdout, _ = run(
        database_url, "add", "lee@example.org", "--role", "lead", "--team", "Team North", "--json"
    )
    data = json.loads(stdout)
    assert (code, data["user"]) == (
        0,
        {
            "id": 1,
            "email": "lee@example.org",
            "role": "lead",
            "name": "lee",
            "person_id": None,
            "team_id": 2,
            "team": "Team North",
        },
    )
    assert LINK.match(data["link"]) is not None
    code, stdout, _ = run(database_url, "add", "sam@example.org", "--role", "seller")
    assert code == 0
    code, stdout, _ = run(database_url, "list", "--json")
    rows = [(u["email"], u["role"], u["name"], u["team"]) for u in json.loads(stdout)]
    assert (code, rows) == (
        0,
        [
            ("lee@example.org", "lead", "lee", "Team North"),
            ("sam@example.org", "seller", "sam", "Team South"),
        ],
    )
    code, stdout, _ = run(database_url, "list")
    assert code == 0
    assert [line.split()[1:4] for line in stdout.splitlines() if "@" in line] == [
        ["lee@example.org", "│", "lead"],
        ["sam@example.org", "│", "seller"],
    ]


def test_reset_prints_a_new_link_with_the_given_address(database_url: str) -> None:
    run(database_url, "add", "boss@example.org", "--role", "admin")
    code, stdout, _ = run(
        database_url, "reset", "boss@example.org", "--url", "https://ascent.example/app/", "--json"
    )
    data = json.loads(stdout)
    assert (code, data["email"]) == (0, "boss@example.org")
    assert data["link"].startswith("https://ascent.example/app/reset/")
    code, stdout, _ = run(database_url, "reset", "boss@example.org")
    lines = stdout.splitlines()
    assert (code, lines[0]) == (0, "set the password within 24 hours, once, at:")
    assert _set_password_and_log_in(database_url, lines[1], "boss@example.org") == "admin"


@pytest.mark.parametrize(
    ("args", "kind", "message"),
    [
        (
            ("add", "lee@example.org", "--role", "lead"),
            "config_error",
            "a lead needs a team (--team)",
        ),
        (
            ("add", "lee@example.org", "--role", "boss"),
            "config_error",
            "role 'boss': use one of seller, lead, admin",
        ),
        (
            ("add", "nobody@example.org", "--role", "seller"),
            "not_found",
            "no person with the e-mail 'nobody@example.org' in this org (a seller is one)",
        ),
        (("reset", "nobody@example.org"), "not_found", "no login 'nobody@example.org' in this org"),
    ],
)
def test_errors_are_one_line_or_the_json_shape(
    database_url: str, args: tuple[str, ...], kind: str, message: str
) -> None:
    code, stdout, stderr = run(database_url, *args)
    assert (code, stdout, stderr) == (2, "", f"error: {message}\n")
    code, _, stderr = run(database_url, *args, "--json")
    assert (code, json.loads(stderr)["error"]) == (
        2,
        {"type": kind, "message": message, "file": None, "line": None},
    )

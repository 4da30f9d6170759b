"""``ascent tokens create|list|revoke``: the token printed once, listed without it, revoked."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from ascent import bootstrap
from ascent.cli.app import app
from ascent.service.directory import ensure_person
from ascent.service.tokens import token_user
from ascent.service.users import add_user
from ascent.settings import Settings


def ascent(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def as_json(url: str, *args: str) -> Any:
    code, stdout, stderr = ascent(url, *args, "--json")
    assert code == 0, stderr
    return json.loads(stdout)


def test_create_list_revoke(database_url: str) -> None:
    settings = Settings(database_url, explicit_database=True)
    with bootstrap.unit_of_work(settings, write=True) as uow:
        ensure_person(uow, "ada@example.com", team="North")
        uow.commit()
        add_user(uow, email="ada@example.com", role="seller")
        add_user(uow, email="lead@example.com", role="lead", team="North")

    made = as_json(
        database_url, "tokens", "create", "--scope", "read", "--person", "ada@example.com"
    )
    assert (made["scope"], made["user"], made["revoked_at"]) == ("read", "ada@example.com", None)
    assert made["prefix"] == made["token"][:12]
    code, stdout, stderr = ascent(
        database_url,
        "tokens",
        "create",
        "--scope",
        "write",
        "--user",
        "lead@example.com",
        "--name",
        "CRM sync",
    )
    assert code == 0, stderr
    first_line, token_line = stdout.splitlines()
    assert first_line == "token 2 (write, as lead@example.com):"
    assert stderr == "keep it now: it is not shown again\n"
    admin = as_json(database_url, "tokens", "create", "--scope", "read")
    assert admin["user"] is None

    listed = as_json(database_url, "tokens", "list")
    assert [(t["id"], t["name"], t["scope"], t["user"]) for t in listed] == [
        (made["id"], f"token {made['prefix']}", "read", "ada@example.com"),
        (2, "CRM sync", "write", "lead@example.com"),
        (admin["id"], f"token {admin['prefix']}", "read", None),
    ]
    assert all("token" not in t for t in listed)
    text = ascent(database_url, "tokens", "list")[1]
    assert token_line not in text
    assert "CRM sync" in text

    with bootstrap.unit_of_work(settings) as uow:
        acting = token_user(uow, raw=token_line)
        assert acting is not None
        assert (acting.user.email, acting.user.role, acting.scope) == (
            "lead@example.com",
            "lead",
            "write",
        )
    revoked = as_json(database_url, "tokens", "revoke", "2")
    assert revoked["revoked_at"] is not None
    assert ascent(database_url, "tokens", "revoke", str(made["id"]))[1] == (
        f"token {made['id']} ({made['prefix']}…) revoked\n"
    )
    with bootstrap.unit_of_work(settings) as uow:
        assert token_user(uow, raw=token_line) is None
        assert token_user(uow, raw=made["token"]) is None
        assert token_user(uow, raw=admin["token"]) is not None


def test_a_person_without_a_seller_login_gets_no_token(database_url: str) -> None:
    settings = Settings(database_url, explicit_database=True)
    with bootstrap.unit_of_work(settings, write=True) as uow:
        ensure_person(uow, "bo@example.com", team="North")
        uow.commit()
    code, stdout, stderr = ascent(
        database_url, "tokens", "create", "--scope", "read", "--person", "bo@example.com"
    )
    assert (code, stdout) == (2, "")
    assert stderr == "error: 'bo@example.com' has no seller login (add one: ascent users add)\n"
    code, _, stderr = ascent(
        database_url,
        "tokens",
        "create",
        "--scope",
        "read",
        "--person",
        "bo@example.com",
        "--user",
        "x@y.z",
    )
    assert stderr == "error: give --person or --user, not both\n"

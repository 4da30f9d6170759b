"""The REST API on the demo: bearer tokens (hashed, revoked, last use), the web's visibility
(a seller sees themself, a lead their team, an admin the org; not allowed = not there), and
cursor pagination (walking every page gives the whole list once, in key order).

The demo is the session's read-only one: these tests only add tokens to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ascent import bootstrap
from ascent.service import tokens
from ascent.service.tokens import create_token, revoke_token
from ascent.settings import Settings
from ascent.store.models import ApiToken
from ascent.web.app import create_app
from web_demo import ADMIN, DEMO_DAY, LEAD_NORTH, SELLER

NORTH = {
    "Sam Steady",
    "Quinn Quitter",
    "Wanda Wonder",
    "Pat Pusher",
    "Val Grinder",
    "Lee Leader",
    "Cora Connector",
}
SOUTH = {
    "Stella Constant",
    "Uma Under",
    "Otto Over",
    "Nia Newcomer",
    "Lena Listener",
    "Dana Doubt",
    "Noah Notyet",
}
HIDDEN = {"error": {"type": "hidden", "message": "no such page", "file": None, "line": None}}
UNAUTHORIZED = {
    "error": {
        "type": "unauthorized",
        "message": "a valid bearer token is required (ascent tokens create)",
        "file": None,
        "line": None,
    }
}


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    app = create_app(demo_settings, secret="test-secret", today=lambda: DEMO_DAY)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture(scope="module")
def bearer(demo_settings: Settings) -> dict[str, dict[str, str]]:
    """An Authorization header per role: the admin, the north lead, the seller Sam."""
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        made = {
            "admin": create_token(uow, scope="read"),
            "admin login": create_token(uow, scope="read", user=ADMIN),
            "lead": create_token(uow, scope="read", user=LEAD_NORTH),
            "seller": create_token(uow, scope="read", person=SELLER),
        }
    return {role: {"Authorization": f"Bearer {m.token}"} for role, m in made.items()}


def get(client: TestClient, path: str, headers: dict[str, str]) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def walk(client: TestClient, path: str, headers: dict[str, str], limit: int) -> list[Any]:
    """Every page of a list, following ``next_cursor``; each page holds at most ``limit``."""
    items: list[Any] = []
    cursor: str | None = None
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        page = get(client, f"{path}{'&' if '?' in path else '?'}{query}", headers)
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert len(page["items"]) == limit


def ids_by_name(client: TestClient, bearer: dict[str, dict[str, str]]) -> dict[str, int]:
    people = get(client, "/api/v1/people?limit=500", bearer["admin"])["items"]
    return {p["person"]: p["id"] for p in people}


def test_the_token_is_stored_as_its_sha256_only(demo_settings: Settings) -> None:
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        made = create_token(uow, scope="write", person=SELLER, name="phone")
        row = uow.session.scalars(select(ApiToken).where(ApiToken.id == made.view.id)).one()
        assert row.token_hash == hashlib.sha256(made.token.encode()).hexdigest()
        assert row.prefix == made.token[:12] == made.view.prefix
        stored = [row.name, row.scope, row.token_hash, row.prefix]
        assert made.token not in stored
        assert (row.name, row.scope, made.view.user) == ("phone", "write", SELLER)
        assert made.token.startswith("asc_")
        assert len(made.token) == 47


def test_no_token_or_an_unknown_one_is_401_with_the_bearer_challenge(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer asc_unknown"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/people", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json() == UNAUTHORIZED


def test_a_revoked_token_is_refused_as_an_unknown_one(
    client: TestClient, demo_settings: Settings
) -> None:
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        made = create_token(uow, scope="read")
    headers = {"Authorization": f"Bearer {made.token}"}
    assert client.get("/api/v1/teams", headers=headers).status_code == 200
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        first = revoke_token(uow, token_id=made.view.id)
        again = revoke_token(uow, token_id=made.view.id)
    assert first.revoked_at == again.revoked_at is not None
    response = client.get("/api/v1/teams", headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_last_use_is_written_at_most_once_a_minute(
    client: TestClient, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    clock = {"now": start}
    monkeypatch.setattr(tokens, "now", lambda: clock["now"])
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        made = create_token(uow, scope="read")
    headers = {"Authorization": f"Bearer {made.token}"}

    def last_used() -> datetime | None:
        with bootstrap.unit_of_work(demo_settings) as uow:
            (view,) = [t for t in tokens.list_tokens(uow) if t.id == made.view.id]
            return view.last_used_at

    assert last_used() is None
    seen = []
    for later in (0, 30, 59, 61, 90, 122):
        clock["now"] = start + timedelta(seconds=later)
        get(client, "/api/v1/teams", headers)
        seen.append(last_used())
    at = [start + timedelta(seconds=s) for s in (0, 0, 0, 61, 61, 122)]
    assert seen == at


def test_a_seller_sees_only_themself(client: TestClient, bearer: dict[str, dict[str, str]]) -> None:
    ids = ids_by_name(client, bearer)
    seller = bearer["seller"]
    people = get(client, "/api/v1/people", seller)["items"]
    assert [p["person"] for p in people] == ["Sam Steady"]
    assert get(client, f"/api/v1/people/{ids['Sam Steady']}", seller)["person"] == "Sam Steady"
    assert get(client, "/api/v1/teams", seller)["items"] == [
        {"id": people[0]["team_id"], "name": "Team North"}
    ]
    for path in (f"/api/v1/people/{ids['Wanda Wonder']}", "/api/v1/people/999999", "/api/v1/users"):
        response = client.get(path, headers=seller)
        assert (response.status_code, response.json()) == (404, HIDDEN), path
    for tail in ("", "/pursuits", "/today"):
        other = client.get(f"/api/v1/people/{ids['Stella Constant']}{tail}", headers=seller)
        missing = client.get(f"/api/v1/people/999999{tail}", headers=seller)
        assert (other.status_code, other.json()) == (missing.status_code, missing.json())
        assert other.json() == HIDDEN


def test_a_lead_sees_their_team_and_an_admin_the_org(
    client: TestClient, bearer: dict[str, dict[str, str]]
) -> None:
    ids = ids_by_name(client, bearer)
    lead = bearer["lead"]
    assert {p["person"] for p in get(client, "/api/v1/people", lead)["items"]} == NORTH
    assert client.get(f"/api/v1/people/{ids['Otto Over']}", headers=lead).json() == HIDDEN
    assert get(client, f"/api/v1/people/{ids['Wanda Wonder']}/today", lead)["as_of"] == "2026-11-30"
    (north,) = get(client, "/api/v1/teams", lead)["items"]
    teams = get(client, "/api/v1/teams", bearer["admin"])["items"]
    assert [t["name"] for t in teams] == ["Team North", "Team South"]
    south = teams[1]["id"]
    assert client.get(f"/api/v1/people?team_id={south}", headers=lead).json() == HIDDEN
    for admin in (bearer["admin"], bearer["admin login"]):
        names = {p["person"] for p in get(client, "/api/v1/people?limit=500", admin)["items"]}
        assert names == NORTH | SOUTH
        south_people = get(client, f"/api/v1/people?team_id={south}", admin)["items"]
        assert {p["person"] for p in south_people} == SOUTH
        assert {p["team_id"] for p in south_people} == {south}
    assert north == {"id": teams[0]["id"], "name": "Team North"}
    users = get(client, "/api/v1/users?limit=500", bearer["admin"])["items"]
    assert len(users) == 17
    assert {u["role"] for u in users} == {"seller", "lead", "admin"}


def test_a_person_report_is_the_cli_s_with_the_timeline(
    client: TestClient, bearer: dict[str, dict[str, str]]
) -> None:
    ids = ids_by_name(client, bearer)
    report = get(client, f"/api/v1/people/{ids['Sam Steady']}", bearer["seller"])
    assert (report["id"], report["email"], report["team"]) == (
        ids["Sam Steady"],
        SELLER,
        "Team North",
    )
    assert (report["as_of"], report["phase"]) == ("2026-11-30", "success")
    assert report["timeline"][-1]["day"] == "2026-11-30"
    earlier = get(client, f"/api/v1/people/{ids['Sam Steady']}?as_of=2026-10-01", bearer["admin"])
    assert earlier["as_of"] == "2026-10-01"
    bad = client.get("/api/v1/people?as_of=0001-01-01", headers=bearer["admin"])
    assert bad.status_code == 400
    assert bad.json()["error"]["type"] == "config_error"


def test_walking_every_page_gives_the_whole_list_once_in_key_order(
    client: TestClient, bearer: dict[str, dict[str, str]]
) -> None:
    admin = bearer["admin"]
    whole = get(client, "/api/v1/people?limit=500", admin)
    assert whole["next_cursor"] is None
    for limit in (1, 3, 14):
        people = walk(client, "/api/v1/people", admin, limit)
        assert people == whole["items"]
    assert [p["id"] for p in whole["items"]] == sorted(p["id"] for p in whole["items"])
    sam = ids_by_name(client, bearer)["Sam Steady"]
    pursuits = f"/api/v1/people/{sam}/pursuits"
    every = get(client, f"{pursuits}?limit=500", admin)["items"]
    assert len(every) == 183
    paged = walk(client, pursuits, admin, 50)
    assert paged == sorted(every, key=lambda p: p["contact_id"])
    assert len({p["contact_id"] for p in paged}) == 183
    users = walk(client, "/api/v1/users", admin, 5)
    assert [u["id"] for u in users] == sorted({u["id"] for u in users})
    assert len(users) == 17


def test_a_bad_page_request_is_400_in_the_one_error_shape(
    client: TestClient, bearer: dict[str, dict[str, str]]
) -> None:
    admin = bearer["admin"]
    cursor = client.get("/api/v1/people?cursor=not-a-cursor", headers=admin)
    assert (cursor.status_code, cursor.json()["error"]["type"]) == (400, "invalid_cursor")
    other_shape = client.get("/api/v1/people?cursor=WyJ4Il0", headers=admin)  # ["x"]
    assert (other_shape.status_code, other_shape.json()["error"]["type"]) == (
        400,
        "invalid_cursor",
    )
    for limit in ("0", "501", "many"):
        response = client.get(f"/api/v1/people?limit={limit}", headers=admin)
        assert response.status_code == 400
        assert response.json()["error"]["type"] == "invalid_request"
        assert response.json()["error"]["message"].startswith("query.limit: ")


def test_an_unknown_api_path_or_method_answers_json_without_an_accept_header(
    client: TestClient,
) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"type": "hidden", "message": "no such page", "file": None, "line": None}
    }
    wrong = client.delete("/api/v1/people")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["type"] == "method_not_allowed"

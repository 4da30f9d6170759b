"""Access rules, generated from the app's route table: a new route cannot escape them.

Every route must be declared with ``pages.page`` (which adds its guard); every guarded route
and its JSON twin is tried anonymously (the login page, or 401 for JSON), and by a seller and
a lead of the other team, who get exactly the answer a thing that does not exist gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from starlette.routing import Mount

from ascent.settings import Settings
from ascent.web.pages import PAGES, Access
from web_demo import ADMIN, LEAD_NORTH, SELLER, csrf, log_in

#: a seller of the other team (South) and another seller of Sam Steady's own team (North)
SOUTH_SELLER = "stella.constant@demo.example"
NORTH_COLLEAGUE = "wanda.wonder@demo.example"
NOBODY = 987654321


def _ids(settings: Settings) -> dict[str, int]:
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        people = dict(connection.execute(text("SELECT email, id FROM people")).all())
        teams = dict(connection.execute(text("SELECT name, id FROM teams")).all())
    engine.dispose()
    return {
        "south_person": people[SOUTH_SELLER],
        "north_colleague": people[NORTH_COLLEAGUE],
        "south_team": teams["Team South"],
        "north_team": teams["Team North"],
    }


@pytest.fixture(scope="module")
def ids(demo_settings: Settings) -> dict[str, int]:
    return _ids(demo_settings)


#: the operator's probes (``web/ops.py``): public, no page
OPS = frozenset({"/healthz", "/readyz"})


def _app_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, found by walking the middleware down to it
    and into every router it includes."""
    app: Any = client.app
    while not hasattr(app, "routes"):
        app = getattr(app, "app", None) or app.__wrapped__
    return sorted(_walk(app.routes))


def _walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """The pages' routes; the REST API (``/api``) and the operator's probes are the security
    matrix's (tests/security/test_route_matrix.py), which takes every route of the app."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI's included router, with its prefix
            inner = prefix + route.include_context.prefix
            yield from _walk(route.original_router.routes, inner)
        elif (path := prefix + route.path).startswith("/api") or path in OPS:
            continue
        elif isinstance(route, APIRoute):
            yield from ((method, path) for method in route.methods)
        else:
            assert isinstance(route, Mount), route
            assert route.path == "/static", route


def _declared() -> dict[tuple[str, str], Access]:
    declared: dict[tuple[str, str], Access] = {}
    for page in PAGES:
        paths = [page.path]
        if page.twin:
            paths.append(f"{page.path.rstrip('/') or '/index'}.json")
        for method in page.methods:
            for path in paths:
                declared[(method, path)] = page.access
    return declared


def _fill(path: str, values: dict[str, int | str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), "x")), path)


def _guarded(client: TestClient) -> list[tuple[str, str, Access]]:
    declared = _declared()
    return [(m, p, declared[(m, p)]) for m, p in _app_routes(client)]


def _call(client: TestClient, method: str, path: str) -> Any:
    headers = {"accept": "text/html"}
    if method == "POST":
        client.get("/login")  # a CSRF cookie, so that the guard, not the CSRF check, answers
        headers |= csrf(client)
    return client.request(method, path, headers=headers)


def test_every_route_is_declared_with_its_access(demo_app: TestClient) -> None:
    routes = _app_routes(demo_app)
    undeclared = [r for r in routes if r not in _declared()]
    assert undeclared == []
    assert len(routes) >= 8  # the log-in pages and the pages of the issue are all there


def test_anonymous_is_sent_to_log_in_and_twins_get_401(demo_app: TestClient) -> None:
    values: dict[str, int | str] = {"person_id": 1, "team_id": 1, "token": "t"}
    for method, path, access in _guarded(demo_app):
        if access is Access.PUBLIC:
            continue
        url = _fill(path, values)
        response = _call(demo_app, method, url)
        if path.endswith(".json"):
            assert response.status_code == 401, (method, url)
            assert response.json()["error"]["type"] == "not_logged_in", (method, url)
        else:
            assert response.status_code == 303, (method, url, response.status_code)
            assert response.headers["location"].startswith("/login?next=/"), (method, url)


@pytest.mark.parametrize("who", [SELLER, LEAD_NORTH])
def test_the_other_team_gets_what_nothing_gets(
    demo_app: TestClient, ids: dict[str, int], who: str
) -> None:
    """North's seller and North's lead on South's pages: the same 404 as for an id that does
    not exist, so that nobody learns what exists in another team."""
    log_in(demo_app, who)
    theirs: dict[str, int | str] = {"person_id": ids["south_person"], "team_id": ids["south_team"]}
    nothing: dict[str, int | str] = {"person_id": NOBODY, "team_id": NOBODY}
    checked = 0
    for method, path, access in _guarded(demo_app):
        if access not in (Access.PERSON, Access.TEAM, Access.TEAM_MEMBERS, Access.ADMIN):
            continue
        seen = _call(demo_app, method, _fill(path, theirs))
        missing = _call(demo_app, method, _fill(path, nothing))
        assert seen.status_code == 404, (who, method, path, seen.status_code)
        assert (seen.status_code, seen.text) == (missing.status_code, missing.text), (method, path)
        checked += 1
    assert checked >= 4


def test_a_seller_sees_no_colleague_and_not_the_team_page(
    demo_app: TestClient, ids: dict[str, int]
) -> None:
    log_in(demo_app, SELLER)
    values: dict[str, int | str] = {
        "person_id": ids["north_colleague"],
        "team_id": ids["north_team"],
    }
    for method, path, access in _guarded(demo_app):
        if access in (Access.PERSON, Access.TEAM, Access.ADMIN):
            response = _call(demo_app, method, _fill(path, values))
            assert response.status_code == 404, (method, path, response.status_code)


def test_the_lead_and_the_admin_see_the_team(demo_app: TestClient, ids: dict[str, int]) -> None:
    for who in (LEAD_NORTH, ADMIN):
        log_in(demo_app, who)
        values: dict[str, int | str] = {
            "person_id": ids["north_colleague"],
            "team_id": ids["north_team"],
        }
        for method, path, access in _guarded(demo_app):
            if method == "GET" and access in (Access.PERSON, Access.TEAM, Access.TEAM_MEMBERS):
                response = _call(demo_app, method, _fill(path, values))
                assert response.status_code == 200, (who, path, response.status_code)


def test_the_error_shape_of_a_twin_and_of_an_unknown_route(demo_app: TestClient) -> None:
    response = demo_app.get("/no/such/thing.json")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"type": "hidden", "message": "no such page", "file": None, "line": None}
    }


@pytest.mark.parametrize("who", [LEAD_NORTH, ADMIN, NORTH_COLLEAGUE])
def test_only_the_person_records_their_own_doings(
    demo_app: TestClient, demo_settings: Settings, who: str
) -> None:
    """What is recorded as a seller's own doing (a coffee, a "done") only they can record:
    their lead and an admin read their page, a colleague not even that."""
    sam = _ids_of(demo_settings)[SELLER]
    log_in(demo_app, who)
    routes = [(m, p) for m, p, access in _guarded(demo_app) if access is Access.SELF]
    assert routes
    for method, path in routes:
        response = _call(demo_app, method, _fill(path, {"person_id": sam}))
        assert response.status_code == 404, (who, path, response.status_code)


def _ids_of(settings: Settings) -> dict[str, int]:
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        people = dict(connection.execute(text("SELECT email, id FROM people")).all())
    engine.dispose()
    return people

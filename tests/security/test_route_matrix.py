"""Every route of the app, taken from its route table, tried by everyone who must be refused.

A route is a page (declared with ``pages.page``: its ``Access`` is in ``PAGES``), an API route
(under ``/api/v1``: a bearer token), or one of the explicit ``PUBLIC`` ones; anything else
fails ``test_every_route_is_known``, so a new route cannot escape the matrix. Each guarded
route is tried anonymously, API routes with a revoked token and a read token on writes, and
the routes about a person or a team by a seller and a lead of the other team and by users of
another org (in the same database, served by its own app): refused, and for a thing that
exists exactly as for one that does not (same status, same body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from security_world import (
    RIVAL_ADMIN,
    RIVAL_LEAD,
    RIVAL_ORG,
    RIVAL_SELLER,
    WRITES,
    Endpoint,
    endpoints,
    ids_by,
    row_counts,
)

from ascent.bootstrap import unit_of_work
from ascent.service.tokens import NewToken, create_token, revoke_token
from ascent.settings import Settings
from ascent.store.models import Job
from ascent.web.pages import Access
from web_demo import ADMIN, LEAD_NORTH, SELLER, csrf, log_in

NOBODY = 987654321
SOUTH_SELLER = "stella.constant@demo.example"
#: what refuses: not logged in / no token, a read token on a write, not theirs to see
REFUSED = {401, 403, 404}
UPLOAD = {"files": ("calendar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")}


def _fill(endpoint: Endpoint, values: dict[str, int]) -> str:
    missing = [p for p in endpoint.params if p not in values]
    assert missing == [], f"{endpoint.path}: give {missing} a value in this module's ids"
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), endpoint.path)


def _call(client: TestClient, endpoint: Endpoint, url: str, token: str | None = None) -> Any:
    """The request a browser (a page: CSRF token included, so the guard answers) or an API
    client (a bearer token, a JSON body on a write) would send."""
    if endpoint.kind == "page":
        headers = {"accept": "text/html"}
        if endpoint.method in WRITES:
            if "csrftoken" not in client.cookies:
                client.get("/login")
            headers |= csrf(client)
        return client.request(endpoint.method, url, headers=headers)
    headers = {"authorization": f"Bearer {token}"} if token else {}
    if endpoint.files:  # a well-formed upload: what refuses it is the token, not the body
        return client.request(endpoint.method, url, headers=headers, files=UPLOAD)
    body = {} if endpoint.method in WRITES else None
    return client.request(endpoint.method, url, headers=headers, json=body)


# -- the people, things and tokens the matrix uses -------------------------------------------


@dataclass(frozen=True)
class World:
    #: the default org's ids (people by e-mail, teams by name) and the rival org's
    people: dict[str, int]
    teams: dict[str, int]
    #: write tokens by login e-mail (rival ones work on the rival app only)
    tokens: dict[str, str]
    read_token: str
    revoked_token: str

    #: an import job of each of South's seller and the rival seller
    jobs: dict[str, int]

    def theirs(self, who: str) -> dict[str, int]:
        """Ids of things that exist but are not ``who``'s to see."""
        if who in (SELLER, LEAD_NORTH):
            owner, team = SOUTH_SELLER, "Team South"
        elif who == ADMIN:
            owner, team = RIVAL_SELLER, "Rival team"
        else:
            owner, team = SOUTH_SELLER, "Team North"
        return {"person_id": self.people[owner], "team_id": self.teams[team]} | {
            "job_id": self.jobs[owner]
        }


NOTHING = {"person_id": NOBODY, "team_id": NOBODY, "job_id": NOBODY}
#: who is refused what is not theirs: the other team's seller and lead, another org's users,
#: and an admin of this org on another org's things
OUTSIDERS = [SELLER, LEAD_NORTH, ADMIN, RIVAL_SELLER, RIVAL_LEAD, RIVAL_ADMIN]
RIVALS = {RIVAL_SELLER, RIVAL_LEAD, RIVAL_ADMIN}


def _token(settings: Settings, org: str, *, scope: str, user: str | None) -> NewToken:
    with unit_of_work(settings, org=org, write=True) as uow:
        return create_token(uow, scope=scope, user=user, name="security suite")


@pytest.fixture(scope="module")
def world(module_demo: Settings) -> World:
    people = ids_by(module_demo, "SELECT email, id FROM people WHERE email IS NOT NULL")
    teams = ids_by(module_demo, "SELECT name, id FROM teams")
    tokens = {
        who: _token(module_demo, RIVAL_ORG if who in RIVALS else "default", scope="write", user=who)
        for who in OUTSIDERS
    }
    revoked = _token(module_demo, "default", scope="write", user=None)
    with unit_of_work(module_demo, write=True) as uow:
        revoke_token(uow, token_id=revoked.view.id)
    read = _token(module_demo, "default", scope="read", user=None)
    jobs = {
        SOUTH_SELLER: _job(module_demo, "default", people[SOUTH_SELLER]),
        RIVAL_SELLER: _job(module_demo, RIVAL_ORG, people[RIVAL_SELLER]),
    }
    return World(
        people, teams, {w: t.token for w, t in tokens.items()}, read.token, revoked.token, jobs
    )


def _job(settings: Settings, org: str, person_id: int) -> int:
    """A finished import job of ``person_id``'s (its row only)."""
    with unit_of_work(settings, org=org, write=True) as uow:
        at = datetime.now(UTC)
        job = Job(org_id=uow.scope.org_id, kind="import", status="failed", person_id=person_id)
        job.payload, job.error, job.created_at = {}, "a test's job", at
        uow.session.add(job)
        uow.session.flush()
        uow.commit()
        return job.id


@pytest.fixture
def clients(demo_client: TestClient, rival_client: TestClient) -> dict[str, TestClient]:
    return {"default": demo_client, RIVAL_ORG: rival_client}


def _guarded(client: TestClient, kind: str | None = None) -> Iterator[Endpoint]:
    for endpoint in endpoints(client):
        if endpoint.kind in ("public",) or endpoint.access is Access.PUBLIC:
            continue
        if kind is None or endpoint.kind == kind:
            yield endpoint


# -- the matrix ------------------------------------------------------------------------------


def test_every_route_is_known(demo_client: TestClient) -> None:
    found = endpoints(demo_client)
    kinds = {e.kind for e in found}
    assert {"page", "public"} <= kinds
    assert len([e for e in found if e.kind == "page"]) >= 30


def test_anonymous_is_refused_everywhere_and_learns_nothing(
    demo_client: TestClient, world: World
) -> None:
    """Pages send to the login (their twins and the API answer 401); an existing id answers
    exactly as one that does not exist."""
    for endpoint in _guarded(demo_client):
        demo_client.cookies.clear()
        seen = _call(demo_client, endpoint, _fill(endpoint, world.theirs(SELLER)))
        missing = _call(demo_client, endpoint, _fill(endpoint, NOTHING))
        where = (endpoint.method, endpoint.path, seen.status_code)
        if endpoint.kind == "page" and not endpoint.path.endswith(".json"):
            assert seen.status_code == 303, where
            assert seen.headers["location"].startswith("/login?next=/"), where
            assert missing.status_code == 303, where
            continue
        assert (seen.status_code, seen.json()) == (missing.status_code, missing.json()), where
        if endpoint.kind == "webhook":  # unsigned: refused before anything is read
            assert seen.status_code in (400, 401, 403), where
            continue
        assert seen.status_code == 401, where
        assert seen.json()["error"]["type"] in ("not_logged_in", "unauthorized"), where


def test_a_revoked_or_unknown_token_opens_no_api_route(
    demo_client: TestClient, world: World
) -> None:
    forged = "asc_" + "A" * 43
    for endpoint in _guarded(demo_client, "api"):
        url = _fill(endpoint, world.theirs(SELLER))
        for token in (world.revoked_token, forged, world.tokens[RIVAL_ADMIN]):
            response = _call(demo_client, endpoint, url, token)
            assert response.status_code == 401, (endpoint, response.status_code)
            assert response.json()["error"]["type"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"


def test_a_read_token_changes_nothing(demo_client: TestClient, world: World) -> None:
    """The org admin's read token on every API write: 403, whatever the path names."""
    writes = [e for e in _guarded(demo_client, "api") if e.method in WRITES]
    for endpoint in writes:
        for values in (world.theirs(ADMIN), NOTHING):
            response = _call(demo_client, endpoint, _fill(endpoint, values), world.read_token)
            assert response.status_code == 403, (endpoint, response.status_code)
            assert response.json()["error"]["type"] == "forbidden"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_what_is_not_theirs_answers_as_what_does_not_exist(
    clients: dict[str, TestClient], world: World, who: str
) -> None:
    """Every route about a person or a team, by someone not allowed: refused, and the answer
    for the other team's (or org's) thing is the answer for an id that does not exist."""
    client = clients[RIVAL_ORG if who in RIVALS else "default"]
    log_in(client, who)
    checked = 0
    for endpoint in _guarded(client):
        if not {"person_id", "team_id"} & set(endpoint.params) or endpoint.kind == "webhook":
            continue
        token = world.tokens[who]
        seen = _call(client, endpoint, _fill(endpoint, world.theirs(who)), token)
        missing = _call(client, endpoint, _fill(endpoint, NOTHING), token)
        where = (who, endpoint.method, endpoint.path, seen.status_code)
        assert seen.status_code in REFUSED, where
        assert (seen.status_code, seen.text) == (missing.status_code, missing.text), where
        checked += 1
    assert checked >= 15


def test_a_session_of_one_org_opens_nothing_in_another(
    demo_client: TestClient, rival_client: TestClient, world: World
) -> None:
    """Both apps sign cookies with the same secret: the session itself belongs to an org."""
    log_in(rival_client, RIVAL_ADMIN)
    demo_client.cookies.set("ascent_session", rival_client.cookies["ascent_session"])
    assert demo_client.get("/imports.json").status_code == 401
    assert demo_client.get(f"/team/{world.teams['Rival team']}.json").status_code == 401
    log_in(demo_client, ADMIN)
    rival_client.cookies.clear()
    rival_client.cookies.set("ascent_session", demo_client.cookies["ascent_session"])
    assert rival_client.get("/imports.json").status_code == 401


def _get_everything(client: TestClient, token: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every GET without a path parameter: the pages' twins, the API's lists."""
    for endpoint in endpoints(client):
        if endpoint.method != "GET" or endpoint.params or endpoint.kind not in ("page", "api"):
            continue
        if endpoint.kind == "page" and not endpoint.path.endswith(".json"):
            continue
        response = _call(client, endpoint, endpoint.path, token)
        assert response.status_code in (200, 404), (endpoint.path, response.status_code)
        yield endpoint.path, response.text


@pytest.mark.parametrize(
    ("who", "never"),
    [
        (SELLER, ["Stella Constant", "stella.constant@demo.example", "Wanda Wonder"]),
        (LEAD_NORTH, ["Stella Constant", "stella.constant@demo.example", "Team South"]),
        (RIVAL_ADMIN, ["Sam Steady", "Team North", "@demo.example"]),
        (RIVAL_SELLER, ["Sam Steady", "Team North", "@demo.example"]),
    ],
)
def test_no_list_shows_what_is_not_theirs(
    clients: dict[str, TestClient], world: World, who: str, never: list[str]
) -> None:
    """Every list (the twins of the pages without an id, the API's collections) as the other
    team's seller and lead and as another org's users: none names what they may not see."""
    client = clients[RIVAL_ORG if who in RIVALS else "default"]
    log_in(client, who)
    seen = dict(_get_everything(client, world.tokens[who]))
    assert len(seen) >= 5
    for path, text in seen.items():
        assert [n for n in never if n in text] == [], (who, path)


def test_a_contact_of_the_other_team_is_mended_as_one_that_does_not_exist(
    demo_client: TestClient, world: World, module_demo: Settings
) -> None:
    """Merging Sam's contact with one only Team South touched, through Sam's own pursuits:
    the answer is that for a contact id that does not exist (but for the id itself, which the
    caller sent), and nothing changes."""
    sam, south = world.people[SELLER], world.people[SOUTH_SELLER]
    theirs = ids_by(
        module_demo,
        "SELECT 'c', min(contact_id) FROM activities WHERE contact_id IS NOT NULL "
        f"AND person_id = {south} AND contact_id NOT IN (SELECT contact_id FROM activities "
        f"WHERE contact_id IS NOT NULL AND person_id IN "
        f"(SELECT id FROM people WHERE team_id = {world.teams['Team North']}))",
    )["c"]
    own = ids_by(
        module_demo,
        f"SELECT 'c', min(contact_id) FROM activities WHERE person_id = {sam}",
    )["c"]
    before = row_counts(module_demo)
    token = {"authorization": f"Bearer {world.tokens[SELLER]}"}
    for action, body in [
        ("merge", {"into": "{id}", "other": str(own)}),
        ("merge", {"into": str(own), "other": "{id}"}),
        ("split", {"contact": "{id}", "identities": ["x"]}),
    ]:
        answers = []
        for contact in (theirs, NOBODY):
            sent = {
                k: v.replace("{id}", str(contact)) if isinstance(v, str) else v
                for k, v in body.items()
            }
            response = demo_client.post(
                f"/api/v1/people/{sam}/contacts/{action}", json=sent, headers=token
            )
            assert response.status_code in REFUSED | {400}, (action, response.text)
            answers.append((response.status_code, response.text.replace(str(contact), "{id}")))
        assert answers[0] == answers[1], (action, answers)
    assert row_counts(module_demo) == before

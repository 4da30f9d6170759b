"""The weekly digest's page (``/digest``): each user sees the e-mail they would get and no one
else's, a lead their team's with the team figures hidden below k, the form turns it off and
on (the flag ``ascent digest`` reads) and needs its CSRF token, the twin is the digest's data.

The history is the report's (tests/fixtures/report), as in tests/service/test_weekly_digest.py: Ada
and Bea in North, Cem in South; a seller login for Ada, the lead of North, an admin. The week
is the seven days to 10 November 2026.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.store.models import Person, User
from ascent.web.app import create_app
from web_demo import csrf, log_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
DAY = date(2026, 11, 10)
PASSWORD = "digest-page"
ADA = "ada@example.com"
LEAD = "lead.north@example.com"
ADMIN = "admin@example.com"


def _run(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if "--json" in args else {}


@pytest.fixture
def settings(database_url: str) -> Settings:
    for name, person, team in (("north", ADA, "North"), ("south", "cem@example.com", "South")):
        _run("--db", database_url, "import", str(FIXTURES / f"{name}.csv"), "--person", person,
             "--team", team)  # fmt: skip
    found = Settings(database_url, explicit_database=True)
    with unit_of_work(found, write=True) as uow:
        add_user(uow, email=ADA, role="seller", password=PASSWORD)
        add_user(uow, email=LEAD, role="lead", team="North", password=PASSWORD)
        add_user(uow, email=ADMIN, role="admin", password=PASSWORD)
    return found


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    web = create_app(settings, secret="test-secret", today=lambda: DAY)
    with TestClient(web, base_url="http://testserver", follow_redirects=False) as found:
        yield found


def _sent(settings: Settings) -> dict[str, dict[str, Any]]:
    """What ``ascent digest send --dry-run --json`` would send, by recipient."""
    data = _run("--db", settings.database_url, "digest", "send", "--dry-run", "--as-of",
                DAY.isoformat(), "--json")  # fmt: skip
    return {d["to"]["email"]: d for d in data["digests"]}


def _twin(client: TestClient, email: str) -> dict[str, Any]:
    log_in(client, email, PASSWORD)
    response = client.get("/digest.json")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_a_seller_sees_their_own_digest_and_no_one_elses(
    client: TestClient, settings: Settings
) -> None:
    twin = _twin(client, ADA)
    sent = _sent(settings)[ADA]
    assert twin == {k: v for k, v in sent.items() if k not in ("subject", "charts")} | {
        "digest_off": False
    }
    assert twin["to"] == {"email": ADA, "name": "ada", "kind": "seller", "team": "North"}
    assert (twin["as_of"], twin["first_day"]) == ("2026-11-10", "2026-11-04")
    assert twin["week"] == {"publish": 0, "engage": 0, "converse": 1, "connect": 0}
    page = client.get("/digest")
    assert page.status_code == 200
    text = page.text
    assert "You get this e-mail every week</strong>, at ada@example.com." in text
    assert "<p>Hello ada,</p>" in text
    assert "Your week, 2026-11-04 to 2026-11-10" in text
    assert "<li>messages, e-mails and calls: 1</li>" in text
    assert text.count('src="data:image/png;base64,iVBORw0KGgo') == 1  # her pillars, a PNG
    assert "cid:" not in text
    assert "<script" not in text.split('id="digest-mail"')[1].split("</article>")[0]
    for other in ("bea", "cem", "Hidden:", "South"):
        assert other not in text, other


def test_a_lead_sees_the_team_digest_with_the_funnel_hidden_below_k(
    client: TestClient, settings: Settings
) -> None:
    twin = _twin(client, LEAD)
    sent = _sent(settings)[LEAD]
    assert twin == {k: v for k, v in sent.items() if k not in ("subject", "charts")} | {
        "digest_off": False
    }
    assert sent["charts"] == []
    assert twin["to"] == {"email": LEAD, "name": "lead.north", "kind": "lead", "team": "North"}
    assert [p["person"] for p in twin["team"]["people"]] == ["ada", "bea"]
    assert twin["team"]["funnel"] is None
    assert twin["team"]["phase_distribution"] is None
    page = client.get("/digest").text
    assert "North, the week 2026-11-04 to 2026-11-10" in page
    assert "Hidden: fewer than 5 people with a touch or an outcome" in page
    assert "data:image/png" not in page
    assert "cem" not in page.lower()


def test_an_admin_is_told_why_there_is_no_digest(client: TestClient) -> None:
    twin = _twin(client, ADMIN)
    assert twin == {
        "to": None,
        "as_of": "2026-11-10",
        "why": "The weekly digest goes to sellers (their week and today's plan) and to leads "
        "(their team): an admin without a team or a person of their own gets none.",
        "digest_off": False,
    }
    page = client.get("/digest").text
    assert "an admin without a team or a person of their own gets none" in page
    assert 'id="digest-mail"' not in page


def _flags(settings: Settings) -> tuple[bool, bool]:
    with unit_of_work(settings) as uow:
        person = uow.session.scalars(select(Person).where(Person.email == ADA)).one()
        user = uow.session.scalars(select(User).where(User.email == ADA)).one()
        return person.digest_off, user.digest_off


def test_the_form_turns_it_off_and_on_as_the_cli_does(
    client: TestClient, settings: Settings
) -> None:
    log_in(client, ADA, PASSWORD)
    token = client.cookies["csrftoken"]
    off = client.post("/digest", data={"digest": "off", "csrftoken": token})
    assert (off.status_code, off.headers["location"]) == (303, "/digest")
    assert _flags(settings) == (True, True)
    assert ADA not in _sent(settings)  # the CLI skips her now
    assert client.get("/digest.json").json()["digest_off"] is True
    assert "You turned this e-mail off</strong>" in client.get("/digest").text
    earlier = client.get("/digest?as_of=2026-11-09").text
    assert "Your week, 2026-11-03 to 2026-11-09" in earlier
    assert 'action="/digest?as_of=2026-11-09"' in earlier  # the form keeps the page's day
    assert '<input type="hidden" name="digest" value="on">' in earlier
    on = client.post("/digest?as_of=2026-11-09", data={"digest": "on", "csrftoken": token})
    assert (on.status_code, on.headers["location"]) == (303, "/digest?as_of=2026-11-09")
    assert _flags(settings) == (False, False)
    assert ADA in _sent(settings)
    # the CLI's "off" shows on the page too
    _run("--db", settings.database_url, "digest", "off", ADA)
    assert client.get("/digest.json").json()["digest_off"] is True


def test_a_forged_or_missing_token_changes_nothing(client: TestClient, settings: Settings) -> None:
    log_in(client, ADA, PASSWORD)
    forged = client.post("/digest", data={"digest": "off", "csrftoken": "forged"})
    assert forged.status_code == 403
    missing = client.post("/digest", data={"digest": "off"})
    assert missing.status_code == 403
    assert _flags(settings) == (False, False)
    accept = {"accept": "application/json"}
    wrong = client.post("/digest", data={"digest": "maybe"}, headers=csrf(client) | accept)
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"] == "digest 'maybe': use off or on"
    assert _flags(settings) == (False, False)


def test_anonymous_gets_401_from_the_twin_and_the_login_page(client: TestClient) -> None:
    assert client.get("/digest.json").status_code == 401
    page = client.get("/digest")
    assert (page.status_code, page.headers["location"]) == (303, "/login?next=/digest")


def test_a_name_with_markup_is_shown_as_text(client: TestClient, settings: Settings) -> None:
    with unit_of_work(settings, write=True) as uow:
        person = uow.session.scalars(select(Person).where(Person.email == ADA)).one()
        person.name = '<script>alert("ada")</script>'
        uow.commit()
    log_in(client, ADA, PASSWORD)
    page = client.get("/digest").text
    assert "<p>Hello &lt;script&gt;alert(&#34;ada&#34;)&lt;/script&gt;,</p>" in page
    assert "<script>alert" not in page

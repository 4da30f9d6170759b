"""A lone seller on their own machine is let in without a login, and every page says so; a
second person or any login ends it, and without ``auto_login`` nobody is let in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ascent.bootstrap import unit_of_work
from ascent.service.imports import import_paths
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.web.app import create_app
from web_demo import DEMO_DAY, csrf

CALENDAR = Path(__file__).parents[1] / "fixtures" / "ics" / "outlook" / "Calendar.ics"
ADA = "ada@example.com"


@pytest.fixture
def settings(database_url: str) -> Settings:
    settings = Settings(database_url, explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        import_paths(uow, paths=[CALENDAR], person=ADA)
    return settings


def _client(settings: Settings, *, auto_login: bool) -> Iterator[TestClient]:
    app = create_app(settings, secret="t" * 32, today=lambda: DEMO_DAY, auto_login=auto_login)
    with TestClient(app, "http://127.0.0.1:8000", client=("127.0.0.1", 50000)) as client:
        client.follow_redirects = False
        yield client


@pytest.fixture
def alone(settings: Settings) -> Iterator[TestClient]:
    yield from _client(settings, auto_login=True)


def test_the_only_person_is_let_in_and_told_so(alone: TestClient) -> None:
    home = alone.get("/")
    assert home.status_code == 303
    page = alone.get(home.headers["location"])
    assert page.status_code == 200
    name = alone.get(f"{home.headers['location']}.json").json()["person"]
    assert 'id="auto-login"' in page.text
    assert f"You are let in without a login as {name}: this server answers" in page.text
    assert "Log out" not in page.text


def test_they_may_log_their_own_coffee(alone: TestClient) -> None:
    home = alone.get("/").headers["location"]
    alone.get("/login")
    form = {"kind": "coffee", "contact": "Grace Example", "day": "2026-11-30"}
    assert alone.post(f"{home}/log", data=form, headers=csrf(alone)).status_code == 303
    assert "logged coffee with Grace Example" in alone.get(home).text


def test_a_login_or_a_second_person_ends_it(settings: Settings, alone: TestClient) -> None:
    with unit_of_work(settings, write=True) as uow:
        import_paths(uow, paths=[CALENDAR], person="bob@example.com")
    assert alone.get("/").headers["location"] == "/login?next=/"
    with unit_of_work(settings, write=True) as uow:
        add_user(uow, email=ADA, role="seller", password="a long password")
    assert alone.get("/").headers["location"] == "/login?next=/"


def test_without_auto_login_nobody_is_let_in(settings: Settings) -> None:
    for client in _client(settings, auto_login=False):
        assert client.get("/").headers["location"] == "/login?next=/"
        assert client.get("/imports.json").status_code == 401


def test_only_this_machine_by_its_own_name_is_let_in(settings: Settings) -> None:
    """Not a page whose name was pointed at 127.0.0.1 (DNS rebinding), not through a proxy."""
    app = create_app(settings, secret="t" * 32, today=lambda: DEMO_DAY, auto_login=True)
    with TestClient(app, "http://127.0.0.1:8000", client=("127.0.0.1", 1)) as client:
        client.follow_redirects = False
        rebound = client.get("/imports.json", headers={"host": "rebind.evil.example:8000"})
        assert rebound.status_code == 401
        assert client.get("/imports.json", headers={"host": "localhost:8000"}).status_code == 200
    with TestClient(app, "http://127.0.0.1:8000", client=("10.1.2.3", 1)) as proxied:
        assert proxied.get("/imports.json").status_code == 401


def test_a_form_from_another_site_is_refused(alone: TestClient) -> None:
    """A cross-site form carries no cookie (SameSite): it is refused before anything."""
    home = alone.get("/").headers["location"]
    alone.cookies.clear()
    form = {"kind": "deal_won", "contact": "Mallory", "amount": "1000000"}
    refused = alone.post(f"{home}/log", data=form)
    assert refused.status_code == 403
    assert "the form was stale or forged; reload the page" in refused.text
    assert "Mallory" not in alone.get(home).text

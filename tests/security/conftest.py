"""Security-suite fixtures: the demo org beside a rival org in the same database, apps that
serve each (one app per org, as the server runs one org per process), and row counts.

The rival org ("rival") has one team, one seller (with a contact and an activity of their own,
imported as ``ascent import`` would) and a lead and an admin; every login's password is
``demo``. A test module gets a database of its own (``module_demo``), built once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from ascent.bootstrap import unit_of_work
from ascent.service.directory import ensure_person
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.store.models import Base
from ascent.web.app import create_app
from web_demo import DEMO_DAY, PASSWORD, build_demo, web_database

RIVAL_ORG = "rival"
RIVAL_TEAM = "Rival team"
RIVAL_SELLER = "rita.rival@rival.example"
RIVAL_LEAD = "lead@rival.example"
RIVAL_ADMIN = "admin@rival.example"
SECRET = "security-suite-secret"


def add_rival_org(settings: Settings) -> None:
    """A second org in the demo's database: a team, a seller, a lead and an admin."""
    with unit_of_work(settings, org=RIVAL_ORG, write=True) as uow:
        ensure_person(uow, RIVAL_SELLER, team=RIVAL_TEAM)
        uow.commit()
        add_user(uow, email=RIVAL_SELLER, role="seller", password=PASSWORD)
        add_user(uow, email=RIVAL_LEAD, role="lead", team=RIVAL_TEAM, password=PASSWORD)
        add_user(uow, email=RIVAL_ADMIN, role="admin", password=PASSWORD)


@pytest.fixture(scope="module")
def module_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """The demo and the rival org, in a database of this test module's own."""
    name = Path(str(request.node.path)).stem.removeprefix("test_")
    tmp = tmp_path_factory.mktemp(name)
    settings = build_demo(web_database(tmp, f"sec_{name}"), tmp / "exports")
    add_rival_org(settings)
    return settings


def client_of(settings: Settings, org: str = "default") -> Iterator[TestClient]:
    """An anonymous client of the app serving ``org``."""
    app = create_app(settings, org=org, secret=SECRET, today=lambda: DEMO_DAY)
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def demo_client(module_demo: Settings) -> Iterator[TestClient]:
    yield from client_of(module_demo)


@pytest.fixture
def rival_client(module_demo: Settings) -> Iterator[TestClient]:
    yield from client_of(module_demo, RIVAL_ORG)


def row_counts(settings: Settings) -> dict[str, int]:
    """The number of rows of every table of the store (what "nothing written" compares)."""
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }
    engine.dispose()
    return counts


def ids_by(settings: Settings, query: str) -> dict[str, int]:
    """``{key: id}`` from a two-column query on the store (every org)."""
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        found = {str(key): int(value) for key, value in connection.execute(text(query)).all()}
    engine.dispose()
    return found

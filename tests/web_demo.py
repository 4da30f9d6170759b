"""The demo programme the web tests run on: its day, its logins, and logging in.

Test modules import these (``from web_demo import SELLER, log_in``); the fixtures that use
them are in ``conftest.py``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url

from ascent.bootstrap import unit_of_work
from ascent.service.demo import demo_logins, run_demo
from ascent.settings import ENV_DATABASE_URL, Settings

#: the demo's last day: every page of the tests shows this day
DEMO_DAY = date(2026, 11, 30)
PASSWORD = "demo"
SELLER = "sam.steady@demo.example"
LEAD_NORTH = "lead.north@demo.example"
LEAD_SOUTH = "lead.south@demo.example"
ADMIN = "admin@demo.example"


def build_demo(url: str, exports: Path) -> Settings:
    """The demo programme and its logins in the database at ``url``."""
    settings = Settings(url, explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        run_demo(uow, exports=exports, end=DEMO_DAY, seed=2026)
        demo_logins(uow, password=PASSWORD)
    return settings


def web_database(tmp: Path, suffix: str = "web") -> str:
    """SQLite in ``tmp``; on PostgreSQL a database of its own (``<test db>_<suffix>``)."""
    url = os.environ.get(ENV_DATABASE_URL, "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{tmp / f'{suffix}-demo.db'}"
    parsed = make_url(url)
    name = f"{parsed.database}_{suffix}"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """Log ``client`` in as ``email`` through the login form (CSRF token included)."""
    client.cookies.clear()
    client.get("/login")
    token = client.cookies["csrftoken"]
    response = client.post(
        "/login", data={"email": email, "password": password, "csrftoken": token, "next": "/"}
    )
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient) -> dict[str, str]:
    """The header an HTMX request (or a test) sends a form's CSRF token in."""
    return {"x-csrftoken": client.cookies["csrftoken"]}

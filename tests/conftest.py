"""Test-wide fixtures: a fresh database per test, on SQLite or, in CI, on PostgreSQL.

Set ``ASCENT_DATABASE_URL=postgresql+psycopg://…`` to run the whole suite on PostgreSQL; the
database's ``public`` schema is dropped and migrated afresh for each test that asks for one.

The suite runs on two processes (pytest-xdist, ``-n 2`` in pyproject.toml). On PostgreSQL
each worker gets a database of its own, ``<database>_<worker>`` (``ascent_ci_gw0``…),
created when the worker starts and dropped when it ends; the worker's
``ASCENT_DATABASE_URL`` names it, so every fixture and every subprocess a test starts uses it.

The demo programme is built once per process, into a template that every demo database is
copied from (``web_demo.demo_database``); its databases are dropped when the process ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine, create_engine, make_url

from ascent.bootstrap import open_store
from ascent.settings import ENV_DATABASE_URL, Settings
from web_demo import drop_demo_databases, keep_templates_in

FIXTURES = Path(__file__).parent / "fixtures"
#: the xdist worker's id (``gw0``, ``gw1``…); unset when pytest runs on one process
XDIST_WORKER = "PYTEST_XDIST_WORKER"
#: the server URL and name of the database this worker created (dropped when it ends)
_WORKER_DATABASE = pytest.StashKey[tuple[URL, str]]()


def _postgres_url() -> str | None:
    url = os.environ.get(ENV_DATABASE_URL, "")
    return url if url.startswith("postgresql") else None


def _maintenance(url: URL) -> Engine:
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _drop_databases(url: URL, prefix: str) -> None:
    """Drop the database ``prefix`` and every ``prefix_…`` one (``web_demo``'s)."""
    admin = _maintenance(url)
    with admin.connect() as connection:
        names = connection.exec_driver_sql("SELECT datname FROM pg_database").scalars().all()
        for name in names:
            if name == prefix or name.startswith(f"{prefix}_"):
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def pytest_configure(config: pytest.Config) -> None:
    """On PostgreSQL under xdist: this worker's own database, named in the environment."""
    worker, url = os.environ.get(XDIST_WORKER), _postgres_url()
    if not worker or url is None:
        return
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    _drop_databases(parsed, name)
    admin = _maintenance(parsed)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    config.stash[_WORKER_DATABASE] = (parsed, name)
    os.environ[ENV_DATABASE_URL] = parsed.set(database=name).render_as_string(hide_password=False)


def pytest_unconfigure(config: pytest.Config) -> None:
    drop_demo_databases()
    if (created := config.stash.get(_WORKER_DATABASE, None)) is not None:
        _drop_databases(*created)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data directory."""
    monkeypatch.setenv("ASCENT_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session", autouse=True)
def _demo_templates_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo templates in pytest's temporary directory: gone a few runs later if a killed
    process leaves one behind."""
    keep_templates_in(tmp_path_factory.getbasetemp())


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A URL of an empty database (no schema yet)."""
    url = _postgres_url()
    if url is None:
        return f"sqlite:///{tmp_path / 'test.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine on the test database."""
    eng = open_store(Settings(database_url, explicit_database=True))
    yield eng
    eng.dispose()

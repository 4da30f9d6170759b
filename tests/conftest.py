"""Test-wide fixtures: a fresh database per test, on SQLite or, in CI, on PostgreSQL.

Set ``ASCENT_DATABASE_URL=postgresql+psycopg://…`` to run the whole suite on PostgreSQL; the
database's ``public`` schema is dropped and migrated afresh for each test that asks for one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from ascent.bootstrap import open_store
from ascent.settings import ENV_DATABASE_URL, Settings

FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_url() -> str | None:
    url = os.environ.get(ENV_DATABASE_URL, "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data directory."""
    monkeypatch.setenv("ASCENT_HOME", str(tmp_path_factory.mktemp("home")))


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

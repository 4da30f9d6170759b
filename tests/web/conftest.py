"""Web fixtures: the demo programme with its logins, an app on it, clients logged in as anyone.

``demo_app`` is built once per test session and must only be read (its database may be
PostgreSQL's, in a database of its own beside the per-test one); a test that writes uses
``fresh_app``, which builds the demo again in the test's own database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ascent.settings import Settings
from ascent.web.app import create_app
from web_demo import DEMO_DAY, build_demo, demo_database


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("web-demo")
    return demo_database(tmp)


def _client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, secret="test-secret", today=lambda: DEMO_DAY)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield client


@pytest.fixture
def demo_app(demo_settings: Settings) -> Iterator[TestClient]:
    """An anonymous client of the (read-only) demo app."""
    yield from _client(demo_settings)


@pytest.fixture
def fresh_app(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """An anonymous client of an app on a demo of this test's own, free to write to."""
    yield from _client(build_demo(database_url, tmp_path / "exports"))

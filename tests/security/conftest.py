"""Security-suite fixtures: a database per test module holding the demo org and a rival org
(``security_world``), and anonymous clients of the app serving each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from security_world import RIVAL_ORG, add_rival_org, client_of

from ascent.settings import Settings
from web_demo import build_demo, web_database


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


@pytest.fixture
def demo_client(module_demo: Settings) -> Iterator[TestClient]:
    yield from client_of(module_demo)


@pytest.fixture
def rival_client(module_demo: Settings) -> Iterator[TestClient]:
    yield from client_of(module_demo, RIVAL_ORG)

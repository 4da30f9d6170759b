"""Schemathesis against the REST API's own OpenAPI document: every operation, with generated
parameters and bodies, answers no 5xx, a status the document declares, and a body that
matches the document's schema for that status.

Two worlds, ``MAX_EXAMPLES`` cases per operation each (no shrinking of what passes):
- the demo (the session's read-only one) with a read token of the org's admin: every read
  with real data behind it, every write up to its refusal (403);
- a copy of the demo of its own with write tokens of the admin and of the seller Sam (the
  paths name Sam and his team): the writes themselves, whoever they are allowed to.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from ascent import bootstrap
from ascent.service.directory import person_named
from ascent.service.tokens import create_token
from ascent.settings import Settings
from ascent.web.app import create_app
from web_demo import DEMO_DAY, SELLER, demo_database

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
WRITES = ("POST", "PUT", "PATCH", "DELETE")
#: the coverage phase's boundary cases (hundreds per operation) are left to the generated ones
BOUNDED: dict[str, Any] = {"phases": {"coverage": {"enabled": False}}}
#: the demo copy's app, its bearer headers by who, and the ids its paths take
DemoCopy = tuple[Any, dict[str, dict[str, str]], SchemathesisConfig]
CASES = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _node_id(request: pytest.FixtureRequest) -> None:
    """Schemathesis' lazy schema renames the test node through ``node._nodeid``, which
    pytest 9 no longer has: give it one."""
    node: Any = request.node
    if not hasattr(node, "_nodeid"):
        node._nodeid = node.nodeid


@pytest.fixture(scope="module")
def demo(demo_settings: Settings) -> tuple[Any, dict[str, str]]:
    """The app on the demo, and an admin's read token (schemathesis runs its lifespan)."""
    app = create_app(demo_settings, secret="test-secret", today=lambda: DEMO_DAY)
    with bootstrap.unit_of_work(demo_settings, write=True) as uow:
        token = create_token(uow, scope="read", name="schemathesis").token
    return app, {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> DemoCopy:
    """The app on a copy of the demo of its own, and write tokens of its admin and of the
    seller Sam; the paths' ids are Sam's and his team's."""
    settings = demo_database(tmp_path_factory.mktemp("api-schemathesis"), "api_schemathesis")
    with bootstrap.unit_of_work(settings, write=True) as uow:
        sam = person_named(uow, SELLER)
        ids = {"path.person_id": sam.id, "path.team_id": sam.team_id}
        tokens = {
            "admin": create_token(uow, scope="write").token,
            "seller": create_token(uow, scope="write", person=SELLER).token,
        }
    app = create_app(settings, secret="test-secret", today=lambda: DEMO_DAY)
    bearers = {who: {"Authorization": f"Bearer {t}"} for who, t in tokens.items()}
    return app, bearers, SchemathesisConfig.from_dict({"parameters": ids, **BOUNDED})


@pytest.fixture(scope="module")
def demo_schema(demo: tuple[Any, dict[str, str]]) -> Any:
    config = SchemathesisConfig.from_dict(BOUNDED)
    return schemathesis.openapi.from_asgi("/api/openapi.json", demo[0], config=config)


@pytest.fixture(scope="module")
def writes_schema(demo_copy: DemoCopy) -> Any:
    app, _, config = demo_copy
    return schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)


@schemathesis.pytest.from_fixture("demo_schema").parametrize()
@CASES
def test_every_operation_on_the_demo_keeps_to_the_document(
    case: Any, demo: tuple[Any, dict[str, str]]
) -> None:
    case.call_and_validate(headers=demo[1], checks=CHECKS)


@schemathesis.pytest.from_fixture("writes_schema").include(method=list(WRITES)).parametrize()
@CASES
def test_every_write_keeps_to_the_document(case: Any, demo_copy: DemoCopy) -> None:
    """Each case as the admin, then as the seller (what one may do the other may not)."""
    for headers in demo_copy[1].values():
        case.call_and_validate(headers=headers, checks=CHECKS)

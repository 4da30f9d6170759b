"""The CRM webhook: a signed post records one outcome through the importer (its person's
figures follow), a replay of the same CRM id adds nothing, and a post without a valid, fresh
signature of the org's secret is refused before anything is read or written. Also
``ascent org webhook-secret`` and a read token refused on a write (403)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from ascent import bootstrap
from ascent.cli.app import app as cli
from ascent.service.crm_webhook import HEADER, TOLERANCE, sign
from ascent.service.directory import DEFAULT_ORG, ensure_person
from ascent.service.people import people_reports
from ascent.service.tokens import create_token, list_tokens
from ascent.settings import Settings
from ascent.store.models import Outcome
from ascent.web.api.auth import Api, api_router, writes
from ascent.web.app import create_app
from web_demo import web_database

DAY = date(2026, 11, 30)
SELLER = "ada@example.com"
DEAL = {
    "id": "deal-4711",
    "kind": "deal_won",
    "occurred_at": "2026-11-20T10:00:00Z",
    "person": SELLER,
    "amount": 12000,
    "contact": "Bob Buyer",
    "account": "Acme Ltd",
    "source": "linkedin",
}
PATH = "/api/v1/webhooks/crm"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An org with one seller, Ada, and no webhook secret yet."""
    url = web_database(tmp_path_factory.mktemp("api-webhook"), suffix="api_webhook")
    settings = Settings(url, explicit_database=True)
    with bootstrap.unit_of_work(settings, write=True) as uow:
        ensure_person(uow, SELLER)
        uow.commit()
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, secret="test-secret", today=lambda: DAY)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def ascent(settings: Settings, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", settings.database_url, *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def post(client: TestClient, body: bytes, signature: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[HEADER] = signature
    return client.post(PATH, content=body, headers=headers)


def outcomes(settings: Settings) -> tuple[int, int]:
    """Stored outcomes, and the sales outcomes Ada's figures count as of ``DAY``."""
    with bootstrap.unit_of_work(settings) as uow:
        stored = uow.session.scalar(select(func.count()).select_from(Outcome))
        (report,) = people_reports(uow, as_of=DAY)
        return int(stored or 0), report.row.outcomes


def test_the_webhook_in_order(client: TestClient, settings: Settings) -> None:
    """Without a secret every post is refused; then signed posts record once."""
    body = json.dumps(DEAL).encode()
    off = post(client, body, sign("anything", body, int(time.time())))
    assert off.status_code == 401
    assert off.json()["error"] == {
        "type": "bad_signature",
        "message": "webhooks are off: set a secret with ascent org webhook-secret",
        "file": None,
        "line": None,
    }
    secret = ascent(settings, "org", "webhook-secret")["webhook_secret"]
    assert secret.startswith("whsec_")
    assert ascent(settings, "org", "webhook-secret")["webhook_secret"] == secret

    first = post(client, body, sign(secret, body, int(time.time())))
    assert first.status_code == 200, first.text
    person_id = first.json()["person_id"]
    assert first.json() == {
        "id": "deal-4711",
        "person_id": person_id,
        "added": 1,
        "duplicate": False,
    }
    assert outcomes(settings) == (1, 1)

    replay = post(client, body, sign(secret, body, int(time.time())))
    assert replay.json() == {
        "id": "deal-4711",
        "person_id": person_id,
        "added": 0,
        "duplicate": True,
    }
    assert outcomes(settings) == (1, 1)
    with bootstrap.unit_of_work(settings) as uow:
        (stored,) = uow.session.scalars(select(Outcome))
        assert (stored.source_key, stored.kind, stored.amount) == (
            "csv:crm:deal-4711",
            "deal_won",
            12000,
        )

    rotated = ascent(settings, "org", "webhook-secret", "--rotate")["webhook_secret"]
    assert rotated != secret
    other = json.dumps({**DEAL, "id": "deal-4712"}).encode()
    stale = post(client, other, sign(secret, other, int(time.time())))
    assert (stale.status_code, stale.json()["error"]["type"]) == (401, "bad_signature")
    fresh = post(client, other, sign(rotated, other, int(time.time())))
    assert fresh.json()["added"] == 1
    assert outcomes(settings) == (2, 2)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong secret", "X-Ascent-Signature: the signature does not match"),
        ("another body", "X-Ascent-Signature: the signature does not match"),
        ("too old", f"X-Ascent-Signature: the time is more than {TOLERANCE} s from now"),
        ("from the future", f"X-Ascent-Signature: the time is more than {TOLERANCE} s from now"),
        ("no header", "X-Ascent-Signature: expected t=<unix time>,v1=<hex HMAC-SHA256>"),
        ("no time", "X-Ascent-Signature: expected t=<unix time>,v1=<hex HMAC-SHA256>"),
    ],
)
def test_a_post_without_a_valid_fresh_signature_is_refused_and_writes_nothing(
    client: TestClient, settings: Settings, case: str, message: str
) -> None:
    secret = ascent(settings, "org", "webhook-secret")["webhook_secret"]
    body = json.dumps({**DEAL, "id": f"refused-{case}"}).encode()
    now = int(time.time())
    signature = {
        "wrong secret": sign("whsec_wrong", body, now),
        "another body": sign(secret, body + b" ", now),
        "too old": sign(secret, body, now - TOLERANCE - 5),
        "from the future": sign(secret, body, now + TOLERANCE + 5),
        "no header": None,
        "no time": sign(secret, body, now).split(",")[1],
    }[case]
    before = outcomes(settings)
    response = post(client, body, signature)
    assert response.status_code == 401
    assert response.json() == {
        "error": {"type": "bad_signature", "message": message, "file": None, "line": None}
    }
    assert outcomes(settings) == before


def test_a_signed_post_that_is_no_outcome_is_400_and_an_unknown_seller_404(
    client: TestClient, settings: Settings
) -> None:
    secret = ascent(settings, "org", "webhook-secret")["webhook_secret"]
    before = outcomes(settings)
    cases = [
        ({**DEAL, "kind": "comment"}, 400, "config_error"),
        ({**DEAL, "extra": 1}, 400, "invalid_request"),
        ({**DEAL, "occurred_at": "last tuesday"}, 400, "config_error"),
        ({**DEAL, "person": "nobody@example.com"}, 404, "not_found"),
    ]
    for document, status, kind in cases:
        body = json.dumps(document).encode()
        response = post(client, body, sign(secret, body, int(time.time())))
        assert (response.status_code, response.json()["error"]["type"]) == (status, kind)
    broken = b"{not json"
    response = post(client, broken, sign(secret, broken, int(time.time())))
    assert (response.status_code, response.json()["error"]["type"]) == (400, "invalid_request")
    assert outcomes(settings) == before


def test_a_read_token_is_refused_on_a_write_and_a_write_token_acts(
    settings: Settings, tmp_path: Path
) -> None:
    """The ``writes()`` dependency on a route of its own: 403 ``forbidden`` for a read token."""
    router = api_router()

    @router.post("/probe")
    def probe(api: Annotated[Api, Depends(writes())]) -> dict[str, Any]:
        return {"role": api.user.role, "user_id": api.user_id, "writer": api.uow.writer}

    app = FastAPI()
    app.include_router(router)
    app.state.engine = bootstrap.open_store(settings)
    app.state.org = DEFAULT_ORG
    with bootstrap.unit_of_work(settings, write=True) as uow:
        read = create_token(uow, scope="read")
        write = create_token(uow, scope="write")
    try:
        with TestClient(app) as test_client:
            refused = test_client.post("/probe", headers={"Authorization": f"Bearer {read.token}"})
            done = test_client.post("/probe", headers={"Authorization": f"Bearer {write.token}"})
    finally:
        app.state.engine.dispose()
    assert refused.status_code == 403
    assert refused.json() == {
        "error": {
            "type": "forbidden",
            "message": "this token may only read (ascent tokens create --scope write)",
            "file": None,
            "line": None,
        }
    }
    assert (done.status_code, done.json()) == (
        200,
        {"role": "admin", "user_id": None, "writer": True},
    )


def test_a_read_never_waits_for_a_writer_to_record_its_token_s_use(
    client: TestClient, settings: Settings
) -> None:
    """While an import holds the writer's turn a read answers at once: on SQLite its token's
    last use is left for a later request (the one write lock is taken), on PostgreSQL the
    row is written (the turn is an advisory lock; the touch needs none)."""
    with bootstrap.unit_of_work(settings, write=True) as uow:
        made = create_token(uow, scope="read")
    headers = {"Authorization": f"Bearer {made.token}"}
    with bootstrap.unit_of_work(settings, write=True) as importing:
        importing.session.execute(select(func.count()).select_from(Outcome))  # holds the turn
        response = client.get("/api/v1/teams", headers=headers)
    assert response.status_code == 200
    with bootstrap.unit_of_work(settings) as uow:
        (view,) = [t for t in list_tokens(uow) if t.id == made.view.id]
    postgresql = settings.database_url.startswith("postgresql")
    assert (view.last_used_at is not None) is postgresql
    assert client.get("/api/v1/teams", headers=headers).status_code == 200
    with bootstrap.unit_of_work(settings) as uow:
        (view,) = [t for t in list_tokens(uow) if t.id == made.view.id]
    assert view.last_used_at is not None

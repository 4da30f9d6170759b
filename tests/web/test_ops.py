"""What an operator sees of the web app: ``/healthz``, ``/readyz`` and the request log (JSON
lines with request ids, never a token, a cookie or a query string)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from ascent.bootstrap import scoped_unit_of_work
from ascent.service import users
from ascent.settings import Settings
from ascent.store.migrate import head_revision
from ascent.web import ops
from ascent.web.app import create_app
from web_demo import log_in

ADMIN = "ops-admin@example.org"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    """An app on a migrated database with one admin login."""
    with scoped_unit_of_work(engine, write=True) as uow:
        users.add_user(uow, email=ADMIN, role="admin", password=PASSWORD)
    app = create_app(Settings(database_url, explicit_database=True), secret="s" * 32)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def request_log() -> Iterator[io.StringIO]:
    """What the request log writes, as the JSON lines of ``ops.JsonLines``."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(ops.JsonLines())
    ops.LOG.addHandler(handler)
    level = ops.LOG.level
    ops.LOG.setLevel(logging.INFO)
    yield stream
    ops.LOG.removeHandler(handler)
    ops.LOG.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def without_timing(line: dict[str, object]) -> dict[str, object]:
    assert isinstance(line.pop("time"), str)
    assert isinstance(line.pop("duration_ms"), float)
    return line


def test_healthz_answers_without_a_login(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_says_the_database_answers_at_the_head(
    client: TestClient, database_url: str
) -> None:
    response = client.get("/readyz")
    engine = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    head = head_revision()
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "engine": engine, "revision": head, "head": head},
    )


def test_readyz_refuses_a_schema_behind_and_accepts_a_newer_release(
    client: TestClient, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (
        503,
        {
            "error": {
                "type": "not_ready",
                "message": f"the database is at schema 0008, this release needs "
                f"{head_revision()}: run ascent db upgrade",
                "file": None,
                "line": None,
            }
        },
    )
    # a newer release migrated (additively, docs/deploy.md): this worker still serves
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_newer'"))
    response = client.get("/readyz")
    assert (response.status_code, response.json()["status"]) == (200, "ok")


def test_readyz_is_503_when_the_database_does_not_answer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(_engine: Engine) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(ops, "schema_state", down)
    response = client.get("/readyz")
    assert (response.status_code, response.json()["error"]) == (
        503,
        {"type": "database", "message": "database: connection refused", "file": None,
         "line": None},
    )  # fmt: skip


def test_the_health_checks_are_not_in_the_api_document(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/healthz", "/readyz"} & set(paths) == set()


#: X-Request-ID values a proxy might send, and whether each is kept (else replaced)
GIVEN_IDS = [
    ("proxy-7f3a.42:1", True),
    ("a" * 64, True),
    ("a" * 65, False),
    ("two words", False),
    ('x"}\n{"level":"ERROR"', False),
    ("", False),
]


def test_a_safe_request_id_is_kept_and_any_other_is_replaced(
    client: TestClient, request_log: io.StringIO
) -> None:
    echoed = []
    for given, kept in GIVEN_IDS:
        response = client.get("/healthz", headers={"X-Request-ID": given} if given else {})
        echoed.append(response.headers["x-request-id"])
        if kept:
            assert echoed[-1] == given
        else:
            assert len(echoed[-1]) == 32
            assert set(echoed[-1]) <= set("0123456789abcdef")
    assert len(set(echoed)) == len(GIVEN_IDS)
    assert [without_timing(line) for line in lines(request_log)] == [
        {
            "level": "INFO",
            "logger": "ascent.web.requests",
            "message": "GET /healthz 200",
            "request_id": request_id,
            "method": "GET",
            "path": "/healthz",
            "status": 200,
            "user_id": None,
        }
        for request_id in echoed
    ]


def test_the_log_names_the_user_never_a_token_cookie_or_query(
    client: TestClient, engine: Engine, request_log: io.StringIO
) -> None:
    log_in(client, ADMIN, PASSWORD)
    with scoped_unit_of_work(engine) as uow:
        admin = next(u for u in users.list_users(uow) if u.email == ADMIN)
    request_log.truncate(0)
    request_log.seek(0)
    token = "T" * 43
    client.get("/?secret=hunter2", headers={"X-Request-ID": "r1"})
    client.get(f"/reset/{token}", headers={"X-Request-ID": "r2"})
    client.get("/no/such/page", headers={"X-Request-ID": "r3"})
    logged = [without_timing(line) for line in lines(request_log)]
    assert [(x["request_id"], x["path"], x["user_id"]) for x in logged] == [
        ("r1", "/", admin.id),
        ("r2", "/reset/…", None),
        ("r3", "/no/such/page", None),
    ]
    assert logged[2]["status"] == 404
    everything = request_log.getvalue()
    for secret in ("hunter2", token, client.cookies.get("csrftoken") or "?", "session"):
        assert secret not in everything


def test_lines_logged_while_serving_carry_the_request_id(
    client: TestClient, request_log: io.StringIO
) -> None:
    """Any logger, not only the request log: the formatter adds the id being served."""
    record = logging.LogRecord("ascent.web", logging.ERROR, __file__, 1, "boom %s", ("x",), None)
    token = ops._REQUEST_ID.set("abc")
    try:
        line = json.loads(ops.JsonLines().format(record))
    finally:
        ops._REQUEST_ID.reset(token)
    assert without_timing({**line, "duration_ms": 0.0}) == {
        "level": "ERROR",
        "logger": "ascent.web",
        "message": "boom x",
        "request_id": "abc",
    }


def test_configure_logging_writes_json_lines_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        ops.configure_logging(json=True)
        logging.getLogger("ascent.worker").warning("import %s failed", 7)
        ops.configure_logging(json=False)
        logging.getLogger("ascent.worker").warning("plain")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    first, second = capsys.readouterr().err.splitlines()
    assert without_timing({**json.loads(first), "duration_ms": 0.0}) == {
        "level": "WARNING",
        "logger": "ascent.worker",
        "message": "import 7 failed",
    }
    assert second.endswith(" WARNING ascent.worker plain")

"""``ascent serve`` and ``ascent demo --serve``: what they say, and the app they start (the
server itself is replaced by a stand-in that keeps the app; the browser tests serve it for
real)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ascent.cli import serve_cmd
from ascent.cli.app import app


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    started: dict[str, Any] = {}

    def run(application: Any, **options: Any) -> None:
        started.update(options, app=application)

    monkeypatch.setattr(serve_cmd.uvicorn, "run", run)
    return started


def test_serve_says_where_and_that_nobody_can_log_in_yet(
    database_url: str, served: dict[str, Any]
) -> None:
    result = CliRunner().invoke(app, ["--db", database_url, "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(" on http://127.0.0.1:8123 (Ctrl+C to stop)")
    assert lines[1] == "no logins yet: ascent users add EMAIL --role admin"
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    with TestClient(served["app"]) as client:
        assert client.get("/login").status_code == 200


def test_demo_serve_builds_the_demo_then_serves_its_last_day(
    database_url: str, served: dict[str, Any]
) -> None:
    args = ["--db", database_url, "demo", "--as-of", "2026-11-30", "--serve", "--json"]
    result = CliRunner().invoke(app, [*args, "--host", "0.0.0.0", "--port", "8124"])
    assert result.exit_code == 0, result.output
    decoder, text = json.JSONDecoder(), result.stdout
    demo, end = decoder.raw_decode(text)  # the demo's document, then where it serves
    serving, _ = decoder.raw_decode(text, end + 1)
    assert len(demo["logins"]) == 17
    assert (serving["url"], serving["logins"]) == ("http://0.0.0.0:8124", 17)
    with TestClient(served["app"], follow_redirects=False) as client:
        client.get("/login")
        form = {"email": "lead.north@demo.example", "password": "demo"}
        form["csrftoken"] = client.cookies["csrftoken"]
        assert client.post("/login", data=form).status_code == 303
        team = client.get("/").headers["location"]
        assert client.get(f"{team}.json").json()["as_of"] == "2026-11-30"

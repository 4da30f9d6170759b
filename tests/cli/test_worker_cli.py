"""``ascent worker`` says when it starts and stops, runs what is queued with ``--once``, and
stops cleanly on SIGTERM; ``ascent serve --workers N`` hands its processes the database and
one secret on PostgreSQL, and refuses SQLite with the reason."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ascent.cli import serve_cmd
from ascent.cli.app import app
from ascent.settings import ENV_DATABASE_URL, ENV_SECRET_KEY

MAIN = "import sys; from ascent.cli.app import main; sys.argv[0] = 'ascent'; main()"


def test_a_worker_once_on_an_empty_queue_starts_and_stops(database_url: str) -> None:
    result = CliRunner().invoke(app, ["--db", database_url, "worker", "--once", "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    queue = "procrastinate" if database_url.startswith("postgresql") else "jobs table"
    assert [e["event"] for e in events] == ["start", "stop"]
    assert (events[0]["queue"], events[0]["concurrency"]) == (queue, 1)

    result = CliRunner().invoke(app, ["--db", database_url, "worker", "--once"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ascent worker: running queued imports of ")
    assert lines[0].endswith(f"({queue}, 1 at a time, once)")
    assert lines[-1] == "ascent worker: stopped"


def test_sigterm_stops_a_waiting_worker_cleanly(database_url: str) -> None:
    env = {**os.environ, ENV_DATABASE_URL: database_url}
    command = [sys.executable, "-c", MAIN, "worker", "--json", "--concurrency", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert json.loads(process.stdout.readline())["event"] == "start"
    process.send_signal(signal.SIGTERM)
    rest, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert [json.loads(line)["event"] for line in rest.splitlines()] == ["stop"]


def test_serve_workers_need_postgresql_and_share_one_secret(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: dict[str, Any] = {}
    monkeypatch.setattr(serve_cmd.uvicorn, "run", lambda app, **options: started.update(options))
    monkeypatch.setenv(ENV_DATABASE_URL, "sqlite:///unused.db")
    monkeypatch.delenv(ENV_SECRET_KEY, raising=False)
    result = CliRunner().invoke(app, ["--db", database_url, "serve", "--workers", "2"])
    if not database_url.startswith("postgresql"):
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            "error: --workers above 1 needs PostgreSQL (--db postgresql+psycopg://…): an SQLite "
            "database has one writer and its uploads are imported by the serving process"
        )
        assert started == {}
        return
    assert result.exit_code == 0, result.output
    assert "2 server processes" in result.stdout.splitlines()
    assert (started["workers"], started["factory"]) == (2, True)
    assert os.environ[ENV_DATABASE_URL] == database_url
    secret = os.environ[ENV_SECRET_KEY]
    assert len(secret) >= 32
    with TestClient(serve_cmd.app_from_environment()) as client:  # as each process builds it
        assert client.get("/login").status_code == 200
    assert os.environ[ENV_SECRET_KEY] == secret

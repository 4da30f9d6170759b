"""Waiting for a background import in tests: the web app runs it in a thread on SQLite; on
PostgreSQL it waits in procrastinate's queue, so the test runs it as ``ascent worker --once``
would, in this process."""

from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient

from ascent.bootstrap import open_store
from ascent.service.job_queue import work
from ascent.settings import Settings

#: the longest a test waits for a job (the imports it makes take well under a second)
WAIT_SECONDS = 60


def run_queued(url: str) -> None:
    """Run what is queued on the database ``url`` (``ascent worker --once``), then return."""
    settings = Settings(url, explicit_database=True)
    engine = open_store(settings)
    try:
        work(settings, engine, once=True)
    finally:
        engine.dispose()


def finished(client: TestClient, job_id: int, url: str) -> dict[str, Any]:
    """The job's page as JSON once the job is done or failed (bounded wait)."""
    if url.startswith("postgresql"):
        run_queued(url)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        data: dict[str, Any] = client.get(f"/imports/jobs/{job_id}.json").json()
        if data["job"]["status"] in ("done", "failed") or time.monotonic() > deadline:
            return data
        time.sleep(0.05)

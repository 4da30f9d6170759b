"""Waiting for a background import in tests: the web app runs it in a thread on SQLite; on
PostgreSQL it waits in procrastinate's queue, so the test runs it as ``ascent worker --once``
would, in this process."""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from ascent.bootstrap import open_store
from ascent.service.job_queue import work
from ascent.settings import Settings

#: the longest a test waits for a job (the imports it makes take well under a second)
WAIT_SECONDS = 60


def run_queued(url: str) -> None:
    """Run what is queued on the database ``url`` (``ascent worker --once``), then return.

    In a thread of its own: the worker runs procrastinate with ``asyncio.run``, which refuses
    a thread that holds a running event loop (a browser test's, Playwright's sync API)."""
    failures: list[BaseException] = []

    def run() -> None:
        settings = Settings(url, explicit_database=True)
        engine = open_store(settings)
        try:
            work(settings, engine, once=True)
        except BaseException as exc:  # handed to the test's thread below
            failures.append(exc)
        finally:
            engine.dispose()

    worker = threading.Thread(target=run, name="run-queued")
    worker.start()
    worker.join(timeout=WAIT_SECONDS)
    assert not worker.is_alive(), f"the queued jobs were not done in {WAIT_SECONDS} s"
    if failures:
        raise failures[0]


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

"""A running job's heartbeat: its step and a fresh ``heartbeat_at``, written every
``HEARTBEAT_SECONDS`` by a thread of the worker in short transactions of their own, so that
any web worker can show how far it got and a worker that died is known by its silence
(``jobs.recover_stalled``). Each write only matches while the job is still this attempt's
run (``this_run``), so a late one changes nothing.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, update

from ascent.store.engine import lock_for_writing
from ascent.store.models import Job

LOG = logging.getLogger("ascent.jobs")
#: how often a running job's worker says it is alive
HEARTBEAT_SECONDS = 5


def this_run(job_id: int, attempt: int) -> Any:
    """An UPDATE of the job that only matches while it is still this attempt's run."""
    return (
        update(Job)
        .where(Job.id == job_id, Job.status == "running", Job.attempts == attempt)
        .execution_options(skip_org_scope=True)
    )


class Heartbeat:
    """The running job's heartbeat: every ``HEARTBEAT_SECONDS`` its step and a fresh
    ``heartbeat_at``, written by a thread in short transactions of their own."""

    def __init__(self, engine: Engine, job_id: int, attempt: int, *, total: int) -> None:
        self.engine, self.job_id, self.attempt, self.total = engine, job_id, attempt, total
        self.step = "starting"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job_id}-beat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def set_step(self, step: str) -> None:
        self.step = step

    def write_now(self, step: str) -> None:
        self.step = step
        self._write()

    def stop(self) -> None:
        self._stop.set()
        # on SQLite a beat may be waiting for another worker's import: do not wait for it
        # (its write only matches while this attempt runs, so a late one changes nothing)
        self._thread.join(timeout=1)

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                self._write()
            except Exception:  # a missed beat is retried at the next one
                LOG.warning("job %s: heartbeat not written", self.job_id, exc_info=True)

    def _write(self) -> None:
        with self.engine.begin() as connection:
            _beat(connection, self.job_id, self.attempt, self.step)


def _beat(connection: Connection, job_id: int, attempt: int, step: str) -> None:
    lock_for_writing(connection, "jobs")
    values = {"step": step[:200], "heartbeat_at": datetime.now(UTC)}
    connection.execute(this_run(job_id, attempt).values(**values))

"""Import workers that die or meet: ``ascent worker --once`` processes on a real database.

- A worker killed with SIGKILL half-way through an import leaves every table exactly as it
  was; the job stays ``running`` until its heartbeat is stale, then the next worker runs it
  again to ``done``; a job whose worker died on its last attempt is failed with the reason.
- Two uploads of overlapping exports, run by two workers at once, end with exactly the rows
  of the same imports one after the other, and neither fails.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text, update

from ascent.bootstrap import open_store, scoped_unit_of_work
from ascent.demo.linkedin_writer import MESSAGES_HEADER
from ascent.service.directory import ensure_person
from ascent.service.imports import import_paths
from ascent.service.jobs import MAX_ATTEMPTS, STALE_SECONDS, recover_stalled, submit_import
from ascent.service.uploads import Upload
from ascent.service.visibility import Viewer
from ascent.settings import ENV_DATABASE_URL, ENV_SPOOL_DIR, Settings
from ascent.store.engine import lock_key
from ascent.store.models import Base, Job

OWNER = "Bea Example"
ADMIN = Viewer("admin", None, None)
#: rows of the export a worker is killed in: long enough to be caught half-way
LONG_ROWS = 40_000
#: the overlapping exports: rows [0, 3000) and [2000, 5000) of the same conversations
OVERLAP = ((0, 3_000), (2_000, 5_000))
WAIT_SECONDS = 120
#: ``ascent …`` in a fresh interpreter, as the installed command runs it
MAIN = "import sys; from ascent.cli.app import main; sys.argv[0] = 'ascent'; main()"


def messages(path: Path, rows: range) -> Path:
    """A LinkedIn ``messages.csv`` of ``OWNER``: row ``i`` is always the same message."""
    me = (OWNER, "https://www.linkedin.com/in/bea-example-0a1b2c")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(MESSAGES_HEADER)
        for i in rows:
            c = i % 300
            them = (f"Contact{c} Sample", f"https://www.linkedin.com/in/contact{c}-sample-9z8y")
            sender, recipient = (me, them) if i % 2 else (them, me)
            when = (start + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S UTC")
            row = [f"2-Bea{c}==", "", *sender, *recipient, when, "", f"Message {i}", "INBOX", ""]
            writer.writerow(row)
    return path


class NoQueue:
    """The jobs wait in the ``jobs`` table (SQLite) or are deferred by the worker (here,
    tests defer nothing: ``ascent worker`` on PostgreSQL re-queues what the table holds)."""

    def __init__(self) -> None:
        self.deferred: list[tuple[int, str]] = []

    def defer(self, job_id: int, org: str) -> None:
        self.deferred.append((job_id, org))


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[tuple[Settings, Engine]]:
    settings = Settings(database_url, explicit_database=True, spool_dir=tmp_path / "spool")
    engine = open_store(settings)
    yield settings, engine
    engine.dispose()


def submit(store: tuple[Settings, Engine], path: Path, queue: Any) -> int:
    settings, engine = store
    with scoped_unit_of_work(engine, write=True) as uow:
        person = ensure_person(uow, OWNER).id
        uow.commit()
    with scoped_unit_of_work(engine) as uow, path.open("rb") as stream:
        job = submit_import(
            uow,
            queue=queue,
            spool=settings.spool(),
            viewer=ADMIN,
            person_id=person,
            uploads=[Upload(path.name, stream)],
        )
    return job.id


def defer_all(settings: Settings, engine: Engine) -> None:
    """On PostgreSQL, hand the queued jobs to procrastinate (as a web server would have)."""
    if engine.dialect.name != "postgresql":
        return
    from ascent.service.job_queue import job_queue  # noqa: PLC0415 - PostgreSQL only

    queue = job_queue(settings, engine)
    with engine.connect() as connection:
        for (job_id,) in connection.execute(select(Job.id).where(Job.status == "queued")):
            queue.defer(job_id, "default")


def counts(engine: Engine) -> dict[str, int]:
    """Every table's row count (but the jobs' own books)."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
            if table.name != "jobs"
        }


def job_row(engine: Engine, job_id: int) -> Any:
    with engine.connect() as connection:
        return connection.execute(select(Job.__table__).where(Job.id == job_id)).one()


def worker(settings: Settings, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        ENV_DATABASE_URL: settings.database_url,
        ENV_SPOOL_DIR: str(settings.spool()),
    }
    command = [sys.executable, "-c", MAIN, "worker", "--once", "--json", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    out, _ = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == 0
    return [json.loads(line) for line in out.splitlines()]


def importing(engine: Engine, job_id: int) -> bool:
    """The job's import has its transaction open: its step says so and it holds the writer
    lock (SQLite: the database's; PostgreSQL: the org's advisory lock)."""
    if not (job_row(engine, job_id).step or "").startswith("importing"):
        return False
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            held = (
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = :key"
            )
            key = lock_key("writer:default") & 0xFFFFFFFF
            return bool(connection.execute(text(held), {"key": key}).scalar_one())
    probe = sqlite3.connect(str(engine.url.database), timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def test_a_worker_killed_half_way_leaves_nothing_and_the_job_runs_again(
    store: tuple[Settings, Engine], tmp_path: Path
) -> None:
    settings, engine = store
    job_id = submit(store, messages(tmp_path / "messages.csv", range(LONG_ROWS)), NoQueue())
    defer_all(settings, engine)
    before = counts(engine)

    process = worker(settings)
    deadline = time.monotonic() + WAIT_SECONDS
    while not importing(engine, job_id):
        assert process.poll() is None, "the worker ended before it was killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.5)  # well into the import's transaction
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == -signal.SIGKILL

    assert counts(engine) == before
    killed = job_row(engine, job_id)
    assert (killed.status, killed.attempts, killed.step) == ("running", 1, "importing")
    assert list(settings.spool().iterdir()), "the spooled export waits for the next attempt"

    # a minute without heartbeat later (the clock moved back instead of waiting)
    stale = datetime.now(UTC) - timedelta(seconds=2 * STALE_SECONDS)
    with engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=stale))
    events = finished(worker(settings))
    assert [e["event"] for e in events] == ["start", "job", "stop"]
    assert (events[1]["job"], events[1]["status"]) == (job_id, "done")

    done = job_row(engine, job_id)
    assert (done.status, done.attempts, done.error) == ("done", 2, None)
    report = done.result
    assert report["duplicates"] == 0
    after = counts(engine)
    assert after["activities"] - before["activities"] == LONG_ROWS
    assert after["import_batches"] - before["import_batches"] == 1
    assert list(settings.spool().iterdir()) == []
    if engine.dialect.name == "postgresql":  # procrastinate's record of the dead run is closed
        with engine.connect() as connection:
            query = "SELECT status FROM procrastinate_jobs ORDER BY id"
            assert connection.execute(text(query)).scalars().all() == ["failed", "succeeded"]


def test_a_job_whose_worker_died_on_its_last_attempt_fails_with_the_reason(
    store: tuple[Settings, Engine], tmp_path: Path
) -> None:
    settings, engine = store
    job_id = submit(store, messages(tmp_path / "messages.csv", range(10)), NoQueue())
    stale = datetime.now(UTC) - timedelta(seconds=2 * STALE_SECONDS)
    running = {"status": "running", "attempts": MAX_ATTEMPTS, "heartbeat_at": stale}
    with engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(**running))

    assert recover_stalled(engine, spool=settings.spool()) == []
    failed = job_row(engine, job_id)
    assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
    assert failed.error == f"its worker stopped during attempt {MAX_ATTEMPTS} of {MAX_ATTEMPTS}"
    assert list(settings.spool().iterdir()) == []


def test_two_workers_importing_overlapping_exports_give_the_rows_of_one_after_the_other(
    store: tuple[Settings, Engine], tmp_path: Path
) -> None:
    settings, engine = store
    exports = []
    for n, (first, last) in enumerate(OVERLAP):
        (tmp_path / f"export-{n}").mkdir()
        exports.append(messages(tmp_path / f"export-{n}" / "messages.csv", range(first, last)))
    reference = Settings(f"sqlite:///{tmp_path / 'reference.db'}", explicit_database=True)
    expected_engine = open_store(reference)
    with scoped_unit_of_work(expected_engine, write=True) as uow:
        for export in exports:
            import_paths(uow, paths=[export], person=OWNER)
    expected = counts(expected_engine)
    expected_engine.dispose()

    jobs = [submit(store, export, NoQueue()) for export in exports]
    defer_all(settings, engine)
    workers = [worker(settings), worker(settings)]
    events = [e for w in workers for e in finished(w) if e["event"] == "job"]

    assert sorted((e["job"], e["status"]) for e in events) == [(j, "done") for j in jobs]
    assert [job_row(engine, j).status for j in jobs] == ["done", "done"]
    found = counts(engine)
    for table in ("activities", "contacts", "contact_identities", "people", "import_batches"):
        assert found[table] == expected[table], table
    assert found["activities"] == OVERLAP[-1][-1]

"""Where jobs run: the queue a front end defers a job to, and the worker that runs them.

- PostgreSQL: procrastinate (``store.queue``) carries the job's id and org; ``ascent
  worker`` runs its worker (``concurrency`` jobs at once; SIGTERM lets the running ones
  finish). A web server only defers.
- SQLite (embedded): the web app runs each job in a thread of its own process
  (``ThreadQueue``), and ``ascent worker`` runs what the ``jobs`` table has queued. Imports
  on SQLite take turns on the database's one writer lock either way.

Either worker first recovers the jobs of workers that died (``jobs.recover_stalled``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import procrastinate
from procrastinate.jobs import Status
from sqlalchemy import Engine

from ascent.service.jobs import JobQueue, queued_jobs, recover_stalled, run_job
from ascent.settings import Settings
from ascent.store.queue import QUEUE, TASK, ensure_schema, procrastinate_app

LOG = logging.getLogger("ascent.jobs")
#: how often an SQLite worker that is not ``--once`` looks for queued jobs, in seconds
POLL_SECONDS = 1.0
#: how often a worker looks whether it was asked to stop, in seconds
STOP_POLL_SECONDS = 0.2
#: told what a worker does: a line per job (its id, org and final status)
Tell = Callable[[int, str, str], None]


@dataclass(frozen=True, slots=True)
class _Runner:
    """What running a job needs besides its id: the engine, and the settings whose spool
    (resolved when used, as the upload that spooled the files resolved it) and caps apply."""

    engine: Engine
    settings: Settings

    @property
    def spool(self) -> Path:
        return self.settings.spool()

    def run(self, job_id: int, org: str) -> str | None:
        limits = self.settings.limits
        return run_job(self.engine, job_id=job_id, org=org, spool=self.spool, limits=limits)


class ThreadQueue:
    """SQLite: each job runs in a thread of this process, as soon as it is deferred."""

    def __init__(self, runner: _Runner) -> None:
        self.runner = runner

    def defer(self, job_id: int, org: str) -> None:
        name = f"ascent-job-{job_id}"
        threading.Thread(target=self._run, args=(job_id, org), name=name, daemon=True).start()

    def _run(self, job_id: int, org: str) -> None:
        try:
            self.runner.run(job_id, org)
        except Exception:  # the job's row says what happened; the thread must not die loud
            LOG.exception("job %s could not run", job_id)


class ProcrastinateQueue:
    """PostgreSQL: the job's id and org go to procrastinate's queue, for ``ascent worker``."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings, self.engine = settings, engine
        ensure_schema(engine)  # once, where the queue is made: not on every upload

    def defer(self, job_id: int, org: str) -> None:
        app = procrastinate_app(self.settings.database_url)
        with app.open():
            app.configure_task(TASK, queue=QUEUE).defer(job_id=job_id, org=org)


def job_queue(settings: Settings, engine: Engine) -> JobQueue:
    """The queue jobs on ``engine`` go to: procrastinate on PostgreSQL, a thread on SQLite."""
    if engine.dialect.name == "postgresql":
        return ProcrastinateQueue(settings, engine)
    return ThreadQueue(_Runner(engine, settings))


def start_serving(settings: Settings, engine: Engine) -> JobQueue:
    """What a web server does for jobs when it starts, and the queue its uploads go to: on
    PostgreSQL, procrastinate's (its tables made if missing); on SQLite, a thread per job,
    after one that runs the jobs a stopped server left queued or running (a server killed
    mid-import) before this one began."""
    queue = job_queue(settings, engine)
    if isinstance(queue, ThreadQueue):
        name = "ascent-jobs-left"
        threading.Thread(target=_run_left, args=(queue.runner,), name=name, daemon=True).start()
    return queue


def _run_left(runner: _Runner) -> None:
    try:
        recover_stalled(runner.engine, spool=runner.spool)
        for job_id, org in queued_jobs(runner.engine):
            runner.run(job_id, org)
    except Exception:  # a server must start even when its leftovers cannot run
        LOG.exception("the jobs left by a stopped server could not run")


def uses_procrastinate(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def work(
    settings: Settings,
    engine: Engine,
    *,
    concurrency: int = 1,
    once: bool = False,
    stop: threading.Event | None = None,
    tell: Tell | None = None,
) -> None:
    """Run jobs until ``stop`` is set (SIGTERM) or, with ``once``, until none is queued."""
    runner = _Runner(engine, settings)
    again = recover_stalled(engine, spool=settings.spool())
    if uses_procrastinate(engine):
        asyncio.run(
            _work_procrastinate(
                settings, runner, again, concurrency=concurrency, once=once, stop=stop, tell=tell
            )
        )
    else:
        _work_sqlite(runner, concurrency=concurrency, once=once, stop=stop, tell=tell)


async def _work_procrastinate(
    settings: Settings,
    runner: _Runner,
    again: list[tuple[int, str]],
    *,
    concurrency: int,
    once: bool,
    stop: threading.Event | None,
    tell: Tell | None,
) -> None:
    """Procrastinate's worker until ``stop`` (then it lets the running jobs finish)."""
    ensure_schema(runner.engine)
    app = procrastinate_app(settings.database_url)

    @app.task(name=TASK, queue=QUEUE)
    def run(job_id: int, org: str) -> None:
        status = runner.run(job_id, org)
        if tell is not None and status is not None:
            tell(job_id, org, status)

    async with app.open_async():
        await _abandon(app, {job_id for job_id, _ in again})
        for job_id, org in again:
            await run.defer_async(job_id=job_id, org=org)
        worker = asyncio.create_task(
            app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                wait=not once,
                install_signal_handlers=False,  # the caller's ``stop`` says when
            )
        )
        while not worker.done():
            if stop is not None and stop.is_set():
                worker.cancel()  # procrastinate then waits for its running jobs
            await asyncio.wait({worker}, timeout=STOP_POLL_SECONDS)
        if not worker.cancelled():
            worker.result()


async def _abandon(app: procrastinate.App, job_ids: set[int]) -> None:
    """Close procrastinate's own record of the dead workers' jobs that run again (it would
    say ``doing`` for ever): failed there, queued anew here."""
    if not job_ids:
        return
    for job in await app.job_manager.list_jobs_async(queue=QUEUE, task=TASK, status="doing"):
        if job.id is not None and job.task_kwargs.get("job_id") in job_ids:
            await app.job_manager.finish_job_by_id_async(job.id, Status.FAILED, delete_job=False)


def _work_sqlite(
    runner: _Runner,
    *,
    concurrency: int,
    once: bool,
    stop: threading.Event | None,
    tell: Tell | None,
) -> None:
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            ran = False
            for job_id, org in queued_jobs(runner.engine):
                status = runner.run(job_id, org)  # None: another worker claimed it first
                if status is not None:
                    ran = True
                    if tell is not None:
                        tell(job_id, org, status)
                    break
            if not ran and (once or stop.wait(POLL_SECONDS)):
                return

    threads = [threading.Thread(target=loop, name=f"worker-{n}") for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

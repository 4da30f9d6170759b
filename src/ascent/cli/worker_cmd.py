"""``ascent worker``: an import worker that runs the queued background imports.

On PostgreSQL it is a procrastinate worker on the ``imports`` queue; on SQLite it runs what
the ``jobs`` table has queued (the web app also runs its uploads itself there). It says when
it starts, each job it finished and when it stops; SIGTERM (or Ctrl+C) lets the running job
finish, then stops.
"""

from __future__ import annotations

import json
import signal
import threading
from types import FrameType
from typing import Annotated, Any

import typer

from ascent import bootstrap
from ascent.cli.common import out, plain, state, user_errors
from ascent.service.job_queue import uses_procrastinate, work

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def worker_command(
    ctx: typer.Context,
    concurrency: Annotated[
        int, typer.Option(help="How many jobs to run at once.", min=1, max=32)
    ] = 1,
    once: Annotated[
        bool, typer.Option("--once", help="Run what is queued now, then exit.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Say what it does as JSON lines.")
    ] = False,
) -> None:
    """Run the background imports that uploads queued, until stopped (or, with --once, until
    none is left)."""
    with user_errors(as_json=as_json):
        settings = state(ctx).settings()
        engine = bootstrap.open_store(settings)
    try:
        database = bootstrap.database(settings).url
        queue = "procrastinate" if uses_procrastinate(engine) else "jobs table"
        stop = threading.Event()
        # before it says it started; Ctrl+C as SIGTERM: the running jobs finish first
        previous = {sig: signal.signal(sig, _stopper(stop)) for sig in STOP_SIGNALS}
        _say(
            as_json,
            f"ascent worker: running queued imports of {database} ({queue}, "
            f"{concurrency} at a time{', once' if once else ''})",
            event="start",
            database=database,
            queue=queue,
            concurrency=concurrency,
        )

        def tell(job_id: int, org: str, status: str) -> None:
            _say(
                as_json,
                f"job {job_id} ({org}): {status}",
                event="job",
                job=job_id,
                org=org,
                status=status,
            )

        try:
            with user_errors(as_json=as_json):
                work(settings, engine, concurrency=concurrency, once=once, stop=stop, tell=tell)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        _say(as_json, "ascent worker: stopped", event="stop")
    finally:
        engine.dispose()


def _stopper(stop: threading.Event) -> Any:
    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    return handle


def _say(as_json: bool, line: str, **event: Any) -> None:
    if as_json:
        out.print(json.dumps(event), soft_wrap=True, markup=False, highlight=False)
    else:
        out.print(plain(line), soft_wrap=True)

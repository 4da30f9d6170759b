"""The job queue on PostgreSQL: procrastinate, on the same database (no extra server).

Procrastinate keeps its own tables (``procrastinate_*``: they belong to no org, like
Alembic's version table) and only carries a job's id and org; the job itself (status,
progress, result) is a row of ``jobs`` (``service.jobs``). Its schema is applied when a
worker or a server first needs the queue, once per database (``ensure_schema``).
"""

from __future__ import annotations

from typing import Any

import procrastinate
from procrastinate.schema import SchemaManager
from sqlalchemy import Engine, make_url, text

from ascent.store.engine import lock_for_writing

#: the queue background imports wait in, and the task that runs one
QUEUE = "imports"
TASK = "ascent.run_job"


def procrastinate_app(database_url: str) -> procrastinate.App:
    """A procrastinate app on the PostgreSQL database ``database_url`` (not yet open)."""
    url = make_url(database_url).set(drivername="postgresql")
    conninfo = url.render_as_string(hide_password=False)
    connector = procrastinate.PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4)
    return procrastinate.App(connector=connector)


def ensure_schema(engine: Engine) -> None:
    """Create procrastinate's tables unless they are there (its SQL is not idempotent)."""
    with engine.begin() as connection:
        lock_for_writing(connection, "procrastinate-schema")  # two workers starting at once
        if connection.scalar(text("SELECT to_regclass('procrastinate_jobs')")) is not None:
            return
        schema = SchemaManager.get_schema()
        driver: Any = connection.connection.driver_connection
        driver.execute(schema)  # psycopg: no parameters, so its ``%`` are left alone

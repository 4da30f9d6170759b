"""Engines for both databases: SQLite (embedded default, WAL) and PostgreSQL (teams).

Writers take their turn: ``lock_for_writing`` holds a named lock until the transaction
ends, so two imports (or two first runs migrating an absent database) started at once run
one after the other instead of racing to create the same rows.

A full disk is said so: SQLite's ``SQLITE_FULL`` ("database or disk is full", also a
``max_page_count`` reached) and PostgreSQL's ``disk_full`` (SQLSTATE 53100) become
``DiskFull``, an Ascent error (type ``disk_full``) that the entry points report as one line
or the one error shape; the transaction it ends is rolled back as any other.

A PostgreSQL server that went away (restarted) is noticed on the next checkout
(``pool_pre_ping``), so the app reconnects by itself once it is back; while it is away, a
lost or refused connection becomes ``Unavailable`` (type ``database``, as every driver error
the entry points report: the web answers 503), an Ascent error, which the web's handler
answers without the traceback an unexpected exception leaves in the server's log.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import ExceptionContext, make_url

from ascent.errors import AscentError, Busy, ErrorDocument, error_document, one_line
from ascent.settings import Settings

#: how long a write waits for another writer on SQLite, in seconds: one writer holds the
#: database for a whole import (about a minute per million rows), and the driver's 5 s
#: default made a second import give up with "database is locked"
SQLITE_BUSY_SECONDS = 900
#: the high half of Ascent's PostgreSQL advisory lock keys, so they stay apart from others'
_LOCK_NAMESPACE = 0x41534354  # "ASCT"
#: PostgreSQL's SQLSTATE for "could not extend file: No space left on device"
PG_DISK_FULL = "53100"


class DiskFull(AscentError):
    """The database's disk (or its size cap) is full: nothing of the change was written."""


class Unavailable(AscentError):
    """The PostgreSQL server cannot be reached (down, restarting): try again shortly."""

    def to_dict(self) -> ErrorDocument:
        """The one error shape, of type ``database`` (what the driver's errors are)."""
        return error_document("database", str(self))


def make_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings.database_url``; SQLite gets WAL and foreign keys."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "handle_error", _said_plainly)
    return engine


def _said_plainly(context: ExceptionContext) -> None:
    """Raise ``DiskFull`` for a driver's "disk full" error and ``Unavailable`` for a lost
    PostgreSQL server (see the module docstring); the pool still drops the dead connection.
    A failed pre-ping is left alone: the pool replaces that connection without a word."""
    error = context.original_exception
    full = getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    if full or getattr(error, "sqlstate", None) == PG_DISK_FULL:
        raise DiskFull(
            f"the database's disk is full ({one_line(str(error))}): nothing was written; "
            "free some space and try again"
        ) from error
    lost = context.is_disconnect or context.connection is None
    if lost and not context.is_pre_ping and context.dialect.name == "postgresql":
        raise Unavailable(f"database: {one_line(str(error))}") from error


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL + NORMAL is durable across application crashes; only an OS crash can lose the tail
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode, a property of its file: only its first connection
    switches. The switch needs an exclusive lock that SQLite does not wait for (the busy
    timeout does not apply), so when processes open a new database at once, the ones that
    lose retry until the winner is done instead of failing with "database is locked"."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def upsert_insert(connection: Connection, table: Any) -> Any:
    """``INSERT`` of the connection's dialect, which has ``ON CONFLICT`` on both engines."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def lock_for_writing(
    connection: Connection, name: str, on_wait: Callable[[], None] | None = None
) -> None:
    """Hold the writer lock ``name`` until ``connection``'s transaction ends.

    When another transaction holds it, call ``on_wait`` once (to say so) and wait.

    - SQLite has one writer lock per database: the transaction starts with ``BEGIN
      IMMEDIATE``, which takes it up front. The driver's implicit ``BEGIN`` is deferred: a
      transaction that has read and then writes fails at once with "database is locked" when
      another writer committed in between, busy timeout or not. ``name`` does not matter.
    - PostgreSQL: a transaction-level advisory lock on ``name``, released by commit or
      rollback (also when the process dies).

    On SQLite a transaction that has already written holds the lock already.
    """
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection.connection.driver_connection, on_wait)
    else:
        _advisory_lock(connection, lock_key(name), on_wait)


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key for ``name`` (signed, as PostgreSQL's bigint)."""
    return (_LOCK_NAMESPACE << 32) | zlib.crc32(name.encode())


def _advisory_lock(connection: Connection, key: int, on_wait: Callable[[], None] | None) -> None:
    if connection.execute(select(func.pg_try_advisory_xact_lock(key))).scalar_one():
        return
    if on_wait is not None:
        on_wait()
    connection.execute(select(func.pg_advisory_xact_lock(key)))


def _begin_immediate(driver: Any, on_wait: Callable[[], None] | None) -> None:
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError(f"not a sqlite3 connection: {driver!r}")
    if driver.in_transaction:  # the driver began it before a write, which took the lock
        return
    driver.execute("PRAGMA busy_timeout=0")  # first try without waiting, to know we must wait
    try:
        driver.execute("BEGIN IMMEDIATE")
        return
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
    finally:
        driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    if on_wait is not None:
        on_wait()
    try:
        driver.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise Busy(
            f"another import or change held the database for {SQLITE_BUSY_SECONDS:,} s; "
            "try again when it has finished"
        ) from exc

"""Engines for both databases: SQLite (embedded default, WAL) and PostgreSQL (teams)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from ascent.settings import Settings


def make_engine(settings: Settings) -> Engine:
    """Create the engine for ``settings.database_url``; SQLite gets WAL and foreign keys."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL + NORMAL is durable across application crashes; only an OS crash can lose the tail
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upsert_insert(connection: Connection, table: Any) -> Any:
    """``INSERT`` of the connection's dialect, which has ``ON CONFLICT`` on both engines."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)

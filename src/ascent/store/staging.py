"""Staging for the loader's bulk write: rows go into a TEMP table, then into their target.

A ``Staging`` is one temporary table of the loader's connection, with the columns the loader
writes to one target (``activities`` or ``outcomes``) and no constraint or index, so that
filling it is the cheapest write each engine has:

- SQLite: the driver's ``executemany`` of the row tuples (values already as SQLite stores
  them). The columns have no declared type, so a value is kept exactly as bound and the
  target's own column affinity applies when it moves, as if it had been inserted directly.
- PostgreSQL: ``COPY … FROM STDIN (FORMAT BINARY)`` through psycopg's ``Cursor.copy`` on the
  SQLAlchemy connection's own driver connection, hence in the same transaction. The table is
  made with ``CREATE TABLE … AS … WITH NO DATA``: the target's exact column types.

``move`` then writes everything staged with one ``INSERT INTO target … SELECT … ORDER BY
source_digest ON CONFLICT DO NOTHING`` and empties the table: one statement instead of one
per row, and the unique (org, person, ``source_digest``) index met in key order rather than
at random. Rows equal on the digest keep their staging order (``seq``), so the first of
them in the export is the one stored, as with row-by-row inserts.

Nothing here commits: the staged rows, the moved rows and the temporary table itself belong
to the caller's transaction, so an import that fails or is killed leaves no trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

Row = tuple[Any, ...]
#: rows staged before they are moved into the target: memory stays bounded (the staging
#: table holds at most this many), and each move is large enough to pay for its statement
MOVE_ROWS = 50_000


class Staging:
    """One target's temporary table in the caller's transaction; ``drop`` when done."""

    def __init__(self, connection: Connection, target: str, columns: Sequence[str]) -> None:
        self.connection, self.target, self.columns = connection, target, tuple(columns)
        self.name = f"ascent_staging_{target}"
        self.staged = 0
        self._sqlite = connection.dialect.name == "sqlite"
        self._create()

    def stage(self, rows: Sequence[Row]) -> None:
        """Add ``rows`` (tuples in ``columns`` order) to the table; nothing is checked yet."""
        if not rows:
            return
        if self._sqlite:
            self.connection.exec_driver_sql(self._sqlite_stage_sql(), list(rows))
        else:
            self._copy(rows)
        self.staged += len(rows)

    def move(self) -> None:
        """Insert what is staged into the target, in digest order, skipping duplicates; then
        empty the table."""
        if not self.staged:
            return
        names = ", ".join(self.columns)
        seq = "rowid" if self._sqlite else "seq"
        # only this module's own table and column names go in; nothing here is a value.
        # SQLite needs a WHERE before an upsert on a SELECT (else ON reads as a join's)
        self.connection.exec_driver_sql(
            f"INSERT INTO {self.target} ({names}) SELECT {names} FROM {self.name} "  # noqa: S608
            f"WHERE true ORDER BY source_digest, {seq} ON CONFLICT DO NOTHING"
        )
        empty = "DELETE FROM" if self._sqlite else "TRUNCATE"
        self.connection.exec_driver_sql(f"{empty} {self.name}")
        self.staged = 0

    def drop(self) -> None:
        """Remove the table (it is empty after ``move``): the next load makes its own."""
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self.name}")

    def _create(self) -> None:
        self.drop()  # a load that failed earlier on this pooled connection may have left it
        names = ", ".join(self.columns)
        if self._sqlite:
            self.connection.exec_driver_sql(f"CREATE TEMP TABLE {self.name} ({names})")
            return
        self.connection.exec_driver_sql(
            f"CREATE TEMP TABLE {self.name} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {names} FROM {self.target} WITH NO DATA"
        )
        self.connection.exec_driver_sql(
            f"ALTER TABLE {self.name} ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY"
        )
        self._types = self._column_types()

    def _sqlite_stage_sql(self) -> str:
        marks = ", ".join("?" * len(self.columns))
        return f"INSERT INTO {self.name} VALUES ({marks})"  # noqa: S608

    def _column_types(self) -> list[int]:
        """The PostgreSQL type oids of the staged columns, in order, for binary COPY."""
        rows = self.connection.exec_driver_sql(
            "SELECT attname, atttypid FROM pg_attribute "
            "WHERE attrelid = %(table)s::regclass AND attnum > 0 AND NOT attisdropped",
            {"table": self.name},
        )
        oids = {name: int(oid) for name, oid in rows}
        return [oids[c] for c in self.columns]

    def _copy(self, rows: Sequence[Row]) -> None:
        """``COPY`` the rows in binary on the driver connection (same transaction)."""
        driver: Any = self.connection.connection.driver_connection
        names = ", ".join(self.columns)
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {self.name} ({names}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(self._types)
            for row in rows:
                copy.write_row(row)

"""The whole database to one file and back, in each engine's own format.

- **SQLite**: the file is an SQLite database, copied with the online backup API
  (``sqlite3.Connection.backup``) inside one read transaction, so it is the snapshot of one
  moment while others keep writing (WAL: writers do not wait for it). A restore copies it
  into the target in one step, which is one write transaction: all of it or nothing.
- **PostgreSQL**: the file is a ``pg_dump --format=custom`` archive, restored by
  ``pg_restore --single-transaction --exit-on-error``. The password of the URL goes to the
  tools in their environment (``PGPASSWORD``), never on a command line that ``ps`` shows.

A file is recognised by its first bytes (``backup_engine``), so a backup of one engine is
never fed to the other. Which schema revision a backup holds is read from its own
``alembic_version`` table (``sqlite_revision``, ``archive_revision``); before that, the
whole file is read once (SQLite's ``integrity_check``, ``pg_restore`` to nowhere), so a
truncated or damaged file is refused before anything is written.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from psycopg.conninfo import make_conninfo
from sqlalchemy import URL, Engine, inspect

from ascent.errors import ConfigError, InputError
from ascent.store.migrate import alembic_config

#: a progress report: one line for a person (stderr)
Progress = Callable[[str], None]
SQLITE_MAGIC = b"SQLite format 3\x00"
#: the first bytes of a ``pg_dump`` archive of the custom format
ARCHIVE_MAGIC = b"PGDMP"
#: pages the SQLite backup copies between two progress reports (4 KiB each: 64 MiB)
SQLITE_STEP_PAGES = 16384
#: libpq's names of what a URL's query may carry besides host and port
_LIBPQ_QUERY = re.compile(
    r"^(ssl\w*|connect_timeout|application_name|options|target_session_attrs)$"
)
_COPY_ROW = re.compile(r"^COPY public\.alembic_version .*FROM stdin;\n(\w+)\n\\\.$", re.M)


class BackupError(InputError):
    """A backup file that cannot be restored (not a backup, damaged, truncated, too new)."""


def backup_engine(path: Path) -> str | None:
    """``sqlite`` or ``postgresql`` for a backup file of that engine, None for anything else."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    return "postgresql" if head.startswith(ARCHIVE_MAGIC) else None


def known_revision(revision: str) -> bool:
    """True when ``revision`` is one of this release's migrations (a newer one is not)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def is_empty(engine: Engine) -> bool:
    """True when the database has no table (of ``public``, on PostgreSQL)."""
    return not inspect(engine).get_table_names()


# --- SQLite ---------------------------------------------------------------------------


def copy_sqlite(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy the live database ``source`` to the new file ``target``, one consistent moment.

    The read transaction is opened before the copy and held across its steps: the backup
    API then never restarts when another process commits, it copies that one snapshot.
    """
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(f"copied {total - remaining:,} of {total:,} pages")

        reader.backup(writer, pages=SQLITE_STEP_PAGES, progress=step)
        reader.rollback()
    finally:
        writer.close()
        reader.close()


def sqlite_revision(path: Path) -> str:
    """The schema revision of the SQLite backup ``path``, after checking all of it."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(str(path), f"cannot be opened: {exc}") from exc
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(3)")]
        if problems != ["ok"]:
            raise BackupError(str(path), f"damaged: {'; '.join(problems)}")
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        raise BackupError(str(path), f"damaged or not an Ascent backup: {exc}") from exc
    finally:
        connection.close()
    if len(rows) != 1:
        raise BackupError(str(path), "not an Ascent backup: it has no schema revision")
    return str(rows[0][0])


def restore_sqlite(backup: Path, target: Path) -> None:
    """Replace the database ``target`` by the backup, in one transaction."""
    reader = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    writer = sqlite3.connect(target, timeout=60)
    try:
        reader.backup(writer, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(str(backup), f"could not be restored: {exc}") from exc
    finally:
        writer.close()
        reader.close()


# --- PostgreSQL -----------------------------------------------------------------------


def dump_postgres(url: URL, target: Path) -> None:
    """``pg_dump --format=custom`` of the database at ``url`` into the new file ``target``."""
    conninfo, env = libpq(url)
    _run("pg_dump", "--format=custom", "--file", str(target), "--dbname", conninfo, env=env)


def archive_revision(backup: Path) -> str:
    """The schema revision of the ``pg_dump`` archive ``backup``, after reading all of it."""
    _check_archive(backup, "--file", os.devnull)
    data = _check_archive(
        backup, "--data-only", "--schema=public", "--table=alembic_version", "--file=-"
    )
    match = _COPY_ROW.search(data)
    if match is None:
        raise BackupError(str(backup), "not an Ascent backup: it has no schema revision")
    return match.group(1)


def restore_postgres(url: URL, backup: Path, *, clear: bool) -> None:
    """``pg_restore`` the archive into the database at ``url`` in one transaction.

    ``clear`` first empties the ``public`` schema (its own transaction: the archive was read
    whole before, so what can still fail is the server, not the file).
    """
    conninfo, env = libpq(url)
    if clear:
        _run("psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--dbname", conninfo,
             "--command", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", env=env)  # fmt: skip
    _run(
        "pg_restore",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        "--dbname",
        conninfo,
        str(backup),
        env=env,
    )


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The connection string of ``url`` without its password, and the tools' environment
    with the password in ``PGPASSWORD`` (a command line is visible to every user in ``ps``)."""
    fields = {k: str(v) for k, v in url.query.items() if k == "host" or _LIBPQ_QUERY.match(k)}
    if url.host:
        fields["host"] = url.host
    if url.port:
        fields["port"] = str(url.port)
    if url.username:
        fields["user"] = url.username
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo(dbname=url.database or "", **fields), env


def _check_archive(backup: Path, *options: str) -> str:
    try:
        return _run("pg_restore", *options, str(backup), env=dict(os.environ))
    except ConfigError as exc:
        if "not found on PATH" in str(exc):
            raise
        raise BackupError(str(backup), f"damaged or truncated: {exc}") from exc


def _run(tool: str, *args: str, env: dict[str, str]) -> str:
    """Run a PostgreSQL client tool; its last error line becomes a one-line ``ConfigError``."""
    path = shutil.which(tool)
    if path is None:
        raise ConfigError(
            f"{tool} not found on PATH: install the PostgreSQL client of the server's major "
            "version (Debian: apt install postgresql-client)"
        )
    done = subprocess.run(  # noqa: S603 - a fixed tool, arguments as a list, no shell
        [path, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = next((line for line in lines if "error" in line.lower()), None)
        raise ConfigError(detail or (lines[-1] if lines else f"{tool} failed"))
    return done.stdout

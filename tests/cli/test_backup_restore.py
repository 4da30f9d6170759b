"""``ascent backup`` / ``ascent restore`` on the engine under test (SQLite, or PostgreSQL with
``pg_dump`` / ``pg_restore``): the demo backed up and restored into an empty database gives
the same ``ascent people --json`` and the same rows in every table; a bad file is refused
with one line before anything is written."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text
from typer.testing import CliRunner

from ascent.bootstrap import open_store
from ascent.cli.app import app
from ascent.errors import ConfigError
from ascent.service.backup import back_up
from ascent.settings import Settings
from ascent.store import backup as engines
from ascent.store.migrate import head_revision
from web_demo import DEMO_DAY, build_demo, web_database


def ascent(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def row_counts(url: str) -> dict[str, int]:
    """Every table of the database and its number of rows."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(inspect(connection).get_table_names())
            return {
                n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()
                for n in names
            }
    finally:
        engine.dispose()


def people(url: str) -> str:
    code, stdout, stderr = ascent(url, "people", "--json", "--as-of", DEMO_DAY.isoformat())
    assert code == 0, stderr
    return stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("backup-demo")
    return build_demo(web_database(tmp, "backup"), tmp / "exports")


@pytest.fixture(scope="module")
def backup(demo: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's backup, made by ``ascent backup --json``."""
    path = tmp_path_factory.mktemp("backups") / "demo.backup"
    code, stdout, stderr = ascent(demo.database_url, "backup", str(path), "--json")
    assert code == 0, stderr
    assert json.loads(stdout) == {
        "path": str(path),
        "bytes": path.stat().st_size,
        "revision": head_revision(),
        "engine": make_url(demo.database_url).get_backend_name(),
    }
    return path


def test_restored_into_an_empty_database_the_demo_is_the_same(
    demo: Settings, backup: Path, database_url: str
) -> None:
    code, stdout, stderr = ascent(database_url, "restore", str(backup))
    assert (code, stdout) == (0, f"restored {backup}: {backup.stat().st_size:,} bytes, "
                                 f"schema {head_revision()}\n")  # fmt: skip
    assert stderr.splitlines()[0] == f"checking {backup.name} …"
    assert people(database_url) == people(demo.database_url)
    original = row_counts(demo.database_url)
    assert row_counts(database_url) == original
    assert original["activities"] > 1000

    # a second restore is refused: the database is not empty any more
    code, _, stderr = ascent(database_url, "restore", str(backup))
    shown = make_url(database_url).render_as_string(hide_password=True)
    assert (code, stderr.splitlines()[-1]) == (
        2,
        f"error: {shown} is not empty: restore into an empty database, "
        "or pass --force to replace everything in it",
    )
    # --force replaces everything, what was added since included
    assert ascent(database_url, "users", "add", "new@example.org", "--role", "admin")[0] == 0
    assert row_counts(database_url)["users"] == original["users"] + 1
    code, stdout, _ = ascent(database_url, "restore", str(backup), "--force", "--json")
    assert (code, json.loads(stdout)["revision"]) == (0, head_revision())
    assert row_counts(database_url) == original


def _truncated(backup: Path, _engine: str) -> bytes:
    return backup.read_bytes()[: backup.stat().st_size // 2]


def _damaged(backup: Path, _engine: str) -> bytes:
    """4 KiB of noise in the middle: an SQLite page, or a compressed block of the archive."""
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = random.Random(12).randbytes(4096)
    return bytes(data)


def _other_engine(_backup: Path, engine: str) -> bytes:
    if engine == "sqlite":
        return engines.ARCHIVE_MAGIC + b"\x01\x0e\x00" + bytes(100)
    return engines.SQLITE_MAGIC + bytes(100)


def _text(_backup: Path, _engine: str) -> bytes:
    return b"name,company\nAda,Analytical\n"


BAD_FILES: dict[str, tuple[Callable[[Path, str], bytes], str]] = {
    "truncated": (_truncated, "damaged"),
    "damaged": (_damaged, "damaged"),
    "of the other engine": (_other_engine, "a backup of"),
    "not a backup": (_text, "not an Ascent backup (neither SQLite nor pg_dump)"),
    "empty": (lambda _b, _e: b"", "not an Ascent backup (neither SQLite nor pg_dump)"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(
    kind: str, backup: Path, database_url: str, tmp_path: Path
) -> None:
    make, says = BAD_FILES[kind]
    engine = make_url(database_url).get_backend_name()
    bad = tmp_path / f"{kind}.backup"
    bad.write_bytes(make(backup, engine))
    open_store(Settings(database_url, explicit_database=True)).dispose()  # a migrated database
    before = row_counts(database_url)
    code, stdout, stderr = ascent(database_url, "restore", str(bad), "--force")
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert (code, stdout, len(errors)) == (2, "", 1), stderr
    assert errors[0].startswith(f"error: {bad}: {says}"), errors[0]
    assert row_counts(database_url) == before

    code, _, stderr = ascent(database_url, "restore", str(bad), "--force", "--json")
    document = json.loads(stderr.splitlines()[-1])
    assert (code, document["error"]["file"]) == (2, str(bad))


def test_a_sqlite_database_that_is_no_ascent_backup_or_too_new_is_refused(
    tmp_path: Path,
) -> None:
    target = f"sqlite:///{tmp_path / 'target.db'}"
    for name, revision in (("other.db", None), ("newer.db", "9999_from_a_newer_release")):
        path = tmp_path / name
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
            if revision is not None:
                connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        connection.close()
        code, _, stderr = ascent(target, "restore", str(path))
        assert code == 2
        assert (
            stderr.splitlines()[-1]
            == {
                "other.db": f"error: {path}: not an Ascent backup: it has no schema revision",
                "newer.db": f"error: {path}: schema revision {revision} is newer than this "
                "release: restore it with the release that made it",
            }[name]
        )
    assert not (tmp_path / "target.db").exists()


def test_a_sqlite_backup_is_one_moment_while_another_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit by another connection half-way through the copy is not in the backup, and
    does not restart the copy."""
    source = tmp_path / "live.db"
    open_store(Settings(f"sqlite:///{source}", explicit_database=True)).dispose()
    monkeypatch.setattr(engines, "SQLITE_STEP_PAGES", 2)
    lines: list[str] = []

    def write_while_copying(line: str) -> None:
        if not lines:
            with sqlite3.connect(source) as other:
                other.execute("CREATE TABLE written_during_backup (x)")
            other.close()
        lines.append(line)

    settings = Settings(f"sqlite:///{source}", explicit_database=True)
    view = back_up(settings, tmp_path / "copy.db", progress=write_while_copying)
    assert view.revision == head_revision()
    total = int(lines[-1].split()[-2].replace(",", ""))
    assert lines == [f"copied {min(2 * i, total):,} of {total:,} pages"
                     for i in range(1, len(lines) + 1)]  # fmt: skip
    assert "written_during_backup" in row_counts(f"sqlite:///{source}")
    assert "written_during_backup" not in row_counts(f"sqlite:///{tmp_path / 'copy.db'}")


def test_backing_up_nothing_or_nowhere_is_refused(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'missing.db'}"
    code, _, stderr = ascent(missing, "backup", str(tmp_path / "x.backup"))
    assert (code, stderr) == (2, f"error: {missing} does not exist: nothing to back up\n")
    assert list(tmp_path.iterdir()) == []
    live = f"sqlite:///{tmp_path / 'live.db'}"
    open_store(Settings(live, explicit_database=True)).dispose()
    for target in (tmp_path / "no" / "x.backup", tmp_path):
        code, _, stderr = ascent(live, "backup", str(target))
        assert (code, stderr) == (
            2,
            f"error: cannot write {target}: its folder does not exist or it is a folder\n",
        )


def test_the_password_reaches_the_tools_in_their_environment_only() -> None:
    url = make_url("postgresql+psycopg://ascent:s3cret@db.example:5433/ascent?sslmode=require")
    conninfo, env = engines.libpq(url)
    assert conninfo == "dbname=ascent sslmode=require host=db.example port=5433 user=ascent"
    assert env["PGPASSWORD"] == "s3cret"


def test_a_missing_tool_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    url = make_url("postgresql+psycopg://ascent@127.0.0.1/ascent")
    with pytest.raises(ConfigError) as raised:
        engines.dump_postgres(url, tmp_path / "x.backup")
    assert str(raised.value) == (
        "pg_dump not found on PATH: install the PostgreSQL client of the server's major "
        "version (Debian: apt install postgresql-client)"
    )

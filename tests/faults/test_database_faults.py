"""Database faults: a full disk during an import, and PostgreSQL restarted under requests.

- A full disk: SQLite capped by ``PRAGMA max_page_count`` (everywhere), and for real on a
  small tmpfs the test mounts (where it may: as root). The import fails with one line and
  exit 2 (``disk_full``), every table holds what it held, and the database passes
  ``PRAGMA integrity_check`` and takes the next import.
- PostgreSQL restarted: a private throwaway cluster (Debian's ``initdb``/``pg_ctl``, run as
  the ``postgres`` user, in a temporary folder, on a free port; the shared server is never
  touched) serves an app; it is stopped while requests run (every answer a 200 or a clean
  503 in the one error shape, no traceback), then started again: the same app answers 200
  without a restart. Only when the suite runs on PostgreSQL.

Two ``ascent import`` processes at once are ``tests/service/test_concurrency.py``'s.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.service import users
from ascent.settings import ENV_DATABASE_URL
from ascent.store import engine as store_engine
from ascent.web.app import create_app
from privacy_world import ANN, PASSWORD, build_world
from web_demo import log_in

PG_BIN = Path("/usr/lib/postgresql/15/bin")
#: rows of the import that does not fit: about 3 MB of database
BIG_ROWS = 12_000
#: pages SQLite may add to the database before it is "full" (4 KiB each)
SPARE_PAGES = 60


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def _big_export(folder: Path) -> Path:
    path = folder / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("date,kind,contact,account,id\n")
        for n in range(BIG_ROWS):
            day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00"
            out.write(f"{day},message_out,Contact {n},Account {n % 500},big-{n}\n")
    return path


def _small_export(folder: Path) -> Path:
    path = folder / "small.csv"
    path.write_text("date,kind,contact,account,id\n2026-04-01T09:00,call,Dee,Initech,s1\n")
    return path


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = inspect(connection).get_table_names()
        counts = {
            n: connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names
        }
    engine.dispose()
    return counts


def _import(url: str, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", url, "import", str(path), "--person", ANN])
    return result.exit_code, result.stderr


def _capped(monkeypatch: pytest.MonkeyPatch, database: Path) -> None:
    """Every new connection may grow the database by ``SPARE_PAGES`` pages only."""
    with closing(sqlite3.connect(database)) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    original = store_engine._sqlite_pragmas

    def pragmas(dbapi_connection: Any, record: Any) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + SPARE_PAGES}")

    monkeypatch.setattr(store_engine, "_sqlite_pragmas", pragmas)


@contextmanager
def _tmpfs(size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted for the test, or a skip where mounting is not allowed."""
    folder = Path(tempfile.mkdtemp(prefix="ascent-full-"))
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None
    if mounted:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        mounted = done.returncode == 0
    if not mounted:
        folder.rmdir()
        pytest.skip("mounting a tmpfs needs root (the size cap case runs everywhere)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


@pytest.mark.parametrize("full", ["max_page_count", "tmpfs"])
def test_a_full_disk_fails_the_import_cleanly(
    full: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)  # SQLite: the disk is this machine's
    big = _big_export(tmp_path)
    with _tmpfs("1m") if full == "tmpfs" else _nothing(tmp_path) as folder:
        database = folder / "full.db"
        url = f"sqlite:///{database}"
        build_world(url, tmp_path / "world")
        if full == "max_page_count":
            _capped(monkeypatch, database)
        before = _counts(url)
        code, stderr = _import(url, big)
        assert code == 2
        [line] = stderr.splitlines()
        assert line.startswith("error: the database's disk is full (database or disk is full)")
        assert _counts(url) == before
        with closing(sqlite3.connect(database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert _import(url, _small_export(tmp_path)) == (0, "")
        assert _counts(url)["activities"] == before["activities"] + 1


@contextmanager
def _nothing(folder: Path) -> Iterator[Path]:
    yield folder


def test_a_full_disk_is_the_one_error_shape_with_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
    database = tmp_path / "full.db"
    url = f"sqlite:///{database}"
    build_world(url, tmp_path / "world")
    _capped(monkeypatch, database)
    result = CliRunner().invoke(
        app, ["--db", url, "import", str(_big_export(tmp_path)), "--person", ANN, "--json"]
    )
    assert result.exit_code == 2
    error = json.loads(result.stderr)["error"]
    assert (error["type"], error["file"], error["line"]) == ("disk_full", None, None)


def _context(error: Exception, *, lost: bool = False, pre_ping: bool = False) -> Any:
    """What SQLAlchemy's ``handle_error`` hook is given, as much as ``engine`` reads."""
    return SimpleNamespace(
        original_exception=error,
        is_disconnect=lost,
        is_pre_ping=pre_ping,
        connection=object(),
        dialect=SimpleNamespace(name="postgresql"),
    )


def test_postgres_disk_full_and_lost_server_are_said_plainly() -> None:
    """PostgreSQL's disk_full (53100) is ``disk_full``; a lost server is ``database`` (503),
    except on a pre-ping, where the pool quietly replaces the connection."""
    full = psycopg.errors.DiskFull("could not extend file: No space left on device")
    with pytest.raises(store_engine.DiskFull) as raised:
        store_engine._said_plainly(_context(full))
    assert raised.value.to_dict()["error"] == {
        "type": "disk_full",
        "message": "the database's disk is full (could not extend file: No space left on "
        "device): nothing was written; free some space and try again",
        "file": None,
        "line": None,
    }
    gone = psycopg.OperationalError("server closed the connection unexpectedly")
    with pytest.raises(store_engine.Unavailable) as lost:
        store_engine._said_plainly(_context(gone, lost=True))
    assert lost.value.to_dict()["error"]["type"] == "database"
    assert store_engine._said_plainly(_context(gone, lost=True, pre_ping=True)) is None
    assert store_engine._said_plainly(_context(psycopg.errors.UniqueViolation("dup"))) is None


# --- PostgreSQL restarted ---------------------------------------------------------------

ON_POSTGRES = os.environ.get(ENV_DATABASE_URL, "").startswith("postgresql")


class Cluster:
    """A throwaway PostgreSQL cluster of our own, run as the ``postgres`` user."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "data"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self) -> None:
        shutil.chown(self.folder, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not ON_POSTGRES:
        pytest.skip("about PostgreSQL: runs when ASCENT_DATABASE_URL is PostgreSQL")
    folder = Path(tempfile.mkdtemp(prefix="ascent-pg-"))
    own = Cluster(folder, _free_port())
    own.create()
    own.start()
    try:
        yield own
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(own.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _clean_503(response: Any) -> bool:
    if response.status_code != 503:
        return False
    if response.headers["content-type"].startswith("application/json"):
        error = response.json()["error"]
        return error["type"] == "database" and set(error) == {"type", "message", "file", "line"}
    return "Traceback" not in response.text and "database" in response.text


def test_postgres_restarted_under_requests_gives_503s_then_recovers(
    cluster: Cluster, tmp_path: Path
) -> None:
    admin = create_engine(cluster.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("CREATE DATABASE ascent")
    admin.dispose()
    settings = build_world(cluster.url("ascent"), tmp_path / "world")
    application = create_app(settings, secret="test-secret")
    with TestClient(application, follow_redirects=False, raise_server_exceptions=True) as client:
        log_in(client, ANN, PASSWORD)
        page = "/person/1.json"
        assert client.get(page).status_code == 200
        answers: list[Any] = []
        stop = threading.Event()

        def traffic() -> None:
            while not stop.is_set():
                answers.append(client.get(page))
                answers.append(client.get("/person/1", headers={"accept": "text/html"}))

        worker = threading.Thread(target=traffic)
        worker.start()
        try:
            cluster.stop()
            down = [client.get(page), client.get("/person/1", headers={"accept": "text/html"})]
            cluster.start()
        finally:
            stop.set()
            worker.join(timeout=60)
        assert all(_clean_503(response) for response in down), [r.text for r in down]
        odd = [r for r in answers if r.status_code != 200 and not _clean_503(r)]
        assert odd == []
        after = [client.get(page) for _ in range(3)]
        assert [r.status_code for r in after] == [200, 200, 200]
        assert after[0].json()["person"] == "ann"

"""The demo programme the tests run on: its day, its logins, logging in, and its databases.

To get a demo database, call ``demo_database(tmp, suffix)`` (a database of its own, beside
the test's: SQLite in ``tmp``, on PostgreSQL ``<test db>_<suffix>``) or ``build_demo(url,
exports)`` (into the database at ``url``, replacing what it holds). Either is a copy of this
process's template, which is built once, on first use (about 25 s): a SQLite file copied with
the backup API, or on PostgreSQL ``CREATE DATABASE … TEMPLATE``. Each copy is the test's to
write to; its ``exports`` are a copy of the template's, but the database's feeds and import
records name the template's files (identical, and kept until the process ends).

Test modules import these (``from web_demo import SELLER, log_in``); the fixtures that use
them are in ``conftest.py`` files, and ``tests/conftest.py`` drops the databases at the end.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import URL, create_engine, make_url

from ascent.bootstrap import unit_of_work
from ascent.service.demo import demo_logins, run_demo
from ascent.settings import ENV_DATABASE_URL, Settings

#: the demo's last day: every page of the tests shows this day
DEMO_DAY = date(2026, 11, 30)
PASSWORD = "demo"
SELLER = "sam.steady@demo.example"
LEAD_NORTH = "lead.north@demo.example"
LEAD_SOUTH = "lead.south@demo.example"
ADMIN = "admin@demo.example"


@dataclass(frozen=True)
class Template:
    """A demo built once per process, that every demo database is copied from."""

    url: URL
    #: the directory that holds it (SQLite) and its exports; removed at the end
    home: Path

    @property
    def exports(self) -> Path:
        return self.home / "exports"


#: this process's templates, by backend (``sqlite``, ``postgresql``)
_TEMPLATES: dict[str, Template] = {}
#: where templates are built: pytest's base temporary directory (see ``keep_templates_in``),
#: which pytest removes a few runs later, should a process end before dropping its own
_HOME: list[Path] = []
#: the PostgreSQL databases named beside the test's one, dropped by ``drop_demo_databases``
_MADE: set[str] = set()


def build_demo(url: str, exports: Path) -> Settings:
    """The demo programme and its logins in the database at ``url``, replacing what it holds;
    the demo's exports copied to ``exports``."""
    return _copy_demo(make_url(url), exports)


def demo_database(tmp: Path, suffix: str = "web") -> Settings:
    """A demo database of its own (named as ``web_database`` names it), its exports in
    ``tmp / "exports"``."""
    return _copy_demo(_database_beside(tmp, suffix), tmp / "exports")


def web_database(tmp: Path, suffix: str = "web") -> str:
    """SQLite in ``tmp``; on PostgreSQL a database of its own (``<test db>_<suffix>``)."""
    url = _database_beside(tmp, suffix)
    if url.get_backend_name() == "postgresql":
        _recreate(url)
    return url.render_as_string(hide_password=False)


def demo_template(backend: str) -> Template:
    """This process's demo on ``backend``, built on first use (``run_demo``, then the logins
    with the password ``demo``); nothing stays connected to it."""
    if backend not in _TEMPLATES:
        home = Path(tempfile.mkdtemp(prefix="ascent-demo-", dir=_HOME[-1] if _HOME else None))
        url = web_database(home, "template") if backend == "postgresql" else None
        template = Template(make_url(url or f"sqlite:///{home / 'template.db'}"), home)
        settings = Settings(
            template.url.render_as_string(hide_password=False), explicit_database=True
        )
        with unit_of_work(settings, write=True) as uow:  # disposes of its engine
            run_demo(uow, exports=template.exports, end=DEMO_DAY, seed=2026)
            demo_logins(uow, password=PASSWORD)
        _TEMPLATES[backend] = template
    return _TEMPLATES[backend]


def keep_templates_in(directory: Path) -> None:
    """Build this process's templates in ``directory`` (else in the system's temporary one)."""
    _HOME.append(directory)


def drop_demo_databases() -> None:
    """Drop the templates and the databases ``web_database`` made (at the process's end)."""
    for made in _MADE:
        _drop(make_url(made))
    for template in _TEMPLATES.values():
        if template.url.get_backend_name() == "postgresql":
            _drop(template.url)
        shutil.rmtree(template.home, ignore_errors=True)
    _MADE.clear()
    _TEMPLATES.clear()


def _database_beside(tmp: Path, suffix: str) -> URL:
    """The URL ``web_database`` names; a PostgreSQL one is dropped at the process's end."""
    url = os.environ.get(ENV_DATABASE_URL, "")
    if not url.startswith("postgresql"):
        return make_url(f"sqlite:///{tmp / f'{suffix}-demo.db'}")
    parsed = make_url(url)
    beside = parsed.set(database=f"{parsed.database}_{suffix}")
    _MADE.add(beside.render_as_string(hide_password=False))
    return beside


def _copy_demo(target: URL, exports: Path) -> Settings:
    """The database at ``target`` afresh as a copy of the template, and its exports."""
    template = demo_template(target.get_backend_name())
    if target.get_backend_name() == "sqlite":
        _copy_sqlite(str(template.url.database), str(target.database))
    else:
        _recreate(target, f' TEMPLATE "{template.url.database}"')
    shutil.copytree(template.exports, exports, dirs_exist_ok=True)
    return Settings(target.render_as_string(hide_password=False), explicit_database=True)


def _copy_sqlite(source: str, target: str) -> None:
    """SQLite's online backup: a consistent copy, whatever the target's WAL holds."""
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def _recreate(database: URL, options: str = "") -> None:
    """Drop ``database`` (ending its sessions) and create it anew, with ``options``."""
    _on_server(
        database,
        f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)',
        f'CREATE DATABASE "{database.database}"{options}',
    )


def _drop(database: URL) -> None:
    _on_server(database, f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)')


def _on_server(url: URL, *statements: str) -> None:
    """Run ``statements`` in the server's ``postgres`` database (outside a transaction)."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    admin.dispose()


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """Log ``client`` in as ``email`` through the login form (CSRF token included)."""
    client.cookies.clear()
    client.get("/login")
    token = client.cookies["csrftoken"]
    response = client.post(
        "/login", data={"email": email, "password": password, "csrftoken": token, "next": "/"}
    )
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient) -> dict[str, str]:
    """The header an HTMX request (or a test) sends a form's CSRF token in."""
    return {"x-csrftoken": client.cookies["csrftoken"]}

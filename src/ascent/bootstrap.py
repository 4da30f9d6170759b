"""The composition root: the one place a front end opens the store.

The CLI (and later the web app and the workers) build a ``Settings`` and ask this module
for an engine with migrations applied, or for a unit of work on it, already scoped to the org
(and later the user) the command or request acts for (``UnitOfWork`` is exported for their
annotations); nothing else in the front ends knows how the store is made or how the org is
found. Only entry points import this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, make_url

from ascent.service.directory import DEFAULT_ORG, Waiting, enter_org
from ascent.settings import Settings, load_settings
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade
from ascent.store.scope import UnitOfWork

__all__ = [
    "DEMO_DB",
    "Database",
    "UnitOfWork",
    "database",
    "demo_settings",
    "open_store",
    "scoped_unit_of_work",
    "unit_of_work",
    "upgrade_store",
]

#: the demo's own database (in the data directory) when no database is given
DEMO_DB = "demo.db"


@dataclass(frozen=True, slots=True)
class Database:
    """The database a command opened, as it may be shown: the password hidden."""

    url: str
    #: the engine's dialect: ``sqlite`` or ``postgresql``
    engine: str

    def to_dict(self) -> dict[str, str]:
        return {"database": self.url, "engine": self.engine}


def open_store(settings: Settings) -> Engine:
    """The engine, with migrations applied on first use; the caller disposes of it."""
    engine = make_engine(settings)
    upgrade(engine)
    return engine


@contextmanager
def unit_of_work(
    settings: Settings,
    *,
    org: str = DEFAULT_ORG,
    write: bool = False,
    on_wait: Waiting | None = None,
) -> Iterator[UnitOfWork]:
    """A unit of work on a freshly opened store, scoped to the org ``org`` (resolved here,
    once: services only read ``uow.scope``); its engine is disposed of at the end.

    A writer (``write``) takes the writer's turn first (``on_wait`` hears once when it has
    to wait for another one), then gets the org or creates it; a reader never waits and
    sees an empty org before its first import (``service.directory.enter_org``).
    """
    engine = open_store(settings)
    try:
        with scoped_unit_of_work(engine, org=org, write=write, on_wait=on_wait) as uow:
            yield uow
    finally:
        engine.dispose()


@contextmanager
def scoped_unit_of_work(
    engine: Engine, *, org: str = DEFAULT_ORG, write: bool = False, on_wait: Waiting | None = None
) -> Iterator[UnitOfWork]:
    """``unit_of_work`` on an engine the caller owns (tests, a web app's long-lived one)."""
    with UnitOfWork(engine, writer=write) as uow:
        enter_org(uow, org=org, write=write, on_wait=on_wait)
        yield uow


def upgrade_store(settings: Settings) -> Database:
    """Bring the schema to the newest revision and say which database that was."""
    open_store(settings).dispose()
    return database(settings)


def database(settings: Settings) -> Database:
    """Which database ``settings`` name, the password hidden."""
    url = make_url(settings.database_url)
    return Database(url.render_as_string(hide_password=True), url.get_backend_name())


def demo_settings(db: str | None) -> Settings:
    """The demo's settings: ``db`` (or the environment's) if given, else its own database.

    The demo's own SQLite database is removed first, so every run rebuilds it and a demo
    never mixes with (or touches) the user's real data.
    """
    settings = load_settings(db, default_name=DEMO_DB)
    if not settings.explicit_database:
        _remove_sqlite(Path(settings.database_url.removeprefix("sqlite:///")))
    return settings


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

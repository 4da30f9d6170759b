"""Back up and restore the whole store, and tell whether its schema is the one this release
needs (``ascent backup``, ``ascent restore``, ``/readyz``).

What is checked before a restore writes anything: the file is a backup of the target's
engine (one engine's backup is never converted into the other's), it reads whole (not
truncated or damaged), it holds a schema revision this release knows (a newer release's
backup needs that release), and the target is empty unless ``force``. How each engine
copies is in ``store.backup``.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import URL, Engine, make_url, text

from ascent.errors import ConfigError
from ascent.settings import Settings
from ascent.store import backup as engines
from ascent.store.backup import BackupError, Progress, known_revision
from ascent.store.engine import make_engine
from ascent.store.migrate import current_revision, head_revision, upgrade

__all__ = ["BackupError", "BackupView", "SchemaState", "back_up", "restore", "schema_state"]

_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True, slots=True)
class BackupView:
    """What a backup or a restore wrote: the file, its size, the schema revision it holds."""

    path: str
    bytes: int
    revision: str
    engine: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Whether the database answers with the schema this release needs."""

    engine: str
    revision: str | None
    head: str | None

    @property
    def ready(self) -> bool:
        """At the head, or at a revision this release does not know: a newer release's
        migration, which only adds (docs/deploy.md), so this release still works on it."""
        return self.revision == self.head or (
            self.revision is not None and not known_revision(self.revision)
        )

    def to_dict(self) -> dict[str, object]:
        return {"engine": self.engine, "revision": self.revision, "head": self.head}


def schema_state(engine: Engine) -> SchemaState:
    """Ask the database (a round trip: it answers) which schema revision it is at."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return SchemaState(engine.dialect.name, current_revision(engine), head_revision())


def back_up(settings: Settings, path: Path, *, progress: Progress | None = None) -> BackupView:
    """Write the whole store to ``path`` (replaced only once the new backup is complete)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not _sqlite_path(url).exists():
        raise ConfigError(f"{_shown(url)} does not exist: nothing to back up")
    engine = make_engine(settings)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision is None:
        raise ConfigError(f"{_shown(url)} holds no Ascent database: nothing to back up")
    if not path.parent.is_dir() or path.is_dir():
        raise ConfigError(f"cannot write {path}: its folder does not exist or it is a folder")
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            engines.copy_sqlite(_sqlite_path(url), partial, progress)
        else:
            _say(progress, f"pg_dump of {url.database} …")
            engines.dump_postgres(url, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupView(str(path), path.stat().st_size, revision, url.get_backend_name())


def restore(
    settings: Settings, path: Path, *, force: bool = False, progress: Progress | None = None
) -> BackupView:
    """Replace the store by the backup at ``path``; refuses a non-empty store unless ``force``.

    Every check reads the file before anything is written; the restore itself is one
    transaction. The schema is then brought to this release's head (``store.migrate``).
    """
    url = make_url(settings.database_url)
    backend = url.get_backend_name()
    if not path.is_file():
        raise BackupError(str(path), "no such file")
    found = engines.backup_engine(path)
    if found is None:
        raise BackupError(str(path), "not an Ascent backup (neither SQLite nor pg_dump)")
    if found != backend:
        raise BackupError(
            str(path),
            f"a backup of {_ENGINE_NAMES[found]}, and the database is {_ENGINE_NAMES[backend]}: "
            "restore it into a database of the same engine",
        )
    _say(progress, f"checking {path.name} …")
    is_sqlite = backend == "sqlite"
    revision = engines.sqlite_revision(path) if is_sqlite else engines.archive_revision(path)
    if not known_revision(revision):
        raise BackupError(
            str(path), f"schema revision {revision} is newer than this release: restore it "
            "with the release that made it"
        )  # fmt: skip
    engine = make_engine(settings)
    try:
        empty = engines.is_empty(engine)
        if not (empty or force):
            raise ConfigError(
                f"{_shown(url)} is not empty: restore into an empty database, "
                "or pass --force to replace everything in it"
            )
        _say(progress, f"restoring revision {revision} into {_shown(url)} …")
        if is_sqlite:
            engine.dispose()
            engines.restore_sqlite(path, _sqlite_path(url))
        else:
            engines.restore_postgres(url, path, clear=not empty)
        upgrade(engine)
    finally:
        engine.dispose()
    return BackupView(str(path), path.stat().st_size, revision, backend)


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise ConfigError("an in-memory SQLite database has no file to back up or restore")
    return Path(url.database)


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _say(progress: Progress | None, line: str) -> None:
    if progress is not None:
        progress(line)

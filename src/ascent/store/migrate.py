"""Apply Alembic migrations programmatically: on first use and by ``ascent db upgrade``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from ascent.store.engine import lock_for_writing

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; returns it. Cheap when already there.

    Two processes that find an absent database at once (two first imports) must not both
    create it: the upgrade holds the writer lock and looks at the revision again under it.
    """
    head = head_revision()
    if current_revision(engine) == head:
        return head
    config = alembic_config()
    with engine.begin() as connection:
        lock_for_writing(connection, "migrations")
        if MigrationContext.configure(connection).get_current_revision() != head:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return head

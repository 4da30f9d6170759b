from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.migrate import current_revision, head_revision, upgrade
from ascent.store.models import Base


def test_upgrade_creates_every_table_and_is_idempotent(database_url: str) -> None:
    engine = make_engine(Settings(database_url))
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision() == "0011"
    assert upgrade(engine) == "0011"
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) | {"alembic_version"} == tables
    engine.dispose()


def test_the_migrated_schema_is_the_models(database_url: str) -> None:
    """Columns, types, nullability, unique constraints and indexes: what autogenerate would
    still want to change after the last migration is nothing.

    On SQLite the foreign keys stay single-column (migration 0010: the embedded database holds
    one org and is never distributed; tests/store/test_tenancy_keys.py checks what it keeps),
    so they are left out of the comparison there."""
    engine = make_engine(Settings(database_url))
    upgrade(engine)
    opts: dict[str, object] = {"compare_type": True}
    if engine.dialect.name == "sqlite":
        opts["include_object"] = lambda _o, _n, kind, _r, _c: kind != "foreign_key_constraint"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_every_table_but_orgs_is_scoped_by_org(database_url: str) -> None:
    engine = make_engine(Settings(database_url))
    upgrade(engine)
    inspector = inspect(engine)
    for table in set(Base.metadata.tables) - {"orgs"}:
        columns = {c["name"] for c in inspector.get_columns(table)}
        assert "org_id" in columns, table
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(Settings(f"sqlite:///{tmp_path / 'wal.db'}"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()

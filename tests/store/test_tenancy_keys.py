"""Every key includes ``org_id``: the schema can be distributed by org on Citus as it is.

The live schema of a migrated database, read with SQLAlchemy's inspector, must be
``tenancy_faults``-free on PostgreSQL (CI runs this module there): every table but ``orgs``
has ``org_id`` NOT NULL with a foreign key to ``orgs``, and every primary key, unique
constraint or index and foreign key between tenant tables includes it, the foreign key's
``org_id`` matching the referenced ``org_id``. SQLite keeps its physical keys (``id INTEGER
PRIMARY KEY``, single-column foreign keys: migration 0010, ``store/models.py``), which the
SQLite run asserts exactly. The checker itself is tried on metadata with a table added
without the keys, so a new table cannot slip through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    insert,
    inspect,
)
from sqlalchemy.exc import IntegrityError

from ascent.store.migrate import alembic_config
from ascent.store.models import Base, Org, Person, Team, tenant_keys

#: tables that are not the tenants': the reference table, Alembic's, and the job queue's
#: own (``procrastinate_*``, which stay local on a Citus coordinator)
NOT_TENANT = {"orgs", "alembic_version"}
QUEUE_PREFIX = "procrastinate_"

ForeignKeyShape = tuple[tuple[str, ...], str, tuple[str, ...]]


@dataclass(frozen=True)
class TableKeys:
    """What distribution depends on in one table: ``org_id``'s nullability and the keys."""

    org_id_nullable: bool | None  # None: no org_id column
    primary_key: tuple[str, ...]
    uniques: frozenset[tuple[str, ...]]
    foreign_keys: frozenset[ForeignKeyShape]


def live_keys(engine: Engine) -> dict[str, TableKeys]:
    inspector = inspect(engine)
    schema = {}
    for table in inspector.get_table_names():
        nullable = {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
        uniques |= {
            tuple(str(c) for c in i["column_names"])
            for i in inspector.get_indexes(table)
            if i["unique"]
        }
        foreign_keys = {
            (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
            for f in inspector.get_foreign_keys(table)
        }
        schema[table] = TableKeys(
            nullable.get("org_id"),
            tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            frozenset(uniques),
            frozenset(foreign_keys),
        )
    return schema


def metadata_keys(metadata: MetaData) -> dict[str, TableKeys]:
    schema = {}
    for name, table in metadata.tables.items():
        uniques = {
            tuple(c.name for c in u.columns)
            for u in table.constraints
            if isinstance(u, UniqueConstraint)
        }
        uniques |= {tuple(str(c.name) for c in i.columns) for i in table.indexes if i.unique}
        foreign_keys = {
            (
                tuple(c.name for c in f.columns),
                f.referred_table.name,
                tuple(e.column.name for e in f.elements),
            )
            for f in table.foreign_key_constraints
        }
        org_id = table.columns.get("org_id")
        schema[name] = TableKeys(
            None if org_id is None else org_id.nullable,
            tuple(c.name for c in table.primary_key.columns),
            frozenset(uniques),
            frozenset(foreign_keys),
        )
    return schema


def tenant_tables(schema: dict[str, TableKeys]) -> list[str]:
    return sorted(t for t in schema if t not in NOT_TENANT and not t.startswith(QUEUE_PREFIX))


def tenancy_faults(schema: dict[str, TableKeys]) -> list[str]:
    """Why ``schema`` could not be distributed by ``org_id`` as it is (empty: it can)."""
    tenants = set(tenant_tables(schema))
    faults = []
    for table in sorted(tenants):
        keys = schema[table]
        if keys.org_id_nullable is not False:
            faults.append(f"{table}: org_id missing or nullable")
        if (("org_id",), "orgs", ("id",)) not in keys.foreign_keys:
            faults.append(f"{table}: no foreign key org_id -> orgs.id")
        if "org_id" not in keys.primary_key:
            faults.append(f"{table}: primary key {keys.primary_key} lacks org_id")
        faults += [
            f"{table}: unique {u} lacks org_id" for u in sorted(keys.uniques) if "org_id" not in u
        ]
        for columns, target, referred in sorted(keys.foreign_keys):
            if target in tenants and ("org_id", "org_id") not in zip(
                columns, referred, strict=True
            ):
                faults.append(f"{table}: foreign key {columns} -> {target} {referred} lacks org_id")
    return faults


def sqlite_kept(schema: dict[str, TableKeys]) -> dict[str, TableKeys]:
    """``schema`` as SQLite keeps it: ``id`` alone as primary key and single-column foreign
    keys between tenant tables."""
    tenants = set(tenant_tables(schema))
    kept = {}
    for table, keys in schema.items():
        if table not in tenants:
            kept[table] = keys
            continue
        foreign_keys = {
            (columns[1:], target, referred[1:])
            if target in tenants
            else (columns, target, referred)
            for columns, target, referred in keys.foreign_keys
        }
        kept[table] = replace(keys, primary_key=("id",), foreign_keys=frozenset(foreign_keys))
    return kept


def _expected(engine: Engine) -> dict[str, TableKeys]:
    expected = metadata_keys(Base.metadata) | {"alembic_version": _ALEMBIC_VERSION}
    return sqlite_kept(expected) if engine.dialect.name == "sqlite" else expected


_ALEMBIC_VERSION = TableKeys(None, ("version_num",), frozenset(), frozenset())


def _without_queue(schema: dict[str, TableKeys]) -> dict[str, TableKeys]:
    return {t: keys for t, keys in schema.items() if not t.startswith(QUEUE_PREFIX)}


def test_the_models_declare_every_key_with_org_id() -> None:
    schema = metadata_keys(Base.metadata)
    assert tenancy_faults(schema) == []
    assert len(tenant_tables(schema)) == len(Base.metadata.tables) - 1 == 22
    assert schema["people"].primary_key == ("org_id", "id")
    assert schema["activities"].foreign_keys == {
        (("org_id",), "orgs", ("id",)),
        (("org_id", "person_id"), "people", ("org_id", "id")),
        (("org_id", "contact_id"), "contacts", ("org_id", "id")),
        (("org_id", "identity_id"), "contact_identities", ("org_id", "id")),
        (("org_id", "import_batch_id"), "import_batches", ("org_id", "id")),
    }
    between_tenants = sum(
        target != "orgs" for keys in schema.values() for _, target, _ in keys.foreign_keys
    )
    assert between_tenants == 29
    # the ORM's identity stays on id alone: session.get(Person, 7) keeps working
    assert [c.name for c in inspect(Person).primary_key] == ["id"]


def test_the_checker_finds_a_table_added_without_the_keys() -> None:
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("org_id", ForeignKey("orgs.id")),
        Column("person_id", ForeignKey("people.id")),
        Column("title", String(100)),
        UniqueConstraint("title"),
        Index("ix_notes_person", "person_id", unique=True),
    )
    Table("tags", metadata, Column("id", Integer, primary_key=True))
    Table(
        "labels",
        metadata,
        Column("org_id", ForeignKey("orgs.id"), nullable=False),
        Column("id", Integer),
        Column("person_id", Integer),
        *tenant_keys("labels", person_id="people"),
    )
    assert tenancy_faults(metadata_keys(metadata)) == [
        "notes: org_id missing or nullable",
        "notes: primary key ('id',) lacks org_id",
        "notes: unique ('person_id',) lacks org_id",
        "notes: unique ('title',) lacks org_id",
        "notes: foreign key ('person_id',) -> people ('id',) lacks org_id",
        "tags: org_id missing or nullable",
        "tags: no foreign key org_id -> orgs.id",
        "tags: primary key ('id',) lacks org_id",
    ]


def test_the_migrated_schema_has_every_key_with_org_id(engine: Engine) -> None:
    """On PostgreSQL the live keys are the models' and fault-free; on SQLite they are what
    SQLite keeps, exactly."""
    live = _without_queue(live_keys(engine))
    assert live == _expected(engine)
    if engine.dialect.name == "sqlite":
        assert len(tenancy_faults(live)) == 22 + 29  # each primary key, each tenant FK
    else:
        assert tenancy_faults(live) == []


def test_a_reference_to_another_orgs_row_is_refused_on_postgresql(engine: Engine) -> None:
    """The composite foreign key refuses a person of one org in another org's team; SQLite
    (one org, single-column keys) accepts it, as documented."""
    created = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        orgs = [
            connection.execute(
                insert(Org).values(slug=s, name=s, created_at=created).returning(Org.id)
            ).scalar_one()
            for s in ("a", "b")
        ]
        team = connection.execute(
            insert(Team).values(org_id=orgs[0], name="T").returning(Team.id)
        ).scalar_one()
    stray = insert(Person).values(org_id=orgs[1], team_id=team, name="Bea")
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(stray)
            return
        with pytest.raises(IntegrityError, match="fk_people_team_id_teams"):
            connection.execute(stray)


def test_migration_0010_downgrades_and_upgrades_again(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    down = _without_queue(live_keys(engine))
    if engine.dialect.name == "sqlite":
        assert down == _expected(engine)
    else:
        assert down == sqlite_kept(_expected(engine))  # the keys before 0010: id alone
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert _without_queue(live_keys(engine)) == _expected(engine)

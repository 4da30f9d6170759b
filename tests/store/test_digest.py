"""The compact dedup key (issue 10, item 2): pinned bytes, unambiguous parts, and migration 0006.

A database written at revision 0005 (source-key text unique) is migrated; its rows must get
the very digests a fresh import writes, and a re-import of the same exports must add nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, Engine

from ascent.bootstrap import open_store, scoped_unit_of_work
from ascent.domain.records import (
    ActivityRecord,
    OutcomeRecord,
    Record,
    fit_source_key,
    source_digest,
)
from ascent.importers.registry import open_source
from ascent.service.imports import import_paths
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.migrate import alembic_config, current_revision
from ascent.store.models import stored_text

LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin" / "2026"
PERSON = "Ada Example"
LONG_ID = "x" * 800  # over SOURCE_KEY_CHARS: stored as its head and a SHA-256
LOG = (
    "date,kind,channel,amount,id\n"
    "2026-03-02,call,phone,,r1\n"
    "2026-03-02,email_out,email,,r1\n"  # the same key on another channel: another activity
    "2026-03-03,deal_won,,5000,r1\n"  # and as an outcome
    "2026-03-03,deal_won,,5000,r1\n"  # repeated inside the export
    f"2026-03-04,call,phone,,{LONG_ID}\n"
    "2026-03-05,call,phone,,bell\x07key\n"  # a control character, stripped when stored
)


def test_a_known_key_has_pinned_bytes() -> None:
    """The same bytes forever: they sit in every database. Cross-checked with coreutils:
    ``printf '\\0\\0\\0\\0\\0\\0\\0\\6csv:r1' | b2sum -l 128``."""
    assert source_digest("csv:r1").hex() == "e42b10b387c2fe4da04f72fd7a413013"
    assert source_digest("café").hex() == "fbf2f6506f8d60b3ebe869ab4376d83a"
    assert (
        source_digest("linkedin", "msg:2-abc|ada|2026-03-02T10:00:00+00:00").hex()
        == "ee0b9bf08e2df98b212cc02f97567c10"
    )


def test_parts_never_run_into_each_other() -> None:
    assert source_digest("a", "b\x1fc") != source_digest("a\x1fb", "c")
    assert source_digest("ab", "c") != source_digest("a", "bc")
    assert source_digest("ab") != source_digest("a", "b")
    assert source_digest("a", "") != source_digest("a")
    assert len(source_digest("linkedin", "k" * 700)) == 16


@pytest.fixture
def exports(tmp_path: Path) -> list[Path]:
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    return [LINKEDIN, log]


def test_migration_fills_the_digests_a_fresh_import_writes(
    database_url: str, exports: list[Path], tmp_path: Path
) -> None:
    engine = _at_0005_with_rows(database_url, exports)
    command_upgrade(engine, "head")
    fresh = open_store(Settings(f"sqlite:///{tmp_path / 'fresh.db'}", explicit_database=True))
    report = _import(fresh, exports)
    assert (report["added"], report["duplicates"]) == (EXPECTED_ROWS, 1)
    assert _keys(engine) == _keys(fresh)
    assert len(_keys(engine)[0]) + len(_keys(engine)[1]) == EXPECTED_ROWS
    fresh.dispose()
    engine.dispose()


def test_reimport_after_the_migration_adds_nothing(database_url: str, exports: list[Path]) -> None:
    engine = _at_0005_with_rows(database_url, exports)
    command_upgrade(engine, "head")
    before = _counts(engine)
    report = _import(engine, exports)
    assert (report["added"], report["duplicates"]) == (0, EXPECTED_ROWS + 1)
    assert _counts(engine) == before == (EXPECTED_ACTIVITIES, EXPECTED_ROWS - EXPECTED_ACTIVITIES)
    engine.dispose()


def test_downgrade_puts_the_text_key_back_and_upgrade_refills(
    database_url: str, exports: list[Path]
) -> None:
    engine = _at_0005_with_rows(database_url, exports)
    command_upgrade(engine, "head")
    migrated = _keys(engine)
    with engine.begin() as connection:
        command.downgrade(_config(connection), "0005")
    assert current_revision(engine) == "0005"
    assert "source_digest" not in {c["name"] for c in sa.inspect(engine).get_columns("outcomes")}
    command_upgrade(engine, "head")
    assert _keys(engine) == migrated
    engine.dispose()


#: rows the exports hold once duplicates are gone: LinkedIn 2026's 19 activities (the counts
#: of its expected.json) and the log's 4 activities and 1 outcome (its 1 duplicate aside)
EXPECTED_ACTIVITIES = 19 + 4
EXPECTED_ROWS = EXPECTED_ACTIVITIES + 1


def _config(connection: Connection) -> Any:
    config = alembic_config()
    config.attributes["connection"] = connection
    return config


def command_upgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def _at_0005_with_rows(url: str, exports: list[Path]) -> Engine:
    """A database at revision 0005 holding the exports' rows as the loader of 0005 stored
    them (stored text, fitted keys, text-unique), written with plain Core statements."""
    engine = make_engine(Settings(url))
    command_upgrade(engine, "0005")
    with engine.begin() as connection:
        person = _person(connection)
        seen: set[tuple[str, ...]] = set()
        for record in _records(exports):
            _write_0005(connection, person, record, seen)
    return engine


def _person(connection: Connection) -> tuple[int, int]:
    """An org and its person, inserted as rows: (org id, person id)."""
    now = datetime(2026, 12, 1, tzinfo=UTC)
    orgs = _table("orgs", "slug", "name", "store_bodies", "created_at")
    connection.execute(
        orgs.insert().values(slug="default", name="Org", store_bodies=False, created_at=now)
    )
    org = connection.execute(sa.select(orgs.c.id)).scalar_one()
    teams = _table("teams", "org_id", "name")
    connection.execute(teams.insert().values(org_id=org, name="Default team"))
    team = connection.execute(sa.select(teams.c.id)).scalar_one()
    people = _table("people", "org_id", "team_id", "name", "role")
    connection.execute(people.insert().values(org_id=org, team_id=team, name=PERSON, role="seller"))
    return org, connection.execute(sa.select(people.c.id)).scalar_one()


def _records(exports: list[Path]) -> Iterator[Record]:
    for path in exports:
        source, importer = open_source(path)
        with source:
            yield from importer.parse(source)


def _write_0005(
    connection: Connection, person: tuple[int, int], r: Record, seen: set[tuple[str, ...]]
) -> None:
    if not isinstance(r, ActivityRecord | OutcomeRecord):
        return
    at = r.occurred_at.astimezone(UTC)
    key = fit_source_key(stored_text(r.source_key))
    row = {
        "org_id": person[0],
        "person_id": person[1],
        "kind": r.kind,
        "occurred_at": at,
        "day": at.date(),
        "raw_time": stored_text(r.raw_time[:64]),
        "source_key": key,
    }
    if isinstance(r, ActivityRecord):
        unique, table = ("a", r.channel, key), "activities"
        row |= {"channel": r.channel, "is_question": r.is_question}
    else:
        unique, table = ("o", "", key), "outcomes"
        row |= {"amount": r.amount}
    if unique not in seen:  # what the 0005 unique constraint turned away
        seen.add(unique)
        connection.execute(_table(table, *row).insert().values(row))


def _table(name: str, *columns: str) -> sa.TableClause:
    """A table as plain columns with the types they are bound as (no model: the models are
    the newest schema, these rows are written at an older one)."""
    types: dict[str, Any] = {
        "occurred_at": sa.DateTime(timezone=True),
        "created_at": sa.DateTime(timezone=True),
        "day": sa.Date(),
        "store_bodies": sa.Boolean(),
        "is_question": sa.Boolean(),
        "amount": sa.Float(),
    }
    return sa.table(
        name,
        sa.column("id", sa.Integer),
        *(
            sa.column(c, sa.Integer() if c.endswith("_id") else types.get(c, sa.String()))
            for c in columns
        ),
    )


def _import(engine: Engine, exports: list[Path]) -> dict[str, Any]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return import_paths(uow, paths=exports, person=PERSON).to_dict()


def _keys(engine: Engine) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every activity's (channel, source key, digest) and every outcome's (key, digest)."""
    with engine.connect() as connection:
        activities = connection.exec_driver_sql(
            "SELECT channel, source_key, source_digest FROM activities"
        )
        outcomes = connection.exec_driver_sql("SELECT source_key, source_digest FROM outcomes")
        found = {(c, k, bytes(d)) for c, k, d in activities}, {(k, bytes(d)) for k, d in outcomes}
    for channel, key, digest in found[0]:
        assert digest == source_digest(channel, key)
    for key, digest in found[1]:
        assert digest == source_digest(key)
    return found


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (
            connection.exec_driver_sql("SELECT count(*) FROM activities").scalar_one(),
            connection.exec_driver_sql("SELECT count(*) FROM outcomes").scalar_one(),
        )

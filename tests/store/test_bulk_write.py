"""The loader's bulk write: staged, moved in digest order, the same rows whatever the route.

An ``ActivityBatch`` stores exactly what its records store; rows go through the staging
table in any number of stages and moves with the same result (the first of two equal keys
wins); the staging table is gone after the load. Runs on SQLite and, with
``ASCENT_DATABASE_URL`` set, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Connection, Engine, select, text

from ascent.bootstrap import scoped_unit_of_work
from ascent.domain.records import (
    SOURCE_KEY_CHARS,
    ActivityBatch,
    ActivityRecord,
    ContactRef,
    Record,
    fit_source_key,
)
from ascent.service.directory import ensure_person
from ascent.store import loader, staging
from ascent.store.loader import Loader, LoadResult
from ascent.store.models import Activity, Contact, ContactIdentity, ImportBatch
from ascent.store.scope import UnitOfWork

ANN = ContactRef(name="Ann Archer", profile_url="https://www.linkedin.com/in/ann-archer")
BOB = ContactRef(name="Bob Baker")
UNUSED = ContactRef(name="Nobody Named", email="nobody@example.com")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CET = timezone(timedelta(hours=1))
LONG_KEY = "thread-" + "x" * SOURCE_KEY_CHARS


def _batch() -> ActivityBatch:
    """Seven activities: contacts first named in the order Bob, Ann (not the list's order),
    one with none, a key repeated with another body, a key over the stored length, a time
    with an offset and a body with a control character."""
    return ActivityBatch(
        source_key=["k1", "k2", "k3", "k1", LONG_KEY, "k5", "k6"],
        occurred_at=[
            T0,
            T0 + timedelta(hours=1),
            T0 + timedelta(days=1),
            T0 + timedelta(days=2),
            datetime(2026, 3, 4, 0, 30, tzinfo=CET),
            T0 + timedelta(days=3),
            T0 + timedelta(days=3, minutes=5),
        ],
        raw_time=["raw1", "raw2", "raw3", "raw4", "2026-03-04 00:30 +01:00", "raw5", "raw6"],
        channel=["linkedin"] * 6 + ["x"],
        kind=["message_out", "message_in", "post", "message_out", "message_out", "like", "dm_out"],
        contact=[1, 0, -1, 1, 0, 0, 1],
        contacts=[ANN, BOB, UNUSED],
        link=[None, "https://example.com/p/2", None, None, None, None, None],
        body=["first", "Hi?", "a post", "second", None, "bell\x07rings", None],
        is_question=[False, True, False, False, False, False, False],
    )


def _load(engine: Engine, records: Iterable[Record]) -> tuple[LoadResult, list[tuple[object, ...]]]:
    """Load ``records`` as one import batch of a new person; the result and the stored rows
    (contacts and identities by name and value: their ids depend on the engine), rolled back.
    """
    with scoped_unit_of_work(engine, write=True) as uow:
        person = ensure_person(uow, "ada@example.com")
        connection = uow.session.connection()
        result = Loader(
            connection,
            uow.scope.org_id,
            _new_batch(uow),
            lambda _name: person.id,
            store_bodies=True,
        ).load(records)
        rows = _stored(connection)
        assert not _staging_tables(connection)
    return result, rows


def _new_batch(uow: UnitOfWork) -> int:
    """A new import batch's id."""
    batch = ImportBatch(org_id=uow.scope.org_id, format="t", source="t", started_at=T0, report={})
    uow.session.add(batch)
    uow.session.flush()
    return batch.id


def _stored(connection: Connection) -> list[tuple[object, ...]]:
    a, c, i = Activity, Contact, ContactIdentity
    query = (
        select(
            a.channel,
            a.kind,
            a.occurred_at,
            a.day,
            a.raw_time,
            a.source_key,
            a.source_digest,
            a.link,
            a.body,
            a.is_question,
            c.name,
            i.kind,
            i.value,
        )
        .outerjoin(c, c.id == a.contact_id)
        .outerjoin(i, i.id == a.identity_id)
        .order_by(a.source_key)  # rows go in by digest: their ids follow no file order
    )
    return [tuple(row) for row in connection.execute(query)]


def _staging_tables(connection: Connection) -> list[str]:
    """The loader's temporary tables left on ``connection``."""
    if connection.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_temp_master WHERE name LIKE 'ascent_staging%'"
    else:
        sql = "SELECT relname FROM pg_class WHERE relname LIKE 'ascent_staging%'"
    return list(connection.execute(text(sql)).scalars())


def test_a_batch_stores_exactly_what_its_records_store(engine: Engine) -> None:
    from_records, rows = _load(engine, list(_batch().records()))
    from_batch, batch_rows = _load(engine, [_batch()])
    assert batch_rows == rows
    for result in (from_records, from_batch):
        assert result.parsed == {
            "message_out": 3,
            "message_in": 1,
            "post": 1,
            "like": 1,
            "dm_out": 1,
        }
        assert result.added == {
            "message_out": 2,
            "message_in": 1,
            "post": 1,
            "like": 1,
            "dm_out": 1,
        }
        assert result.duplicates == 1
        assert result.new_contacts == 2  # Bob and Ann; the unused counterpart is not created
    stored = [(r[1], r[5], r[8], r[10]) for r in batch_rows]
    assert stored == [
        ("message_out", "k1", "first", "Bob Baker"),  # the first of the two k1 is kept
        ("message_in", "k2", "Hi?", "Ann Archer"),
        ("post", "k3", "a post", None),
        ("like", "k5", "bellrings", "Ann Archer"),
        ("dm_out", "k6", None, "Bob Baker"),
        ("message_out", fit_source_key(LONG_KEY), None, "Ann Archer"),
    ]
    occurred_at, day = batch_rows[-1][2], batch_rows[-1][3]
    assert isinstance(occurred_at, datetime)
    assert occurred_at.replace(tzinfo=None) == datetime(2026, 3, 3, 23, 30)  # in UTC
    assert day == date(2026, 3, 3)


def test_rows_staged_and_moved_in_small_steps_are_the_same(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, at_once = _load(engine, [_batch()])
    monkeypatch.setattr(loader, "BATCH_ROWS", 2)
    monkeypatch.setattr(staging, "MOVE_ROWS", 3)
    result, in_steps = _load(engine, [*_batch().records(), _batch()])  # all twice
    assert in_steps == at_once
    assert result.duplicates == 8  # the repeated k1, then the whole batch again


def test_a_load_into_stored_rows_adds_only_new_ones(engine: Engine) -> None:
    more = ActivityRecord("k9", T0 + timedelta(days=9), "raw9", "linkedin", "post")
    with scoped_unit_of_work(engine, write=True) as uow:
        person = ensure_person(uow, "ada@example.com")
        org_id = uow.scope.org_id
        results = []
        for records in ([_batch()], [_batch(), more]):
            connection = uow.session.connection()
            load = Loader(connection, org_id, _new_batch(uow), lambda _name: person.id)
            results.append(load.load(records))
        assert [sum(r.added.values()) for r in results] == [6, 1]
        assert [r.duplicates for r in results] == [1, 7]
        assert len(_stored(connection)) == 7


def test_an_empty_batch_writes_nothing_and_looks_nobody_up(engine: Engine) -> None:
    """As its (no) records: a person looked up may be a person created."""
    asked: list[str | None] = []
    empty = ActivityBatch([], [], [], [], [], [], [ANN], [], [], [])
    with scoped_unit_of_work(engine, write=True) as uow:
        connection = uow.session.connection()
        result = Loader(
            connection, uow.scope.org_id, _new_batch(uow), lambda name: asked.append(name) or 1
        ).load([empty])
        assert _stored(connection) == []
        assert connection.execute(select(Contact.id)).all() == []
    assert asked == []
    assert (result.parsed, result.added, result.new_contacts) == ({}, {}, 0)

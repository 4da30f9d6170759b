"""Read the rollups of many people as Polars frames, never one Python object per row.

The columnar measures (``ascent.analytics.columnar``) read what ``store.facts.load_facts``
reads — activity_days summed over channels, contact_days and outcomes up to the as-of day,
pauses and the explicit programme start (the person's own, else the team's) — as columns.
Two paths, same frames:

- ``read_frames(connection, …)``: Polars over the SQLAlchemy connection, so it sees the
  caller's transaction and works on any engine; the driver still hands rows to Python
  before Polars packs them into columns.
- ``read_frames_adbc(url, …)``: the ADBC driver (SQLite or PostgreSQL) returns Arrow batches
  straight from the database; it opens its own connection, so it sees committed data only.
  The app uses it on PostgreSQL only (``adbc_reads``): on SQLite it would bring a second
  copy of SQLite into a process whose sqlite3 connections it would unlock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import CompoundSelect, Connection, Select, false, func, literal, select, union_all
from sqlalchemy.engine import URL, make_url

from ascent.analytics.columnar.frames import (
    ACTIVITY_DAYS,
    CONTACT_DAYS,
    OUTCOMES,
    PAUSES,
    PEOPLE,
    TARGETS,
    FactFrames,
)
from ascent.domain.strategy import Strategy
from ascent.store.facts import target_condition
from ascent.store.models import ActivityDay, Contact, ContactDay, Outcome, Pause, Person, Team

AnySelect = Select[*tuple[Any, ...]] | CompoundSelect[*tuple[Any, ...]]


def read_frames(
    connection: Connection,
    org_id: int,
    *,
    person_ids: Iterable[int],
    as_of: date,
    strategies: Mapping[int, Strategy],
) -> FactFrames:
    """The facts of ``person_ids`` as of the end of ``as_of``, through ``connection``, with
    their teams' ``strategies`` (by team id) naming their target contacts."""
    queries = fact_queries(org_id, sorted(set(person_ids)), as_of, strategies)
    # every row decides a column's type: a person's first 100 outcomes may all be web visits
    # (no account, no contact) and a later one name an account
    return _frames(
        lambda query: pl.read_database(query, connection, infer_schema_length=None), queries
    )


def read_frames_adbc(
    url: str | URL,
    org_id: int,
    *,
    person_ids: Iterable[int],
    as_of: date,
    strategies: Mapping[int, Strategy],
) -> FactFrames:
    """The same frames through an ADBC connection of its own to the database at ``url``."""
    url = make_url(url)
    queries = fact_queries(org_id, sorted(set(person_ids)), as_of, strategies)
    dialect = _dialect(url)
    with _adbc_connect(url) as adbc:

        def read(query: AnySelect) -> pl.DataFrame:
            sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            with adbc.cursor() as cursor:
                cursor.execute(sql)
                return pl.from_arrow(cursor.fetch_arrow_table())  # type: ignore[return-value]

        return _frames(read, queries)


def fact_queries(
    org_id: int, ids: list[int], as_of: date, strategies: Mapping[int, Strategy]
) -> dict[str, AnySelect]:
    """One query per frame, with the filters and grouping of ``store.facts.load_facts``."""
    a, c, o, p = ActivityDay, ContactDay, Outcome, Pause
    return {
        "people": select(
            Person.id.label("person"),
            func.coalesce(Person.programme_start, Team.programme_start).label("explicit_start"),
            Person.headline,
            Person.summary,
        )
        .join(Team, Team.id == Person.team_id)
        .where(Person.org_id == org_id, Person.id.in_(ids))
        .order_by(Person.id),
        "activity_days": select(
            a.person_id.label("person"), a.day, a.kind, func.sum(a.n).label("n")
        )
        .where(a.org_id == org_id, a.person_id.in_(ids), a.day <= as_of)
        .group_by(a.person_id, a.day, a.kind),
        "contact_days": select(
            c.person_id.label("person"),
            c.contact_id.label("contact"),
            c.day,
            c.touches,
            c.answers,
            c.meetings,
            c.connects,
        ).where(c.org_id == org_id, c.person_id.in_(ids), c.day <= as_of),
        "outcomes": select(
            o.person_id.label("person"), o.day, o.kind, o.account_id, o.contact_id, o.amount
        )
        .where(o.org_id == org_id, o.person_id.in_(ids), o.day <= as_of)
        .order_by(o.person_id, o.day, o.id),
        "pauses": select(p.person_id.label("person"), p.first_day, p.last_day)
        .where(p.org_id == org_id, p.person_id.in_(ids))
        .order_by(p.person_id, p.first_day),
        "targets": _targets(org_id, ids, strategies),
    }


def _targets(org_id: int, ids: list[int], strategies: Mapping[int, Strategy]) -> AnySelect:
    """``person, contact``: each person's contacts that their team's strategy targets."""
    per_team: list[AnySelect] = []
    for team_id, strategy in sorted(strategies.items()):
        condition = target_condition(org_id, strategy)
        if condition is not None:
            per_team.append(
                select(Person.id.label("person"), Contact.id.label("contact"))
                .join(Contact, Contact.org_id == Person.org_id)
                .where(Person.org_id == org_id, Person.team_id == team_id, Person.id.in_(ids))
                .where(condition)
            )
    if not per_team:
        return select(literal(0).label("person"), literal(0).label("contact")).where(false())
    return per_team[0] if len(per_team) == 1 else union_all(*per_team)


SCHEMAS: dict[str, dict[str, Any]] = {
    "people": PEOPLE,
    "activity_days": ACTIVITY_DAYS,
    "contact_days": CONTACT_DAYS,
    "outcomes": OUTCOMES,
    "pauses": PAUSES,
    "targets": TARGETS,
}


def _frames(read: Any, queries: dict[str, AnySelect]) -> FactFrames:
    """Run each query and give its frame the columns' types (SQLite hands dates as text)."""
    found = {name: _typed(read(query), SCHEMAS[name]) for name, query in queries.items()}
    return FactFrames(**found)


def _typed(frame: pl.DataFrame, schema: dict[str, Any]) -> pl.DataFrame:
    if frame.width == 0 or frame.height == 0:
        return pl.DataFrame(schema=schema)
    return frame.select(
        pl.col(name).str.to_date("%Y-%m-%d")
        if kind == pl.Date and frame.schema[name] == pl.String
        else pl.col(name).cast(kind)
        for name, kind in schema.items()
    )


def adbc_reads(url: str | URL) -> bool:
    """Whether the service may read the database at ``url`` with ``read_frames_adbc`` in its
    own process: PostgreSQL only. The ADBC SQLite driver carries its own copy of SQLite, and
    two copies in one process break SQLite's file locks (closing one copy's file handle drops
    the POSIX locks the other holds): seen here as "file is not a database" after a snapshot
    refresh read by ADBC while the app's sqlite3 connection wrote. On SQLite the frames come
    through the SQLAlchemy connection; the benchmark reads by ADBC in a process of its own."""
    return make_url(url).get_backend_name() == "postgresql"


def _dialect(url: URL) -> Any:
    return url.get_dialect()()


def _adbc_connect(url: URL) -> Any:
    """An ADBC DB-API connection to the SQLite file or PostgreSQL database at ``url``."""
    if url.get_backend_name() == "sqlite":
        import adbc_driver_sqlite.dbapi  # noqa: PLC0415

        return adbc_driver_sqlite.dbapi.connect(url.database or ":memory:")
    if url.get_backend_name() == "postgresql":
        import adbc_driver_postgresql.dbapi  # type: ignore[import-untyped]  # noqa: PLC0415

        plain = url.set(drivername="postgresql")
        return adbc_driver_postgresql.dbapi.connect(plain.render_as_string(hide_password=False))
    raise ValueError(f"no ADBC driver for {url.get_backend_name()}")

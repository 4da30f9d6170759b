"""The load test's data (issue 12): 1,000 sellers x 1 year in PostgreSQL, with logins.

    python benchmarks/load_generate.py postgresql+psycopg://postgres@127.0.0.1:5432/ascent_load
        [--sellers 1000] [--days 365] [--teams 20] [--logins 250]

Setup, not measured. The history is the analytics benchmark's (``analytics_generate.py``:
deterministic, ~9.9 M activities for 1,000 x 365, every table written as the importer would
leave it, rollups rebuilt by ``ascent.store.rollups``), written to a scratch SQLite file and
copied into the PostgreSQL database (dropped and made afresh, migrated to the head revision)
with ``COPY``, table by table, in the order of their foreign keys (their per-row checks off:
the rows are the generator's); the sellers are then spread
over ``--teams`` teams, each with a lead login, plus an admin and ``--logins`` seller logins
(password ``load``) and an admin's read and write API tokens (written to
``OUT/tokens.json``), and every seller's snapshot is computed (``ascent db refresh``) so that
pages read, as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import analytics_generate as history
from ascent.bootstrap import unit_of_work
from ascent.service.tokens import create_token
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade

PASSWORD = "load"
ADMIN = "admin@load.example"
#: the ``ascent`` command of this Python's environment
ASCENT = str(Path(sys.executable).parent / "ascent")
LEAD = "lead{}@load.example"
#: tables copied from the scratch SQLite database, parents first
TABLES = (
    "orgs",
    "teams",
    "people",
    "import_batches",
    "contacts",
    "activities",
    "outcomes",
    "activity_days",
    "contact_days",
)


def fresh_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    admin.dispose()
    engine = make_engine(Settings(url, explicit_database=True))
    upgrade(engine)
    engine.dispose()


def copy_tables(sqlite_path: Path, url: str) -> dict[str, int]:
    """Every row of ``TABLES`` from SQLite into PostgreSQL with COPY; rows per table."""
    source = sqlite3.connect(sqlite_path)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    counts: dict[str, int] = {}
    with psycopg.connect(conninfo) as target:
        # the rows are the generator's, known to be whole: no foreign-key trigger per row
        # (checking 10 M activities against four parents took longer than the copy itself)
        target.execute("SET session_replication_role = replica")
        kinds = _column_types(target)
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            converters = [_converter(kinds[(table, c)]) for c in columns]
            names = ", ".join(columns)
            n = 0
            with target.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row([f(v) for f, v in zip(converters, row, strict=True)])
                    n += 1
            counts[table] = n
            print(f"  copied {table}: {n:,} rows", file=sys.stderr, flush=True)
        for table in TABLES:
            target.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        target.commit()
    return counts


def _column_types(connection: psycopg.Connection) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    ).fetchall()
    return {(t, c): kind for t, c, kind in rows}


def _converter(kind: str) -> object:
    if kind == "boolean":
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def people_and_logins(url: str, *, teams: int, logins: int, out: Path) -> None:
    """Spread the sellers over ``teams`` teams; leads, an admin, seller logins, a token."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as db:
        db.execute("UPDATE teams SET name = 'Team 1' WHERE id = 1")
        for t in range(2, teams + 1):
            db.execute("INSERT INTO teams (id, org_id, name) VALUES (%s, 1, %s)", (t, f"Team {t}"))
        db.execute("UPDATE people SET team_id = 1 + (id - 1) %% %s", (teams,))
        db.execute("SELECT setval(pg_get_serial_sequence('teams', 'id'), %s)", (teams,))
        db.commit()
    settings = Settings(url, explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        add_user(uow, email=ADMIN, role="admin", password=PASSWORD)
        for t in range(1, teams + 1):
            add_user(uow, email=LEAD.format(t), role="lead", team=f"Team {t}", password=PASSWORD)
        for p in range(1, logins + 1):
            add_user(uow, email=history.EMAIL.format(p), role="seller", password=PASSWORD)
        tokens = {
            scope: create_token(uow, scope=scope, name=f"load test {scope}").token
            for scope in ("read", "write")
        }
    (out / "tokens.json").write_text(json.dumps(tokens), encoding="utf-8")
    env = {"ASCENT_DATABASE_URL": url}
    _run([ASCENT, "db", "refresh"], env)  # as of today: the day the pages open on


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--logins", type=int, default=250)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "load")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    events, outcomes = history.generate(args.sellers, args.days)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "history.db"
        history.write_sqlite(events, outcomes, args.sellers, args.days, path)
        seconds["generate"] = time.perf_counter() - t0
        fresh_database(args.url)
        t1 = time.perf_counter()
        counts = copy_tables(path, args.url)
        seconds["copy"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    people_and_logins(args.url, teams=args.teams, logins=args.logins, out=args.out)
    seconds["logins_and_snapshots"] = time.perf_counter() - t2
    summary = {
        "sellers": args.sellers,
        "days": args.days,
        "teams": args.teams,
        "rows": counts,
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
    }
    (args.out / "data.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Generate the analytics benchmark's history: SQLite database (Ascent schema) + Parquet copies.

    python benchmarks/analytics_generate.py OUT_FOLDER --sellers 1000 --days 365

Deterministic (NumPy, seed 2026). Each seller has an activity level (0.4-1.6x), 30 % of them
start later in the period and 10 % stop before its end; on a working day an average seller
does about 36 activities: 0.8 posts, 6 comments, 16 reactions, 8 messages out and 3 in (to
300 contacts of their own), 1.5 invitations and 1 new connection; a tenth of that at weekends.
Outcomes (meeting_booked, opportunity, deal_won, deal_lost) come at about one per 12 working
days, 80 % linked to one of the seller's contacts. 1,000 sellers x 365 days is ~9.9 M activities.

Setup, not measured: the schema comes from ``ascent.store.migrate.upgrade``; people, contacts,
activities and outcomes are written straight into it with ``sqlite3.executemany`` in chunks
(sorted by person and day, so every index is appended to; one backfill import batch per
seller; no ANALYZE, as Ascent runs none), then ``ascent.store.rollups.rebuild``
fills ``activity_days`` and ``contact_days`` exactly as the importer maintains them. The same
rows go to ``activities.parquet`` and ``outcomes.parquet`` (written by DuckDB) for the
hand-written references. Prints a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ascent.domain.records import source_digest
from ascent.settings import Settings
from ascent.store import rollups
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade

END = date(2026, 3, 13)  # a Friday: the as-of day of every measure
CONTACTS = 300
#: kind -> activities per working day of an average seller (weekends: a tenth)
RATES = {
    "post": 0.8,
    "comment": 6.0,
    "reaction": 16.0,
    "message_out": 8.0,
    "message_in": 3.0,
    "invite_out": 1.5,
    "connect": 1.0,
}
WITH_CONTACT = {"message_out", "message_in", "invite_out", "connect"}
OUTCOMES = ("meeting_booked", "meeting_booked", "opportunity", "deal_won", "deal_lost")
CHUNK = 250_000
EMAIL = "seller{}@bench.example"


def first_day(days: int) -> date:
    return END - timedelta(days=days - 1)


def generate(sellers: int, days: int, seed: int = 2026) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Activities (person, day index, kind code, contact or -1) sorted by person and day."""
    rng = np.random.default_rng(seed)
    first = first_day(days)
    working = np.array([(first + timedelta(days=d)).weekday() < 5 for d in range(days)])
    level = rng.uniform(0.4, 1.6, sellers)
    start = np.where(rng.random(sellers) < 0.3, rng.integers(0, days // 2 + 1, sellers), 0)
    stop = np.where(rng.random(sellers) < 0.1, rng.integers(days // 2, days, sellers), days)
    day_index = np.arange(days)
    active = (day_index[None, :] >= start[:, None]) & (day_index[None, :] < stop[:, None])
    base = level[:, None] * np.where(working, 1.0, 0.1)[None, :] * active  # sellers x days
    person_grid = np.repeat(np.arange(1, sellers + 1, dtype=np.int32), days)
    day_grid = np.tile(day_index.astype(np.int16), sellers)
    parts = []
    for code, (kind, rate) in enumerate(RATES.items()):
        counts = rng.poisson((base * rate).ravel())
        person = np.repeat(person_grid, counts)
        contact = (
            ((person - 1) * CONTACTS + rng.integers(1, CONTACTS + 1, len(person))).astype(np.int32)
            if kind in WITH_CONTACT
            else np.full(len(person), -1, dtype=np.int32)
        )
        parts.append(
            pd.DataFrame(
                {
                    "person": person,
                    "day": np.repeat(day_grid, counts),
                    "kind": np.full(len(person), code, dtype=np.int8),
                    "contact": contact,
                }
            )
        )
    events = pd.concat(parts, ignore_index=True)
    events = events.sort_values(["person", "day"], kind="stable", ignore_index=True)
    n_out = rng.poisson((base * (1 / 12)).ravel())
    o_person = np.repeat(person_grid, n_out)
    linked = rng.random(len(o_person)) < 0.8
    outcomes = pd.DataFrame(
        {
            "person": o_person,
            "day": np.repeat(day_grid, n_out),
            "kind": rng.integers(0, len(OUTCOMES), len(o_person)).astype(np.int8),
            "contact": np.where(
                linked, (o_person - 1) * CONTACTS + rng.integers(1, CONTACTS + 1, len(o_person)), -1
            ).astype(np.int32),
            "amount": np.round(rng.uniform(1000, 50000, len(o_person)), 2),
        }
    )
    return events, outcomes


def write_sqlite(
    events: pd.DataFrame, outcomes: pd.DataFrame, sellers: int, days: int, path: Path
) -> None:
    engine = make_engine(Settings(f"sqlite:///{path}"))
    upgrade(engine)
    engine.dispose()
    first = first_day(days)
    iso = [(first + timedelta(days=d)).isoformat() for d in range(days)]
    stamp = [f"{d} {h:02d}:00:00.000000" for d in iso for h in range(8, 18)]  # day*10 + hour
    kinds = list(RATES)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    db.execute(
        "INSERT INTO orgs (id, slug, name, store_bodies, created_at, settings) "
        "VALUES (1, 'default', 'Bench', 0, '2026-01-01 00:00:00.000000', '{}')"
    )
    db.execute("INSERT INTO teams (id, org_id, name) VALUES (1, 1, 'Bench')")
    db.executemany(
        "INSERT INTO people (id, org_id, team_id, name, email, role) VALUES (?, 1, 1, ?, ?, "
        "'seller')",
        [(p, f"Seller {p}", EMAIL.format(p)) for p in range(1, sellers + 1)],
    )
    # one backfill import per seller, as if each had imported their history once
    db.executemany(
        "INSERT INTO import_batches (id, org_id, person_id, format, source, started_at, "
        "finished_at, report) VALUES (?, 1, ?, 'ascent_csv', 'backfill.csv', ?, ?, '{}')",
        [
            (p, p, "2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000")
            for p in range(1, sellers + 1)
        ],
    )
    db.executemany(
        "INSERT INTO contacts (id, org_id, name) VALUES (?, 1, ?)",
        ((c, f"Contact {c}") for c in range(1, sellers * CONTACTS + 1)),
    )
    sql = (
        "INSERT INTO activities (org_id, person_id, contact_id, import_batch_id, channel, kind, "
        "occurred_at, day, raw_time, source_key, source_digest, link, body, is_question) "
        "VALUES (1, ?, ?, ?, 'linkedin', ?, ?, ?, ?, ?, ?, NULL, NULL, 0)"
    )
    hours = np.random.default_rng(1).integers(0, 10, len(events))
    for lo in range(0, len(events), CHUNK):
        chunk = events.iloc[lo : lo + CHUNK]
        person = chunk.person.tolist()
        day = chunk.day.tolist()
        kind = chunk.kind.tolist()
        contact = chunk.contact.tolist()
        hour = hours[lo : lo + CHUNK].tolist()
        db.executemany(
            sql,
            (
                (
                    p,
                    c if c >= 0 else None,
                    p,
                    kinds[k],
                    stamp[d * 10 + h],
                    iso[d],
                    stamp[d * 10 + h],
                    f"{lo + i:09d}",
                    source_digest("linkedin", f"{lo + i:09d}"),
                )
                for i, (p, d, k, c, h) in enumerate(
                    zip(person, day, kind, contact, hour, strict=True)
                )
            ),
        )
    db.executemany(
        "INSERT INTO outcomes (org_id, person_id, contact_id, import_batch_id, kind, occurred_at, "
        "day, raw_time, amount, source_key, source_digest) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                *(p, c if c >= 0 else None, p, OUTCOMES[k], stamp[d * 10], iso[d], iso[d], a),
                *(f"o{i}", source_digest(f"o{i}")),
            )
            for i, (p, d, k, c, a) in enumerate(outcomes.itertuples(index=False))
        ),
    )
    db.commit()
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    engine = make_engine(Settings(f"sqlite:///{path}"))
    with engine.begin() as connection:
        rollups.rebuild(connection, 1)
    engine.dispose()


def write_parquet(events: pd.DataFrame, outcomes: pd.DataFrame, days: int, out: Path) -> None:
    """The same rows, as the columns the references need, with kinds and days spelled out."""
    con = duckdb.connect()
    con.register("ev", events)
    con.register("oc", outcomes)
    first = first_day(days).isoformat()
    kinds = ", ".join(f"'{k}'" for k in RATES)
    outs = ", ".join(f"'{k}'" for k in OUTCOMES)
    con.execute(f"""
        COPY (SELECT person AS person_id, nullif(contact, -1) AS contact_id,
                     ([{kinds}])[kind + 1] AS kind, DATE '{first}' + day::INTEGER AS day
              FROM ev) TO '{out / "activities.parquet"}' (FORMAT parquet)""")
    con.execute(f"""
        COPY (SELECT person AS person_id, nullif(contact, -1) AS contact_id,
                     ([{outs}])[kind + 1] AS kind, DATE '{first}' + day::INTEGER AS day, amount
              FROM oc) TO '{out / "outcomes.parquet"}' (FORMAT parquet)""")
    con.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / "bench.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    events, outcomes = generate(args.sellers, args.days)
    t1 = time.perf_counter()
    write_parquet(events, outcomes, args.days, args.out)
    t2 = time.perf_counter()
    write_sqlite(events, outcomes, args.sellers, args.days, db)
    t3 = time.perf_counter()
    print(
        json.dumps(
            {
                "sellers": args.sellers,
                "days": args.days,
                "as_of": END.isoformat(),
                "activities": len(events),
                "outcomes": len(outcomes),
                "seconds": {
                    "generate": round(t1 - t0, 1),
                    "parquet": round(t2 - t1, 1),
                    "sqlite_and_rollups": round(t3 - t2, 1),
                },
            }
        )
    )


if __name__ == "__main__":
    main()

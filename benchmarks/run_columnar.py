"""Columnar measures (issue 10, item 4): the Arrow read and the columnar measures for every
seller, next to the same measures through the reference and DuckDB's hand-written query.

    python benchmarks/analytics_generate.py /tmp/ab --sellers 1000 --days 365   # once
    python benchmarks/run_columnar.py /tmp/ab

Each step runs in a child process (wall time with start-up, peak RSS from ``os.wait4``, and
the parts timed inside), on the database and Parquet files ``analytics_generate.py`` wrote,
as of its last day:

- ``adbc``: ``store.arrow_facts.read_frames_adbc`` (Arrow batches from the ADBC SQLite
  driver), then every measure of ``measure_person`` for every seller through
  ``analytics.columnar.measures.measure_frames`` — habits, listen/push, the six pillars and
  the jigsaw, pursuits and their summary, the programme start and the weekly timeline with
  each week's phase, quit risk and reason — ``SLICE`` sellers at a time;
- ``sqlalchemy``: the same with ``read_frames`` (Polars over the SQLAlchemy connection);
- ``reference``: ``store.facts.load_facts`` and ``measure_person`` per seller;
- ``duckdb``: ``run_analytics.py``'s DuckDB reference query over the Parquet files (it also
  computes the results pillar; its consistency is the plain last 8 weeks, as it omits
  pauses and programme starts).

Results go to ``benchmarks/results/columnar.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_analytics import AS_OF, CHECK_PEOPLE, machine, measure  # noqa: E402

RESULTS = HERE / "results" / "columnar.json"


def _people(db: str) -> tuple[int, list[int]]:
    import sqlite3  # noqa: PLC0415

    with sqlite3.connect(db) as con:
        org = con.execute("SELECT min(id) FROM orgs").fetchone()[0]
        ids = [r[0] for r in con.execute("SELECT id FROM people WHERE org_id = ?", (org,))]
    return org, ids


#: sellers read and measured at a time (``service.people.REFRESH_SLICE``): bounds memory
SLICE = 250


def child_columnar(db: str, reader: str) -> None:
    """Read the frames with ``reader`` (adbc or sqlalchemy) and measure every seller with
    ``measure_frames``, ``SLICE`` sellers at a time."""
    from ascent.analytics.columnar.measures import measure_frames  # noqa: PLC0415
    from ascent.analytics.settings import DEFAULT_SETTINGS as S  # noqa: PLC0415
    from ascent.store import arrow_facts  # noqa: PLC0415

    org, ids = _people(db)
    read_s = measure_s = 0.0
    rows = {"activity_days": 0, "contact_days": 0, "outcomes": 0}
    checks, weeks, people = {}, 0, 0
    for first in range(0, len(ids), SLICE):
        part = ids[first : first + SLICE]
        started = time.perf_counter()
        if reader == "adbc":
            frames = arrow_facts.read_frames_adbc(
                f"sqlite:///{db}", org, person_ids=part, as_of=AS_OF, strategies={}
            )
        else:
            from sqlalchemy import create_engine  # noqa: PLC0415

            with create_engine(f"sqlite:///{db}").connect() as connection:
                frames = arrow_facts.read_frames(
                    connection, org, person_ids=part, as_of=AS_OF, strategies={}
                )
        read = time.perf_counter()
        measures = measure_frames(frames, AS_OF, S)
        measure_s += time.perf_counter() - read
        read_s += read - started
        for name in rows:
            rows[name] += getattr(frames, name).height
        people += len(measures)
        weeks += sum(len(m.timeline) for m in measures.values() if m.programme_start)
        checks |= {p: _check(m) for p, m in measures.items() if p in CHECK_PEOPLE}
    _print(people=people, rows=rows, read_s=read_s, measure_s=measure_s, weeks=weeks, checks=checks)


def child_reference(db: str) -> None:
    """``load_facts`` and ``measure_person`` for every seller."""
    from sqlalchemy import create_engine  # noqa: PLC0415

    from ascent.analytics.person import measure_person  # noqa: PLC0415
    from ascent.analytics.settings import DEFAULT_SETTINGS as S  # noqa: PLC0415
    from ascent.store.facts import load_facts  # noqa: PLC0415

    org, ids = _people(db)
    started = time.perf_counter()
    with create_engine(f"sqlite:///{db}").connect() as connection:
        facts = load_facts(connection, org, person_ids=ids, as_of=AS_OF, strategies={})
    read = time.perf_counter()
    measures = {person: measure_person(f, AS_OF, S) for person, f in facts.items()}
    done = time.perf_counter()
    _print(
        people=len(facts),
        read_s=read - started,
        measure_s=done - read,
        weeks=sum(len(m.timeline) for m in measures.values() if m.programme_start),
        checks={p: _check(m) for p, m in measures.items() if p in CHECK_PEOPLE},
    )


def _check(m: Any) -> dict[str, Any]:
    """The figures the DuckDB reference prints for a cross-checked seller (``m``: their
    ``PersonMeasures``), rounded alike."""
    c8 = m.timeline[-1].consistency
    return {
        "habit": {mode: round(v, 3) for mode, v in m.habit.items()},
        "listen_push": None if m.listen_push_ratio is None else round(m.listen_push_ratio, 3),
        "pursuits": m.pursuits.pursuits,
        "answered": m.pursuits.answered,
        "median_ttfa": m.pursuits.median_touches_to_first_answer,
        "c8": None if c8 is None else round(c8, 3),
        "results": round(m.pillars["results"], 3),
    }


def _print(**values: Any) -> None:
    rounded = {k: round(v, 2) if isinstance(v, float) else v for k, v in values.items()}
    print(json.dumps(rounded))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="what analytics_generate.py wrote")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, db = args.child
        if step == "reference":
            child_reference(db)
        else:
            child_columnar(db, step)
        return
    if args.folder is None:
        parser.error("the folder analytics_generate.py wrote is required")
    db = str(args.folder / "bench.db")
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    steps = {
        "adbc": [*me, "adbc", db],
        "sqlalchemy": [*me, "sqlalchemy", db],
        "reference": [*me, "reference", db],
        "duckdb": [
            sys.executable,
            str(HERE / "run_analytics.py"),
            "--child",
            "duckdb",
            str(args.folder),
        ],
    }
    result: dict[str, Any] = {
        "command": f"python benchmarks/run_columnar.py {args.folder}",
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "as_of": AS_OF.isoformat(),
    }
    for name, cmd in steps.items():
        result[name] = measure(cmd)
        print(f"  {name}: {json.dumps(result[name])}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print("\n| step | wall s | read s | measures s | peak RSS MB |\n|---|---:|---:|---:|---:|")
    for name in steps:
        r = result[name]
        read, compute = r.get("read_s", "—"), r.get("measure_s", r.get("compute_s"))
        print(f"| {name} | {r['wall_s']} | {read} | {compute} | {r['peak_rss_mb']:,} |")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

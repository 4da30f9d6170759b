"""Columnar measures (issue 10, item 4): the Arrow read and the columnar measures for every
seller, next to the same measures through the reference and DuckDB's hand-written query.

    python benchmarks/analytics_generate.py /tmp/ab --sellers 1000 --days 365   # once
    python benchmarks/run_columnar.py /tmp/ab

Each step runs in a child process (wall time with start-up, peak RSS from ``os.wait4``, and
the parts timed inside), on the database and Parquet files ``analytics_generate.py`` wrote,
as of its last day:

- ``adbc``: ``store.arrow_facts.read_frames_adbc`` (Arrow batches from the ADBC SQLite
  driver), then habits, listen/push, pursuits with their summary, programme starts,
  consistency over 6 and 8 weeks and the weekly phase signals, phase and quit risk through
  ``analytics.columnar``;
- ``sqlalchemy``: the same with ``read_frames`` (Polars over the SQLAlchemy connection);
- ``reference``: ``store.facts.load_facts`` and, per seller, ``habits``,
  ``listen_push_ratio``, ``pursuits_of`` + ``summarise``, ``programme_start`` and
  consistency over 8 weeks (``phases.signals`` on the as-of day) and ``phase_timeline``;
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


def child_columnar(db: str, reader: str) -> None:
    """Read the frames with ``reader`` (adbc or sqlalchemy), then measure every seller."""
    from ascent.analytics.columnar import (  # noqa: PLC0415
        answer_distribution,
        consistency_frame,
        habit_frame,
        listen_push_frame,
        pursuit_frame,
        start_frame,
        summary_frame,
    )
    from ascent.analytics.columnar.phases import week_signals_frame, with_phases  # noqa: PLC0415
    from ascent.analytics.settings import DEFAULT_SETTINGS as S  # noqa: PLC0415
    from ascent.store import arrow_facts  # noqa: PLC0415

    org, ids = _people(db)
    started = time.perf_counter()
    if reader == "adbc":
        frames = arrow_facts.read_frames_adbc(f"sqlite:///{db}", org, person_ids=ids, as_of=AS_OF)
    else:
        from sqlalchemy import create_engine  # noqa: PLC0415

        with create_engine(f"sqlite:///{db}").connect() as connection:
            frames = arrow_facts.read_frames(connection, org, person_ids=ids, as_of=AS_OF)
    read = time.perf_counter()
    habit = habit_frame(frames, AS_OF, S)
    ratio = listen_push_frame(frames, AS_OF, S.window_days)
    pursuits = pursuit_frame(frames, AS_OF, S)
    summary = summary_frame(pursuits, frames.people)
    answer_distribution(pursuits)
    starts = start_frame(frames, AS_OF, S)
    consistency = consistency_frame(frames, starts, AS_OF, S)
    weeks = with_phases(week_signals_frame(frames, starts, AS_OF, S), S)
    done = time.perf_counter()
    table = habit.join(ratio, on="person").join(summary, on="person").join(consistency, on="person")
    checks = {
        row["person"]: _check(
            {m: row[m] for m in ("publish", "engage", "converse", "connect")},
            row["listen_push_ratio"],
            row["pursuits"],
            row["answered"],
            row["median_touches_to_first_answer"],
            row["consistency_8w"],
        )
        for row in table.filter(table["person"].is_in(CHECK_PEOPLE)).iter_rows(named=True)
    }
    _print(
        people=frames.people.height,
        rows={
            "activity_days": frames.activity_days.height,
            "contact_days": frames.contact_days.height,
            "outcomes": frames.outcomes.height,
        },
        read_s=read - started,
        measure_s=done - read,
        weeks=weeks.height,
        checks=checks,
    )


def child_reference(db: str) -> None:
    """``load_facts`` and the per-person reference functions for the same measures."""
    from sqlalchemy import create_engine  # noqa: PLC0415

    from ascent.analytics.calendar import WorkCalendar  # noqa: PLC0415
    from ascent.analytics.habits import habits  # noqa: PLC0415
    from ascent.analytics.listening import listen_push_ratio  # noqa: PLC0415
    from ascent.analytics.phases import signals  # noqa: PLC0415
    from ascent.analytics.programme import Routine, routine_counts  # noqa: PLC0415
    from ascent.analytics.pursuits import pursuits_of, summarise  # noqa: PLC0415
    from ascent.analytics.settings import DEFAULT_SETTINGS as S  # noqa: PLC0415
    from ascent.analytics.timeline import phase_timeline, programme_start  # noqa: PLC0415
    from ascent.store.facts import load_facts  # noqa: PLC0415

    org, ids = _people(db)
    started = time.perf_counter()
    with create_engine(f"sqlite:///{db}").connect() as connection:
        facts = load_facts(connection, org, person_ids=ids, as_of=AS_OF, strategies={})
    read = time.perf_counter()
    checks, weeks = {}, 0
    for person, f in facts.items():
        calendar = WorkCalendar.of(S, f.pauses)
        habit = habits(f.days, AS_OF, calendar, S)
        ratio = listen_push_ratio(f.days, f.contact_days, AS_OF, S.window_days)
        summary = summarise(pursuits_of(f.contact_days, f.outcomes, AS_OF, calendar, S))
        start = programme_start(f.days, f.programme_start, AS_OF, S)
        c8 = None
        if start is not None:
            routine = Routine.build(routine_counts(f.days, AS_OF), start, AS_OF, calendar)
            c8 = signals(routine, f.outcomes, start, AS_OF).consistency_8w
            weeks += len(
                phase_timeline(f.days, f.outcomes, start, AS_OF, calendar=calendar, settings=S)
            )
        if person in CHECK_PEOPLE:
            checks[person] = _check(
                habit,
                ratio,
                summary.pursuits,
                summary.answered,
                summary.median_touches_to_first_answer,
                c8,
            )
    done = time.perf_counter()
    _print(
        people=len(facts),
        read_s=read - started,
        measure_s=done - read,
        weeks=weeks,
        checks=checks,
    )


def _check(
    habit: dict[str, float],
    ratio: float | None,
    count: int,
    answered: int,
    med: float | None,
    c8: float | None,
) -> dict[str, Any]:
    """The figures the DuckDB reference prints for a cross-checked seller, rounded alike."""
    return {
        "habit": {m: round(v, 3) for m, v in habit.items()},
        "listen_push": None if ratio is None else round(ratio, 3),
        "pursuits": count,
        "answered": answered,
        "median_ttfa": med,
        "c8": None if c8 is None else round(c8, 3),
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

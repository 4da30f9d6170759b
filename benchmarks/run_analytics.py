"""Analytics benchmark (issue 3): every measure for every seller, against DuckDB and pandas.

    python benchmarks/run_analytics.py --sellers 1000 --days 365

Generates a deterministic history (NumPy, seed 2026) of ``sellers`` x ``days`` with about 27
activities per seller per working day, then, in one run on one machine:

(a) ``people_reports`` (facts read from the rollups + every measure per person) for all
    sellers as of the last day, in a child process (wall time, peak RSS);
(b) the incremental refresh: one more day (30 rows) for one seller through ``import_paths``,
    which adds them to the rollups; median of 7 runs, in process, after a warm-up;
(c) a hand-written reference of the core measures over the raw events in DuckDB SQL and in
    pandas, each in a child process (see README for what the reference leaves out).

Setup (not timed) writes people, contacts and the two rollups straight into a fresh SQLite
database with the same aggregation ``ascent.store.rollups`` performs at import time; loading
10 M raw rows through the importer is what benchmarks/run_import.py measures.
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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median

import duckdb
import numpy as np
import pandas as pd

from ascent.service.imports import import_paths
from ascent.service.measures import people_reports
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade
from ascent.store.scope import UnitOfWork

END = date(2026, 3, 13)
K = 0.5 ** (1 / 10)  # habit decay per working day (docs/metrics.md)
TARGETS = {"publish": 0.6, "engage": 3.0, "converse": 2.0, "connect": 1.0}
#: kind -> (mode, weekday rate); weekends get a tenth
KINDS = {
    "post": ("publish", 1.0), "comment": ("engage", 6.0), "reaction": ("engage", 12.0),
    "message_out": ("converse", 5.0), "message_in": ("converse", 2.0),
    "invite_out": ("connect", 1.0), "connect": ("connect", 0.8),
}  # fmt: skip
CONTACTS = 150
RESULTS = Path(__file__).parent / "results" / "analytics.json"


def generate(sellers: int, days: int, seed: int = 2026) -> pd.DataFrame:
    """One row per activity: person, day index, kind, contact (-1 for none)."""
    rng = np.random.default_rng(seed)
    day_index = np.arange(days)
    first = END - timedelta(days=days - 1)
    weekday = np.array([(first + timedelta(days=int(d))).weekday() < 5 for d in day_index])
    frames = []
    for code, (_kind, (_mode, rate)) in enumerate(KINDS.items()):
        lam = np.where(weekday, rate, rate / 10)
        counts = rng.poisson(np.tile(lam, sellers))
        person = np.repeat(np.repeat(np.arange(1, sellers + 1), days), counts)
        day = np.repeat(np.tile(day_index, sellers), counts)
        contact = rng.integers(0, CONTACTS, len(person)) if code in (3, 4, 5, 6) else None
        frames.append(pd.DataFrame({
            "person": person.astype(np.int32), "day": day.astype(np.int16),
            "kind": np.full(len(person), code, dtype=np.int8),
            "contact": (-1 if contact is None else contact).astype(np.int32)
            if contact is not None else np.full(len(person), -1, dtype=np.int32),
        }))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def setup_database(events: pd.DataFrame, sellers: int, days: int, path: Path) -> None:
    """People, contacts, outcomes and both rollups, written straight into a fresh SQLite."""
    engine = make_engine(Settings(f"sqlite:///{path}"))
    upgrade(engine)
    engine.dispose()
    first = END - timedelta(days=days - 1)
    iso = [(first + timedelta(days=d)).isoformat() for d in range(days)]
    kinds = list(KINDS)
    db = sqlite3.connect(path)
    now = datetime.now(UTC).isoformat()
    db.execute("INSERT INTO orgs (id, slug, name, store_bodies, created_at, settings) "
               "VALUES (1, 'default', 'Bench', 0, ?, '{}')", (now,))  # fmt: skip
    db.execute("INSERT INTO teams (id, org_id, name) VALUES (1, 1, 'Bench')")
    db.executemany(
        "INSERT INTO people (id, org_id, team_id, name, email, role) "
        "VALUES (?, 1, 1, ?, ?, 'seller')",
        [(p, f"Seller {p}", f"seller{p}@bench.example") for p in range(1, sellers + 1)],
    )
    db.executemany(
        "INSERT INTO contacts (id, org_id, name) VALUES (?, 1, ?)",
        [(c, f"Contact {c}") for c in range(1, sellers * CONTACTS + 1)],
    )
    daily = events.groupby(["person", "day", "kind"], sort=False).size().reset_index(name="n")
    db.executemany(
        "INSERT INTO activity_days (org_id, person_id, day, kind, channel, n) "
        "VALUES (1, ?, ?, ?, 'linkedin', ?)",
        ((int(p), iso[d], kinds[k], int(n)) for p, d, k, n in daily.itertuples(index=False)),
    )
    talk = events[events.contact >= 0].assign(
        touch=lambda f: f.kind.isin([3, 5]).astype(int), answer=lambda f: (f.kind == 4).astype(int),
        conn=lambda f: (f.kind == 6).astype(int),
        cid=lambda f: (f.person - 1) * CONTACTS + f.contact + 1,
    )  # fmt: skip
    per = talk.groupby(["person", "cid", "day"], sort=False)[["touch", "answer", "conn"]].sum()
    db.executemany(
        "INSERT INTO contact_days (org_id, person_id, contact_id, day, touches, answers, "
        "meetings, connects) VALUES (1, ?, ?, ?, ?, ?, 0, ?)",
        ((int(p), int(c), iso[d], int(t), int(a), int(n))
         for (p, c, d), (t, a, n) in zip(per.index, per.to_numpy(), strict=True)),
    )  # fmt: skip
    rng = np.random.default_rng(7)
    db.executemany(
        "INSERT INTO outcomes (org_id, person_id, contact_id, kind, occurred_at, day, raw_time, "
        "source_key) VALUES (1, ?, ?, 'meeting_booked', ?, ?, ?, ?)",
        [(p, int((p - 1) * CONTACTS + rng.integers(1, CONTACTS)), iso[d] + " 10:00:00.000000",
          iso[d], iso[d], f"o{p}-{d}")
         for p in range(1, sellers + 1) for d in range(days - 1, 0, -17)],
    )  # fmt: skip
    db.commit()
    db.close()


def measure_all(path: str) -> None:
    """(a), run in a child: every measure for every person as of END."""
    engine = make_engine(Settings(f"sqlite:///{path}"))
    with UnitOfWork(engine) as uow:
        reports = people_reports(uow, as_of=END)
    print(
        json.dumps({"people": len(reports), "phases": sorted({r.measures.phase for r in reports})})
    )


def incremental(path: Path, runs: int = 7) -> list[float]:
    """(b): import one more day (30 rows) for seller 1 and time it; each run adds new rows."""
    engine = make_engine(Settings(f"sqlite:///{path}"))
    times = []
    for run in range(runs + 1):
        csv = path.parent / f"day{run}.csv"
        day = (END + timedelta(days=1 + run)).isoformat()
        rows = [f"{day}T{9 + i % 8:02d}:{i:02d},{k},Contact {1 + i % 5},inc-{run}-{i}"
                for i, k in enumerate(["comment", "reaction", "message_out"] * 10)]  # fmt: skip
        csv.write_text("date,kind,contact,id\n" + "\n".join(rows) + "\n")
        started = time.perf_counter()
        with UnitOfWork(engine) as uow:
            report = import_paths(uow, paths=[csv], person="seller1@bench.example")
        elapsed = time.perf_counter() - started
        assert report.to_dict()["added"] == 30
        if run:  # the first run warms caches and imports
            times.append(elapsed)
    engine.dispose()
    return times


DUCKDB_SQL = """
WITH ev AS (
  SELECT person, day, kind, contact,
         CASE kind WHEN 0 THEN 'publish' WHEN 1 THEN 'engage' WHEN 2 THEN 'engage'
                   WHEN 3 THEN 'converse' WHEN 4 THEN 'converse' ELSE 'connect' END AS mode
  FROM events),
wd AS (SELECT day, sum(CASE WHEN working THEN 1 ELSE 0 END) OVER (ORDER BY day) AS n
       FROM calendar),
last_n AS (SELECT max(n) AS n_end FROM wd),
daily AS (SELECT person, mode, day, count(*) AS done FROM ev
          WHERE kind <> 4 AND kind <> 6 GROUP BY ALL),
habit AS (SELECT d.person, d.mode,
                 sum((1 - {k}) * pow({k}, l.n_end - w.n) * least(1.0, d.done / t.target)) AS s
          FROM daily d JOIN wd w USING (day) JOIN targets t USING (mode), last_n l
          GROUP BY ALL),
window28 AS (SELECT person,
                    sum(CASE WHEN kind IN (1, 2) THEN 1 ELSE 0 END) AS listen,
                    sum(CASE WHEN kind = 0 THEN 1 ELSE 0 END) AS push
             FROM ev WHERE day > {last} - 28 GROUP BY person),
consistency AS (SELECT person, count(DISTINCT day) / 40.0 AS c8 FROM ev
                WHERE day > {last} - 56 AND kind IN (0, 1, 2, 3, 5) GROUP BY person),
first_answer AS (SELECT person, contact, min(day) AS answered FROM ev WHERE kind = 4
                 GROUP BY ALL),
pursuit AS (SELECT e.person, e.contact, count(*) AS touches,
                   count(*) FILTER (WHERE f.answered IS NULL OR e.day <= f.answered) AS before
            FROM ev e LEFT JOIN first_answer f USING (person, contact)
            WHERE e.kind IN (3, 5) GROUP BY ALL),
answers AS (SELECT p.person, count(*) AS pursuits,
                   count(f.answered) AS answered, median(p.before) AS median_before
            FROM pursuit p LEFT JOIN first_answer f USING (person, contact) GROUP BY ALL)
SELECT * FROM (PIVOT habit ON mode USING first(s)) h
JOIN window28 USING (person) JOIN consistency USING (person) JOIN answers USING (person)
"""


def reference_duckdb(events: pd.DataFrame, days: int) -> int:
    con = duckdb.connect()
    con.register("events", events)
    con.register("calendar", _calendar(days))
    con.register("targets", pd.DataFrame({"mode": list(TARGETS), "target": list(TARGETS.values())}))
    return len(con.execute(DUCKDB_SQL.format(k=K, last=days - 1)).fetchall())


def reference_pandas(events: pd.DataFrame, days: int) -> int:
    cal = _calendar(days)
    n = cal.working.cumsum().to_numpy()
    modes = np.array(["publish", "engage", "engage", "converse", "converse", "connect", "connect"])
    ev = events.assign(mode=modes[events.kind.to_numpy()])
    daily = ev[~ev.kind.isin([4, 6])].groupby(["person", "mode", "day"]).size().rename("done")
    daily = daily.reset_index()
    daily["w"] = (1 - K) * K ** (n[-1] - n[daily.day.to_numpy()])
    daily["s"] = daily.w * np.minimum(1.0, daily.done / daily["mode"].map(TARGETS))
    habit = daily.groupby(["person", "mode"]).s.sum().unstack()
    recent = ev[ev.day > days - 1 - 28]
    listen = recent[recent.kind.isin([1, 2])].groupby("person").size()
    push = recent[recent.kind == 0].groupby("person").size()
    c8 = (
        ev[(ev.day > days - 1 - 56) & ev.kind.isin([0, 1, 2, 3, 5])].groupby("person").day.nunique()
        / 40
    )
    first = ev[ev.kind == 4].groupby(["person", "contact"]).day.min().rename("answered")
    touches = ev[ev.kind.isin([3, 5])].join(first, on=["person", "contact"])
    touches["before"] = touches.answered.isna() | (touches.day <= touches.answered)
    pursuit = touches.groupby(["person", "contact"]).before.sum()
    summary = pursuit.groupby("person").median()
    table = pd.concat([habit, listen.rename("listen"), push.rename("push"), c8.rename("c8"),
                       summary.rename("median_before")], axis=1)  # fmt: skip
    return len(table)


def _calendar(days: int) -> pd.DataFrame:
    first = END - timedelta(days=days - 1)
    return pd.DataFrame({"day": np.arange(days, dtype=np.int16),
                         "working": [(first + timedelta(days=d)).weekday() < 5
                                     for d in range(days)]})  # fmt: skip


def child(step: str, *args: str) -> dict[str, object]:
    """Run one step in a child process; wall time and peak RSS of that child."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", step, *args],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        raise SystemExit(f"step {step} failed")
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "out": out.strip(),
    }


def run_child(step: str, args: list[str]) -> None:
    if step == "measure":
        measure_all(args[0])
        return
    sellers, days = int(args[0]), int(args[1])
    events = generate(sellers, days)
    started = time.perf_counter()
    rows = reference_duckdb(events, days) if step == "duckdb" else reference_pandas(events, days)
    print(json.dumps({"rows": rows, "compute_s": round(time.perf_counter() - started, 2)}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        run_child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sellers", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    results = []
    for sellers in args.sellers:
        with tempfile.TemporaryDirectory() as tmp:
            events = generate(sellers, args.days)
            db = Path(tmp) / "bench.db"
            t0 = time.perf_counter()
            setup_database(events, sellers, args.days, db)
            row = {"sellers": sellers, "days": args.days, "events": len(events),
                   "setup_s": round(time.perf_counter() - t0, 1),
                   "a_ascent": child("measure", str(db))}  # fmt: skip
            del events
            row["b_incremental_ms"] = [round(t * 1000, 1) for t in incremental(db)]
            row["c_duckdb"] = child("duckdb", str(sellers), str(args.days))
            row["c_pandas"] = child("pandas", str(sellers), str(args.days))
            print(json.dumps(row), flush=True)
            results.append(row)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": os.uname().machine, "cpus": os.cpu_count(),
                                   "runs": results}, indent=2) + "\n")  # fmt: skip
    for r in results:
        b = median(r["b_incremental_ms"])  # type: ignore[arg-type]
        print(
            f"{r['sellers']} sellers: (a) {r['a_ascent']['wall_s']} s, "  # type: ignore[index]
            f"(b) median {b} ms, (c) duckdb {r['c_duckdb']['wall_s']} s, "  # type: ignore[index]
            f"pandas {r['c_pandas']['wall_s']} s"
        )  # type: ignore[index]


if __name__ == "__main__":
    main()

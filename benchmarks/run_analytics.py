"""Analytics benchmark (issue 3): every measure for every seller, against DuckDB and pandas.

    python benchmarks/run_analytics.py --sizes 100x365 1000x365 5000x73

For each size (sellers x days), in one run on one machine:

0. setup, not measured: ``benchmarks/analytics_generate.py`` writes the history into a fresh
   SQLite database (Ascent schema, rollups rebuilt by ``ascent.store.rollups.rebuild``) and
   the same activities and outcomes to Parquet;
a. ``people_reports(uow, as_of=last day)`` through the real code (facts read from the rollups,
   then ``measure_person`` and strategy coverage per seller), in a child process: wall time of
   the child (start-up included) and its peak RSS (``os.wait4``), plus the call alone;
b. the incremental refresh: a 30-row Ascent CSV (one seller, one more day) through
   ``import_paths``, which adds the rows to both rollups; in process, after one warm-up run,
   median of 7;
c. the core measures written by hand over the Parquet files: DuckDB SQL, and pandas (what
   peers do), each in a child process (wall time, peak RSS, the computation alone).

Results go to ``benchmarks/results/analytics.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "analytics.json"
AS_OF = date(2026, 3, 13)  # analytics_generate.END
K = 0.5 ** (1 / 10)  # habit decay per counted day: half-life 14 days = 10 working days
TARGETS = {"publish": 0.6, "engage": 3.0, "converse": 2.0, "connect": 1.0}
MODE_OF = {
    "post": "publish",
    "share": "publish",
    "comment": "engage",
    "reaction": "engage",
    "message_out": "converse",
    "email_out": "converse",
    "call": "converse",
    "invite_out": "connect",
}
TOUCH = ("message_out", "invite_out", "email_out", "call", "meeting", "comment", "reaction")
ANSWER = ("message_in", "email_in")
ROUTINE = ("post", "share", "comment", "reaction", "message_out", "email_out", "call", "invite_out")
SALES = ("meeting_booked", "opportunity", "deal_won", "deal_lost", "referral")
CHECK_PEOPLE = (1, 2, 3)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# --- (a) ascent ---------------------------------------------------------------------------


def child_ascent(db: str) -> None:
    from ascent.service.people import people_reports  # noqa: PLC0415
    from ascent.settings import Settings  # noqa: PLC0415
    from ascent.store.engine import make_engine  # noqa: PLC0415
    from ascent.store.scope import UnitOfWork  # noqa: PLC0415

    engine = make_engine(Settings(f"sqlite:///{db}"))
    started = time.perf_counter()
    with UnitOfWork(engine) as uow:
        reports = people_reports(uow, as_of=AS_OF)
    seconds = time.perf_counter() - started
    checks = {}
    for r in reports:
        if r.row.person_id in CHECK_PEOPLE:
            d = r.measures.to_dict()
            checks[r.row.person_id] = {
                "habit": d["habit"],
                "listen_push": d["listen_push_ratio"],
                "pursuits": d["pursuits"]["count"],
                "answered": d["pursuits"]["answered"],
                "median_ttfa": d["pursuits"]["median_touches_to_first_answer"],
                "results": d["pillars"]["results"],
                "consistency_last_week": d["timeline"][-1]["consistency"]
                if d["timeline"]
                else None,
            }
    phases: dict[str, int] = {}
    for r in reports:
        phases[r.measures.phase] = phases.get(r.measures.phase, 0) + 1
    print(
        json.dumps(
            {
                "people": len(reports),
                "compute_s": round(seconds, 2),
                "phases": phases,
                "checks": checks,
            }
        )
    )


# --- (b) incremental refresh ---------------------------------------------------------------


def incremental(db: Path, runs: int = 7) -> list[float]:
    """Import one more day (30 rows) for seller 1, ``runs`` times after a warm-up; seconds."""
    from ascent.service.imports import import_paths  # noqa: PLC0415
    from ascent.settings import Settings  # noqa: PLC0415
    from ascent.store.engine import make_engine  # noqa: PLC0415
    from ascent.store.scope import UnitOfWork  # noqa: PLC0415

    engine = make_engine(Settings(f"sqlite:///{db}"))
    tag = f"{os.getpid()}-{time.time_ns()}"
    kinds = ["comment", "reaction", "reaction", "message_out", "message_in", "invite_out"] * 5
    times = []
    for run in range(runs + 1):
        csv = db.parent / f"day-{run}.csv"
        day = (AS_OF + timedelta(days=1 + run)).isoformat()
        rows = [
            f"{day}T{9 + i % 8:02d}:{i:02d},{k},Contact {1 + i % 7},inc-{tag}-{run}-{i}"
            for i, k in enumerate(kinds)
        ]
        csv.write_text("date,kind,contact,id\n" + "\n".join(rows) + "\n")
        started = time.perf_counter()
        with UnitOfWork(engine) as uow:
            report = import_paths(uow, paths=[csv], person="seller1@bench.example")
        elapsed = time.perf_counter() - started
        assert report.to_dict()["added"] == 30, report.to_dict()
        if run:  # run 0 warms imports, caches and the connection pool
            times.append(elapsed)
    engine.dispose()
    return times


# --- (c) the hand-written references ------------------------------------------------------

DUCKDB_SQL = """
WITH
a AS (SELECT * FROM read_parquet('{act}') WHERE day <= DATE '{as_of}'),
o AS (SELECT * FROM read_parquet('{out}') WHERE day <= DATE '{as_of}'),
-- counted-day number of each day: Saturday and Sunday get the Friday's number
cal AS (SELECT d::DATE AS day, isodow(d) <= 5 AS working,
               sum((isodow(d) <= 5)::INT) OVER (ORDER BY d) AS n
        FROM range(DATE '{as_of}' - 364, DATE '{as_of}' + 1, INTERVAL 1 DAY) t(d)),
n_end AS (SELECT max(n) AS n_end FROM cal),
per_day AS (SELECT person_id, kind, day, count(*) AS c FROM a GROUP BY ALL),
modes AS (SELECT * FROM (VALUES {modes}) v(kind, mode)),
targets AS (SELECT * FROM (VALUES {targets}) v(mode, target)),
done AS (SELECT p.person_id, m.mode, c.n, sum(p.c) AS done
         FROM per_day p JOIN modes m USING (kind) JOIN cal c USING (day)
         WHERE c.n > 0 GROUP BY ALL),
habit AS (SELECT person_id, mode,
                 sum((1 - {k}) * pow({k}, n_end - n) * least(1.0, done / target)) AS s
          FROM done JOIN targets USING (mode), n_end GROUP BY ALL),
habits AS (SELECT person_id,
                  coalesce(sum(s) FILTER (WHERE mode = 'publish'), 0) AS h_publish,
                  coalesce(sum(s) FILTER (WHERE mode = 'engage'), 0) AS h_engage,
                  coalesce(sum(s) FILTER (WHERE mode = 'converse'), 0) AS h_converse,
                  coalesce(sum(s) FILTER (WHERE mode = 'connect'), 0) AS h_connect
           FROM habit GROUP BY person_id),
touch AS (SELECT person_id, contact_id, day, count(*) AS t FROM a
          WHERE contact_id IS NOT NULL AND kind IN {touch} GROUP BY ALL),
first_inbound AS (SELECT person_id, contact_id, min(day) AS day FROM a
                  WHERE contact_id IS NOT NULL AND kind IN {answer} GROUP BY ALL),
listen AS (SELECT p.person_id,
                  sum(c) FILTER (WHERE kind IN ('comment', 'reaction')) AS engaged,
                  sum(c) FILTER (WHERE kind IN ('post', 'share')) AS pushed
           FROM per_day p WHERE day > DATE '{as_of}' - 28 GROUP BY ALL),
replies AS (SELECT t.person_id, sum(t.t) AS replies
            FROM touch t JOIN first_inbound f USING (person_id, contact_id)
            WHERE t.day > DATE '{as_of}' - 28 AND t.day >= f.day GROUP BY ALL),
pursuit AS (SELECT person_id, contact_id, min(day) AS first_touch, max(day) AS last_touch,
                   sum(t) AS touches FROM touch GROUP BY ALL),
answer_event AS (SELECT person_id, contact_id, day FROM a
                 WHERE contact_id IS NOT NULL AND kind IN ('message_in', 'email_in', 'meeting')
                 UNION ALL
                 SELECT person_id, contact_id, day FROM o
                 WHERE contact_id IS NOT NULL AND kind IN {sales}),
first_answer AS (SELECT p.person_id, p.contact_id, min(e.day) AS answered
                 FROM pursuit p JOIN answer_event e USING (person_id, contact_id)
                 WHERE e.day >= p.first_touch GROUP BY ALL),
deal AS (SELECT person_id, contact_id,
                arg_max(kind, epoch(day) * 2 + (kind = 'deal_won')::INT) AS deal
         FROM o WHERE contact_id IS NOT NULL AND kind IN ('deal_won', 'deal_lost') GROUP BY ALL),
meeting AS (SELECT DISTINCT person_id, contact_id FROM (
              SELECT person_id, contact_id FROM a WHERE kind = 'meeting'
              UNION ALL SELECT person_id, contact_id FROM o WHERE kind = 'meeting_booked')
            WHERE contact_id IS NOT NULL),
pursuits AS (
  SELECT p.*, f.answered,
         (SELECT sum(t.t) FROM touch t WHERE t.person_id = p.person_id
            AND t.contact_id = p.contact_id AND t.day <= f.answered) AS ttfa,
         CASE WHEN d.deal = 'deal_won' THEN 'won' WHEN d.deal = 'deal_lost' THEN 'lost'
              WHEN m.contact_id IS NOT NULL THEN 'meeting'
              WHEN f.answered IS NOT NULL THEN 'answered'
              WHEN p.last_touch <= DATE '{as_of}' - 21 THEN 'gone_cold' ELSE 'open' END AS status
  FROM pursuit p LEFT JOIN first_answer f USING (person_id, contact_id)
  LEFT JOIN deal d USING (person_id, contact_id) LEFT JOIN meeting m USING (person_id, contact_id)),
pursuit_summary AS (
  SELECT person_id, count(*) AS pursuits, count(answered) AS answered,
         count(answered) / count(*) AS answer_rate, median(ttfa) AS median_ttfa,
         count(*) FILTER (WHERE status = 'open') AS open,
         count(*) FILTER (WHERE status = 'gone_cold') AS gone_cold,
         count(*) FILTER (WHERE answered IS NULL AND touches < 5
                          AND last_touch <= DATE '{as_of}' - 21) AS quit_too_early,
         count(*) FILTER (WHERE answered IS NULL AND touches > 8) AS over_touching
  FROM pursuits GROUP BY person_id),
consistency AS (
  -- the last 8 weeks' counted days are numbers n_end - 39 .. n_end (weekends folded in)
  SELECT r.person_id, count(DISTINCT c.n) AS routine_days, 40 AS counted
  FROM per_day r JOIN cal c USING (day), n_end
  WHERE r.kind IN {routine} AND c.n > n_end - 40 GROUP BY ALL),
results AS (SELECT person_id, least(1.0, (count(contact_id) + 0.5 * (count(*) - count(contact_id)))
                                         / 2) AS results
            FROM o WHERE kind IN {sales} AND day > DATE '{as_of}' - 90 GROUP BY ALL)
SELECT h.*, (coalesce(l.engaged, 0) + coalesce(r.replies, 0)) / l.pushed AS listen_push,
       s.pursuits, s.answered, s.answer_rate, s.median_ttfa, s.open, s.gone_cold,
       s.quit_too_early, s.over_touching, c.routine_days / c.counted AS c8,
       coalesce(x.results, 0) AS results
FROM habits h LEFT JOIN listen l USING (person_id) LEFT JOIN replies r USING (person_id)
LEFT JOIN pursuit_summary s USING (person_id) LEFT JOIN consistency c USING (person_id)
LEFT JOIN results x USING (person_id)
ORDER BY person_id
"""


def duckdb_sql(folder: Path) -> str:
    return DUCKDB_SQL.format(
        act=folder / "activities.parquet",
        out=folder / "outcomes.parquet",
        as_of=AS_OF,
        k=K,
        modes=", ".join(f"('{k}', '{m}')" for k, m in MODE_OF.items()),
        targets=", ".join(f"('{m}', {t})" for m, t in TARGETS.items()),
        touch=_in(TOUCH),
        answer=_in(ANSWER),
        sales=_in(SALES),
        routine=_in(ROUTINE),
    )


def child_duckdb(folder: str) -> None:
    import duckdb  # noqa: PLC0415

    con = duckdb.connect()
    started = time.perf_counter()
    frame = con.execute(duckdb_sql(Path(folder))).df()
    seconds = time.perf_counter() - started
    _print_reference(frame, seconds)


def child_pandas(folder: str) -> None:
    import duckdb  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    started = time.perf_counter()
    # no pyarrow here, so the Parquet files are read with DuckDB's reader into pandas
    a = duckdb.read_parquet(str(Path(folder) / "activities.parquet")).df()
    o = duckdb.read_parquet(str(Path(folder) / "outcomes.parquet")).df()
    loaded = time.perf_counter()
    as_of = pd.Timestamp(AS_OF)
    a = a[a.day <= as_of]
    o = o[o.day <= as_of]
    cal = pd.DataFrame({"day": pd.date_range(as_of - pd.Timedelta(days=364), as_of)})
    cal["working"] = cal.day.dt.day_of_week < 5
    cal["n"] = cal.working.cumsum()
    n_of = cal.set_index("day").n
    n_end = int(cal.n.iloc[-1])
    per_day = a.groupby(["person_id", "kind", "day"]).size().rename("c").reset_index()
    per_day["n"] = per_day.day.map(n_of).fillna(0).astype(int)
    done = per_day[per_day.kind.isin(list(MODE_OF)) & (per_day.n > 0)].copy()
    done["mode"] = done.kind.map(MODE_OF)
    done = done.groupby(["person_id", "mode", "n"]).c.sum().reset_index()
    done["s"] = (
        (1 - K) * K ** (n_end - done.n) * np.minimum(1.0, done.c / done["mode"].map(TARGETS))
    )
    habits = done.groupby(["person_id", "mode"]).s.sum().unstack(fill_value=0.0)
    habits.columns = [f"h_{c}" for c in habits.columns]
    recent = per_day[per_day.day > as_of - pd.Timedelta(days=28)]
    engaged = recent[recent.kind.isin(["comment", "reaction"])].groupby("person_id").c.sum()
    pushed = recent[recent.kind.isin(["post", "share"])].groupby("person_id").c.sum()
    withc = a[a.contact_id.notna()]
    touch = (
        withc[withc.kind.isin(TOUCH)]
        .groupby(["person_id", "contact_id", "day"])
        .size()
        .rename("t")
        .reset_index()
    )
    inbound = withc[withc.kind.isin(ANSWER)].groupby(["person_id", "contact_id"]).day.min()
    t = touch.join(inbound.rename("first_in"), on=["person_id", "contact_id"])
    replies = t[(t.day > as_of - pd.Timedelta(days=28)) & (t.day >= t.first_in)]
    replies = replies.groupby("person_id").t.sum()
    listen_push = (
        engaged.reindex(habits.index, fill_value=0) + replies.reindex(habits.index, fill_value=0)
    ) / pushed
    pursuit = touch.groupby(["person_id", "contact_id"]).agg(
        first_touch=("day", "min"), last_touch=("day", "max"), touches=("t", "sum")
    )
    events = pd.concat(
        [
            withc[withc.kind.isin(["message_in", "email_in", "meeting"])][
                ["person_id", "contact_id", "day"]
            ],
            o[o.contact_id.notna() & o.kind.isin(SALES)][["person_id", "contact_id", "day"]],
        ]
    )
    events = events.join(pursuit.first_touch, on=["person_id", "contact_id"], how="inner")
    events = events[events.day >= events.first_touch]
    pursuit["answered"] = events.groupby(["person_id", "contact_id"]).day.min()
    t = touch.join(pursuit.answered, on=["person_id", "contact_id"])
    pursuit["ttfa"] = t[t.day <= t.answered].groupby(["person_id", "contact_id"]).t.sum()
    deals = o[o.contact_id.notna() & o.kind.isin(["deal_won", "deal_lost"])].copy()
    deals["won"] = deals.kind == "deal_won"
    deals = deals.sort_values(["day", "won"]).groupby(["person_id", "contact_id"]).kind.last()
    met = pd.concat(
        [
            withc[withc.kind == "meeting"][["person_id", "contact_id"]],
            o[o.contact_id.notna() & (o.kind == "meeting_booked")][["person_id", "contact_id"]],
        ]
    ).drop_duplicates()
    met = pd.Series(True, index=pd.MultiIndex.from_frame(met))
    pursuit["deal"] = deals
    pursuit["meeting"] = met.reindex(pursuit.index, fill_value=False)
    cold = pursuit.last_touch <= as_of - pd.Timedelta(days=21)
    pursuit["status"] = np.select(
        [
            pursuit.deal == "deal_won",
            pursuit.deal == "deal_lost",
            pursuit.meeting,
            pursuit.answered.notna(),
            cold,
        ],
        ["won", "lost", "meeting", "answered", "gone_cold"],
        "open",
    )
    unanswered = pursuit.answered.isna()
    pursuit["quit"] = unanswered & (pursuit.touches < 5) & cold
    pursuit["over"] = unanswered & (pursuit.touches > 8)
    g = pursuit.groupby("person_id")
    summary = pd.DataFrame(
        {
            "pursuits": g.size(),
            "answered": g.answered.count(),
            "median_ttfa": g.ttfa.median(),
            "open": g.status.agg(lambda s: (s == "open").sum()),
            "gone_cold": g.status.agg(lambda s: (s == "gone_cold").sum()),
            "quit_too_early": g["quit"].sum(),
            "over_touching": g["over"].sum(),
        }
    )
    summary["answer_rate"] = summary.answered / summary.pursuits
    last8 = per_day[per_day.kind.isin(ROUTINE) & (per_day.n > n_end - 40)]
    c8 = last8.groupby("person_id").n.nunique() / 40
    sales = o[o.kind.isin(SALES) & (o.day > as_of - pd.Timedelta(days=90))]
    linked = sales.contact_id.notna().groupby(sales.person_id).sum()
    results = ((linked + 0.5 * (sales.groupby("person_id").size() - linked)) / 2).clip(upper=1)
    frame = habits.join(
        [listen_push.rename("listen_push"), summary, c8.rename("c8"), results.rename("results")]
    ).reset_index()
    seconds = time.perf_counter() - loaded
    _print_reference(frame, seconds, load_s=loaded - started)


def _print_reference(frame: Any, seconds: float, **extra: float) -> None:
    checks = {}
    for row in frame[frame.person_id.isin(CHECK_PEOPLE)].to_dict("records"):
        checks[int(row["person_id"])] = {
            "habit": {m: round(float(row[f"h_{m}"]), 3) for m in TARGETS},
            "listen_push": round(float(row["listen_push"]), 3),
            "pursuits": int(row["pursuits"]),
            "answered": int(row["answered"]),
            "median_ttfa": float(row["median_ttfa"]),
            "results": round(float(row["results"]), 3),
            "c8": round(float(row["c8"]), 3),
        }
    print(
        json.dumps(
            {
                "people": len(frame),
                "compute_s": round(seconds, 2),
                **{k: round(v, 2) for k, v in extra.items()},
                "checks": checks,
            }
        )
    )


# --- the run ------------------------------------------------------------------------------


def measure(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its wall seconds, peak RSS (this child only) and JSON output."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {cmd}")
    return {
        "wall_s": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        **json.loads(out.strip().splitlines()[-1]),
    }


def machine() -> dict[str, Any]:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    cpu = platform.processor()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(pages / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def versions() -> dict[str, str]:
    import sqlite3  # noqa: PLC0415

    found = {}
    for dist in ("ascent", "sqlalchemy", "pandas", "duckdb", "numpy"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    return found | {"sqlite": sqlite3.sqlite_version}


def run_size(sellers: int, days: int, work: Path, reuse: bool) -> dict[str, Any]:
    folder = work / f"s{sellers}x{days}"
    summary = folder / "generate.json"
    if not (reuse and summary.exists() and (folder / "bench.db").exists()):
        started = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                str(HERE / "analytics_generate.py"),
                str(folder),
                "--sellers",
                str(sellers),
                "--days",
                str(days),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        summary.write_text(out)
        print(f"  setup {sellers}x{days}: {time.perf_counter() - started:.0f} s", flush=True)
    gen = json.loads(summary.read_text())
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    row: dict[str, Any] = {
        "sellers": sellers,
        "days": days,
        "activities": gen["activities"],
        "outcomes": gen["outcomes"],
        "setup": gen["seconds"],
    }
    row["a_ascent"] = measure([*me, "ascent", str(folder / "bench.db")])
    print(f"  (a) {row['a_ascent']['wall_s']} s", flush=True)
    times = incremental(folder / "bench.db")
    row["b_refresh_ms"] = [round(t * 1000, 1) for t in times]
    row["b_refresh_median_ms"] = round(median(times) * 1000, 1)
    print(f"  (b) {row['b_refresh_median_ms']} ms", flush=True)
    row["c_duckdb"] = measure([*me, "duckdb", str(folder)])
    print(f"  (c) duckdb {row['c_duckdb']['wall_s']} s", flush=True)
    row["c_pandas"] = measure([*me, "pandas", str(folder)])
    print(f"  (c) pandas {row['c_pandas']['wall_s']} s", flush=True)
    row["a_over_duckdb"] = round(row["a_ascent"]["wall_s"] / row["c_duckdb"]["wall_s"], 1)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["100x365", "1000x365", "5000x73"],
        help="sellers x days per seller",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/ascent-analytics-bench"),
        help="where the generated databases and Parquet files go",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse data already generated in --work (setup is not measured)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, target = args.child
        {"ascent": child_ascent, "duckdb": child_duckdb, "pandas": child_pandas}[step](target)
        return
    result: dict[str, Any] = {
        "command": "python benchmarks/run_analytics.py --sizes " + " ".join(args.sizes),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "versions": versions(),
        "as_of": AS_OF.isoformat(),
        "runs": [],
    }
    for size in args.sizes:
        sellers, days = (int(x) for x in size.split("x"))
        print(f"{sellers} sellers x {days} days", flush=True)
        result["runs"].append(run_size(sellers, days, args.work, args.reuse))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print()
    print(
        "| sellers x days | activities | (a) wall / call s | (a) RSS MB | (b) median ms "
        "| DuckDB wall / query s | pandas wall / compute s | (a) / DuckDB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in result["runs"]:
        a, d, p = r["a_ascent"], r["c_duckdb"], r["c_pandas"]
        print(
            f"| {r['sellers']:,} x {r['days']} | {r['activities']:,} | {a['wall_s']} / "
            f"{a['compute_s']} | {a['peak_rss_mb']:,} | {r['b_refresh_median_ms']} | "
            f"{d['wall_s']} / {d['compute_s']} | {p['wall_s']} / {p['compute_s']} | "
            f"{r['a_over_duckdb']}x |"
        )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

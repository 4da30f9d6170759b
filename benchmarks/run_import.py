"""Import benchmark: Ascent vs pandas vs DuckDB on one generated LinkedIn export, one run.

    pip install '.[bench]'
    python benchmarks/run_import.py --messages 1000000

Steps, each in its own child process (wall time and that child's peak RSS, from
``os.wait4``):

0. generate the export (``benchmarks/generate.py``) into a fresh temporary folder;
a. ``ascent --db sqlite:///… import EXPORT --person bench@example.com --json`` into a fresh
   SQLite file;
b. what peer scripts do: pandas ``read_csv`` of the same CSV files, ``DataFrame.to_sql`` into
   a fresh SQLite file;
c. the near-limit reference: DuckDB ``read_csv`` of the same files into DuckDB tables;
d. the same ``ascent import`` again into (a)'s database: every row is a duplicate.

``--database-url postgresql+psycopg://USER@HOST:PORT/DB`` runs (a) and (d) against PostgreSQL
instead: the script creates a fresh database next to ``DB`` on that server (the URL's own
database is only used to connect), imports into it and drops it at the end; (b) and (c) are
unchanged.

rows/s divides the number of CSV records in the export (all six files) by the wall time, the
same figure for every engine. Results go to ``benchmarks/results/import.json`` and a table
is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "import.json"
PERSON = "bench@example.com"
#: the files every engine loads; Comments.csv escapes quotes with a backslash (FORMATS §1.6)
FILES = (
    "Profile.csv",
    "Invitations.csv",
    "messages.csv",
    "Shares.csv",
    "Comments.csv",
    "Reactions.csv",
)


@dataclass
class Run:
    step: str
    what: str
    seconds: float
    rows: int
    peak_rss_mb: float
    rc: int
    #: the child's own CPU seconds (user + system): steadier than wall time on a shared
    #: machine; a PostgreSQL server's work is not in it
    cpu_seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def measure(cmd: list[str], *, stdout_path: Path | None = None) -> tuple[float, float, int, float]:
    """Run ``cmd``; its wall seconds, peak RSS in MB, exit code and CPU seconds (this child
    only)."""
    out = stdout_path.open("wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    return seconds, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


# --- the peer and reference loaders, run as children of this script ----------------------


def load_pandas(export: Path, db: Path) -> None:
    """What a peer script does: read each CSV with pandas, write it with ``to_sql``."""
    import sqlite3  # noqa: PLC0415

    import pandas as pd  # noqa: PLC0415

    with sqlite3.connect(db) as con:
        for name in FILES:
            extra = {"escapechar": "\\"} if name == "Comments.csv" else {}
            frame = pd.read_csv(export / name, dtype=str, keep_default_na=False, **extra)
            frame.to_sql(name.removesuffix(".csv").lower(), con, index=False)
            del frame


def load_duckdb(export: Path, db: Path) -> None:
    """The reference: DuckDB's own CSV reader straight into DuckDB tables."""
    import duckdb  # noqa: PLC0415

    with duckdb.connect(str(db)) as con:
        for name in FILES:
            escape = ", escape = '\\'" if name == "Comments.csv" else ""
            con.execute(
                f"CREATE TABLE {name.removesuffix('.csv').lower()} AS SELECT * FROM read_csv("
                f"'{export / name}', header = true, all_varchar = true{escape})"
            )


def table_counts_sqlite(db: Path, tables: list[str]) -> dict[str, int]:
    import sqlite3  # noqa: PLC0415

    with sqlite3.connect(db) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def table_counts_duckdb(db: Path, tables: list[str]) -> dict[str, int]:
    import duckdb  # noqa: PLC0415

    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


# --- the run ------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    found = {}
    for dist in ("ascent", "sqlalchemy", "pandas", "duckdb", "numpy"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "not installed"
    import sqlite3  # noqa: PLC0415

    found["sqlite"] = sqlite3.sqlite_version
    return found


def machine() -> dict[str, object]:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(pages / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_name(),
        #: the machine is shared: a load average near nproc means other work competed
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def ascent_cmd(db_url: str, export: Path) -> list[str]:
    exe = shutil.which("ascent", path=str(Path(sys.executable).parent)) or shutil.which("ascent")
    head = [exe] if exe else [sys.executable, "-c", "from ascent.cli.app import main; main()"]
    return [*head, "--db", db_url, "import", str(export), "--person", PERSON, "--json"]


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str]:
    """The URL of a new, empty database on ``server_url``'s server, dropped afterwards.

    Steps (a) and (d) need a database of their own; ``server_url``'s database is only what
    the script connects to in order to create and drop it.
    """
    from sqlalchemy import create_engine  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    url = make_url(server_url)
    name = f"ascent_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def run(n_messages: int, workdir: Path, db_url: str | None = None) -> dict[str, object]:
    """Every step once; (a) and (d) into ``db_url`` when given, else a fresh SQLite file."""
    export, me = workdir / "export", [sys.executable, str(Path(__file__).resolve())]
    runs: list[Run] = []

    secs, rss, rc, _cpu = measure(
        [sys.executable, str(HERE / "generate.py"), str(export), "--messages", str(n_messages)],
        stdout_path=workdir / "generate.json",
    )
    counts: dict[str, int] = json.loads((workdir / "generate.json").read_text())
    rows = sum(counts.values())
    size_mb = sum((export / f).stat().st_size for f in FILES) / 1024**2
    print(f"export: {rows:,} CSV records, {size_mb:,.0f} MB, generated in {secs:.1f} s")

    target = db_url or f"sqlite:///{workdir / 'ascent.db'}"
    engine = "PostgreSQL" if db_url else "SQLite"
    steps = [
        (
            "a",
            f"ascent import → {engine} (fresh)",
            ascent_cmd(target, export),
            "a.json",
        ),
        (
            "b",
            "pandas read_csv + to_sql → SQLite",
            [*me, "--child", "pandas", str(export), str(workdir / "pandas.db")],
            None,
        ),
        (
            "c",
            "DuckDB read_csv → DuckDB table",
            [*me, "--child", "duckdb", str(export), str(workdir / "duck.db")],
            None,
        ),
        (
            "d",
            f"ascent re-import → {engine} (all duplicates)",
            ascent_cmd(target, export),
            "d.json",
        ),
    ]
    for step, what, cmd, out in steps:
        secs, rss, rc, cpu = measure(cmd, stdout_path=workdir / out if out else None)
        runs.append(Run(step, what, secs, rows, rss, rc, cpu))
        print(
            f"  {step}. {what}: {secs:.2f} s ({cpu:.2f} s CPU), {rss:,.0f} MB, rc={rc}", flush=True
        )

    report_a = json.loads((workdir / "a.json").read_text())
    report_d = json.loads((workdir / "d.json").read_text())
    tables = [f.removesuffix(".csv").lower() for f in FILES]
    checks = {
        "ascent_added": report_a["added"],
        "ascent_counts": report_a["counts"],
        "ascent_notes": report_a["notes"],
        "ascent_skipped_rows": len(report_a["skipped"]),
        "reimport_added": report_d["added"],
        "reimport_duplicates": report_d["duplicates"],
        "pandas_rows": table_counts_sqlite(workdir / "pandas.db", tables),
        "duckdb_rows": table_counts_duckdb(workdir / "duck.db", tables),
    }
    by = {r.step: r for r in runs}
    targets = {
        "a_at_least_2x_faster_than_b": by["b"].seconds / by["a"].seconds,
        "a_rows_per_s_share_of_c": by["a"].rows_per_s / by["c"].rows_per_s,
        "a_peak_rss_mb": by["a"].peak_rss_mb,
        "d_time_over_a_time": by["d"].seconds / by["a"].seconds,
    }
    met = {
        "a_at_least_2x_faster_than_b": targets["a_at_least_2x_faster_than_b"] >= 2.0,
        "a_rows_per_s_share_of_c": targets["a_rows_per_s_share_of_c"] >= 0.20,
        "a_peak_rss_mb": targets["a_peak_rss_mb"] < 1024,
        "d_time_over_a_time": targets["d_time_over_a_time"] <= 1.0,
    }
    return {
        "command": f"python benchmarks/run_import.py --messages {n_messages}"
        + (" --database-url POSTGRESQL" if db_url else ""),
        "ascent_database": engine,
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "versions": versions(),
        "export": {
            "messages": n_messages,
            "records": counts,
            "total_records": rows,
            "size_mb": round(size_mb, 1),
        },
        "runs": [asdict(r) | {"rows_per_s": round(r.rows_per_s)} for r in runs],
        "checks": checks,
        "targets": {k: round(v, 3) for k, v in targets.items()},
        "met": met,
    }


def print_table(result: dict[str, object]) -> None:
    runs = result["runs"]
    assert isinstance(runs, list)
    print()
    print("| step | what | wall s | CPU s | rows/s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|")
    for r in runs:
        print(
            f"| {r['step']} | {r['what']} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} "
            f"| {r['rows_per_s']:,} | {r['peak_rss_mb']:,.0f} |"
        )
    print()
    targets, met = result["targets"], result["met"]
    assert isinstance(targets, dict)
    assert isinstance(met, dict)
    for key, value in targets.items():
        print(f"{key}: {value}  {'met' if met[key] else 'NOT met'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgresql+psycopg://USER@HOST:PORT/DB): steps a and d run "
        "in a fresh database created on it and dropped afterwards",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("ENGINE", "EXPORT", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        engine, export, db = args.child
        {"pandas": load_pandas, "duckdb": load_duckdb}[engine](Path(export), Path(db))
        return
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url takes a PostgreSQL URL (SQLite is the default)")
    with ExitStack() as stack:
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            args.keep.mkdir(parents=True)
            workdir = args.keep
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ascent-bench-")))
        db_url = (
            stack.enter_context(fresh_postgres(args.database_url)) if args.database_url else None
        )
        result = run(args.messages, workdir, db_url)
    print_table(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()

"""Page-speed benchmark (issue 9): the server time of every page of the web app.

    python benchmarks/run_pages.py [--runs 20]
        [--team-sellers 200] [--team-days 365] [--team-runs 5]

In one run on one machine:

a. the demo programme (``ascent demo``'s data, 14 sellers in two teams over 26 weeks, its
   last day fixed), every page as a logged-in seller and lead would open it: after two
   warm-up requests, ``--runs`` requests each, and the median and 95th percentile of the
   app's own ``Server-Timing`` (the time to the first byte of its answer, measured inside
   the app, so the in-process client adds nothing);
b. the lead's home of one team of ``--team-sellers`` sellers over ``--team-days`` days, the
   history written by ``benchmarks/analytics_generate.py`` (setup, not measured), the same
   way, ``--team-runs`` times, computed from the facts (no snapshot);
c. on that team (issue 10, the served snapshot): ``ascent db refresh``'s work for everyone
   (once), then the lead home and ``people_reports`` (what ``ascent people`` prints, the
   call in process, not the process start) served from the snapshot, ``--runs`` times each;
   and an import of one seller's day (30 Ascent CSV rows, new each time) with its rollups
   and that seller's snapshot, 7 times after one warm-up.

Results go to ``benchmarks/results/pages.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from statistics import median, quantiles
from typing import Any

from fastapi.testclient import TestClient

from ascent.bootstrap import unit_of_work
from ascent.service.demo import demo_logins, run_demo
from ascent.service.imports import import_paths
from ascent.service.people import people_reports, refresh_snapshots
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.web.app import create_app

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "pages.json"
DEMO_DAY = date(2026, 11, 30)
BENCH_DAY = date(2026, 3, 13)  # analytics_generate.END
EMAIL_1 = "seller1@bench.example"  # analytics_generate.EMAIL of seller 1
SELLER = "sam.steady@demo.example"
LEAD = "lead.north@demo.example"
_TIMING = re.compile(r"app;dur=([0-9.]+)")


def server_ms(client: TestClient, path: str) -> float:
    response = client.get(path, headers={"accept": "text/html"})
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    found = _TIMING.search(response.headers["server-timing"])
    assert found is not None
    return float(found.group(1))


def measure(client: TestClient, path: str, runs: int, warm: int = 2) -> dict[str, Any]:
    return timed(lambda: server_ms(client, path), runs, warm) | {"path": path}


def timed(run: Callable[[], float], runs: int, warm: int = 2) -> dict[str, Any]:
    """The median and 95th percentile of ``runs`` calls of ``run`` (each returns its ms)."""
    for _ in range(warm):
        run()
    times = [run() for _ in range(runs)]
    p95 = quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return {"runs": runs, "median_ms": round(median(times), 1), "p95_ms": round(p95, 1)}


def call_ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def logged_in(settings: Settings, today: date, email: str, password: str) -> TestClient:
    client = TestClient(create_app(settings, today=lambda: today), follow_redirects=False)
    client.__enter__()
    client.get("/login")
    form = {"email": email, "password": password, "csrftoken": client.cookies["csrftoken"]}
    response = client.post("/login", data=form)
    assert response.status_code == 303, response.text
    return client


def home_of(client: TestClient) -> str:
    return str(client.get("/").headers["location"])


def demo_pages(folder: Path, runs: int) -> list[dict[str, Any]]:
    settings = Settings(f"sqlite:///{folder / 'demo.db'}", explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        run_demo(uow, exports=folder / "exports", end=DEMO_DAY, seed=2026)
        demo_logins(uow)
    seller = logged_in(settings, DEMO_DAY, SELLER, "demo")
    lead = logged_in(settings, DEMO_DAY, LEAD, "demo")
    home = home_of(seller)
    person = home.replace("/seller/", "/person/")
    team = home_of(lead)
    pages: list[tuple[str, TestClient, str]] = [
        ("login", seller, "/login"),
        ("seller home", seller, home),
        ("person", seller, person),
        ("pursuits", seller, f"{person}/pursuits"),
        ("strategy", lead, f"{team}/strategy"),
        ("imports", seller, "/imports"),
        ("lead home", lead, team),
        ("lead home (JSON)", lead, f"{team}.json"),
    ]
    return [{"page": name, **measure(client, path, runs)} for name, client, path in pages]


def team_page(
    folder: Path, sellers: int, days: int, runs: int, served_runs: int
) -> list[dict[str, Any]]:
    script = HERE / "analytics_generate.py"
    command = [
        sys.executable,
        str(script),
        str(folder),
        "--sellers",
        str(sellers),
        "--days",
        str(days),
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    settings = Settings(f"sqlite:///{folder / 'bench.db'}", explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        add_user(uow, email="lead@bench.example", role="lead", team="Bench", password="bench")
    lead = logged_in(settings, BENCH_DAY, "lead@bench.example", "bench")
    team = f"{sellers} sellers x {days} days"
    rows = [{"page": f"lead home, {team}", **measure(lead, home_of(lead), runs, warm=1)}]

    def refresh() -> float:
        with unit_of_work(settings, write=True) as uow:
            ms = call_ms(lambda: refresh_snapshots(uow, as_of=BENCH_DAY))
            uow.commit()
        return ms

    rows.append({"page": f"snapshot refresh, everyone, {team}", **timed(refresh, 1, warm=0)})
    rows.append(
        {
            "page": f"lead home from the snapshot, {team}",
            **measure(lead, home_of(lead), served_runs),
        }
    )

    def people() -> float:
        with unit_of_work(settings) as uow:
            return call_ms(lambda: people_reports(uow, as_of=BENCH_DAY))

    rows.append({"page": f"people_reports from the snapshot, {team}", **timed(people, served_runs)})
    imported = iter(range(1_000_000))

    def one_day() -> float:
        path = folder / "day.csv"
        run = next(imported)
        kinds = ["comment", "reaction", "message_out", "message_in"] * 8
        rows = [
            f"{BENCH_DAY}T{9 + n % 8:02}:00,{kind},Contact {n % 7},Acme Example,r{run}-{n}"
            for n, kind in enumerate(kinds[:30])
        ]
        lines = ["date,kind,contact,account,id", *rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with unit_of_work(settings, write=True) as uow:
            return call_ms(lambda: import_paths(uow, paths=[path], person=EMAIL_1, today=BENCH_DAY))

    rows.append({"page": f"one seller's day imported + snapshot, {team}", **timed(one_day, 7, 1)})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--team-sellers", type=int, default=200)
    parser.add_argument("--team-days", type=int, default=365)
    parser.add_argument("--team-runs", type=int, default=5)
    parser.add_argument("--served-runs", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = demo_pages(Path(tmp) / "demo", args.runs)
        big = Path(tmp) / "team"
        rows += team_page(big, args.team_sellers, args.team_days, args.team_runs, args.served_runs)
    report = {"machine": platform.platform(), "python": platform.python_version(), "pages": rows}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'page':<60} {'runs':>5} {'median ms':>10} {'p95 ms':>10}")
    for row in rows:
        print(f"{row['page']:<60} {row['runs']:>5} {row['median_ms']:>10} {row['p95_ms']:>10}")


if __name__ == "__main__":
    main()

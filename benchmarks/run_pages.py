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
   way, ``--team-runs`` times.

The pages compute their measures live on each request (issue 10 brings the served
snapshot). Results go to ``benchmarks/results/pages.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from statistics import median, quantiles
from typing import Any

from fastapi.testclient import TestClient

from ascent.bootstrap import unit_of_work
from ascent.service.demo import demo_logins, run_demo
from ascent.service.users import add_user
from ascent.settings import Settings
from ascent.web.app import create_app

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "pages.json"
DEMO_DAY = date(2026, 11, 30)
BENCH_DAY = date(2026, 3, 13)  # analytics_generate.END
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
    for _ in range(warm):
        server_ms(client, path)
    times = [server_ms(client, path) for _ in range(runs)]
    p95 = quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return {
        "path": path,
        "runs": runs,
        "median_ms": round(median(times), 1),
        "p95_ms": round(p95, 1),
    }


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


def team_page(folder: Path, sellers: int, days: int, runs: int) -> dict[str, Any]:
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
    result = measure(lead, home_of(lead), runs, warm=1)
    return {"page": f"lead home, {sellers} sellers x {days} days", **result}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--team-sellers", type=int, default=200)
    parser.add_argument("--team-days", type=int, default=365)
    parser.add_argument("--team-runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = demo_pages(Path(tmp) / "demo", args.runs)
        big = Path(tmp) / "team"
        rows.append(team_page(big, args.team_sellers, args.team_days, args.team_runs))
    report = {"machine": platform.platform(), "python": platform.python_version(), "pages": rows}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'page':<40} {'runs':>5} {'median ms':>10} {'p95 ms':>10}")
    for row in rows:
        print(f"{row['page']:<40} {row['runs']:>5} {row['median_ms']:>10} {row['p95_ms']:>10}")


if __name__ == "__main__":
    main()

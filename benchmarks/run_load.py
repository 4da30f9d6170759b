"""Load test (issue 12): many people browsing pages and the API while imports run.

    python benchmarks/load_generate.py URL          # once: 1,000 sellers x 1 year
    python benchmarks/run_load.py URL [--users 50 200] [--duration 60] [--think 2]
        [--web-workers 2] [--import-workers 1] [--imports 5]

On loopback only, bounded (each level runs ``--duration`` seconds, then every process the
script started is stopped). For each level of ``--users``:

- ``ascent serve --workers N`` serves the database at URL on 127.0.0.1 and ``ascent worker``
  runs the imports;
- each virtual user logs in first (not measured: a seller of the generated org, or a team's
  lead; one in ten is an API client with the read token), then, for ``--duration`` seconds,
  requests one page or API resource after another, waiting a random think time between two
  (exponential, mean ``--think`` seconds, as a person reads a page): sellers their home,
  person page and pursuits; leads their team's home, a person of the team; API clients the
  people list (a page of 50), a person, their pursuits;
- at the same time ``--imports`` imports run without pause, each an Ascent CSV of 2,000 rows
  of one seller (a new file each time), uploaded through the API (``POST /api/v1/imports``)
  and followed until its job is done.

The latency of a request is measured by the client, from sending to the whole answer read.
Reported per level: requests, throughput, p50/p95/p99 of reads overall and per route,
errors (any 5xx, refused connection, or an unexpected status), imports finished. The client
runs on the same machine (2 cores here) and its own CPU time counts in the latencies.
Results: ``benchmarks/results/load.json`` and a table on stdout; the servers' logs (JSON
lines) in the temporary folder, ``ascent-load-N.log``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx2 as httpx

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "load.json"
ASCENT = str(Path(sys.executable).parent / "ascent")
PASSWORD = "load"  # load_generate.PASSWORD
SELLER = "seller{}@bench.example"
LEAD = "lead{}@load.example"
IMPORT_ROWS = 2000


@dataclass
class Tally:
    """What one level measured: latencies per route, errors, imports."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    imports_done: int = 0
    imports_failed: int = 0

    def add(self, route: str, seconds: float, ok: bool, why: str = "") -> None:
        self.latencies[route].append(seconds * 1000)
        if not ok:
            self.errors[f"{route}: {why}"] += 1


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return quantiles(values, n=100, method="inclusive")[q - 1]


class Server:
    """``ascent serve --workers N`` and ``ascent worker`` processes, stopped at the end."""

    def __init__(self, url: str, port: int, web_workers: int, import_workers: int) -> None:
        self.env = {
            **os.environ,
            "ASCENT_DATABASE_URL": url,
            "ASCENT_SECRET_KEY": secrets.token_urlsafe(48),
        }
        self.port, self.web_workers, self.import_workers = port, web_workers, import_workers
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Server:
        serve = [ASCENT, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.web_workers > 1:
            serve += ["--workers", str(self.web_workers)]
        self._start(serve)
        for _ in range(self.import_workers):
            self._start([ASCENT, "worker"])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/login", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise SystemExit("the server did not answer within 120 s")

    def _start(self, command: list[str]) -> None:
        name = f"ascent-load-{len(self.processes)}.log"  # the servers' JSON lines, for a look
        log = open(Path(tempfile.gettempdir()) / name, "wb")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(command, env=self.env, stdout=log, stderr=log, start_new_session=True)
        )

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


async def log_in(client: httpx.AsyncClient, email: str) -> bool:
    await client.get("/login")
    token = client.cookies.get("csrftoken", "")
    response = await client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrftoken": token, "next": "/"}
    )
    return response.status_code == 303


async def timed(
    client: httpx.AsyncClient, tally: Tally, route: str, path: str, **kwargs: Any
) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = await client.get(path, **kwargs)
    except httpx.HTTPError as exc:
        tally.add(route, time.perf_counter() - start, False, type(exc).__name__)
        return None
    ok = response.status_code == 200
    tally.add(route, time.perf_counter() - start, ok, str(response.status_code))
    return response


async def logged_in(base: str, who: tuple[str, int], token: str) -> httpx.AsyncClient | None:
    """A client for one virtual user: logged in through the form, or holding the API token."""
    kind, n = who
    headers = {"authorization": f"Bearer {token}"} if kind == "api" else {}
    client = httpx.AsyncClient(base_url=base, timeout=30, headers=headers)
    if kind == "api" or await log_in(client, (SELLER if kind == "seller" else LEAD).format(n)):
        return client
    await client.aclose()
    return None


async def browse(
    client: httpx.AsyncClient, who: tuple[str, int], stop: float, think: float, tally: Tally
) -> None:
    kind, n = who
    rng = random.Random(n * 7919 + len(kind))
    await asyncio.sleep(rng.uniform(0, think))  # people do not all start at once
    while time.monotonic() < stop:
        if kind == "seller":
            route, path = rng.choice(
                [
                    ("seller home", f"/seller/{n}"),
                    ("person page", f"/person/{n}"),
                    ("pursuits", f"/person/{n}/pursuits"),
                ]
            )
        elif kind == "lead":
            person = n + 20 * rng.randrange(50)  # load_generate: team = 1 + (id - 1) % 20
            route, path = rng.choice(
                [("lead home", f"/team/{n}"), ("person page (lead)", f"/person/{person}")]
            )
        else:
            person = rng.randrange(1, 1001)
            route, path = rng.choice(
                [
                    ("api people", "/api/v1/people?limit=50"),
                    ("api person", f"/api/v1/people/{person}"),
                    ("api pursuits", f"/api/v1/people/{person}/pursuits"),
                ]
            )
        await timed(client, tally, route, path)
        await asyncio.sleep(rng.expovariate(1 / think))
    await client.aclose()


def import_file(seller: int, round_: int) -> bytes:
    """An Ascent CSV of ``IMPORT_ROWS`` new rows of one seller (ids unique per round)."""
    rng = random.Random(seller * 1000 + round_)
    kinds = ("comment", "reaction", "message_out", "message_in", "call")
    lines = ["date,kind,person,contact,id"]
    for i in range(IMPORT_ROWS):
        day = f"2026-03-{rng.randint(1, 13):02d}T{rng.randint(8, 17):02d}:00"
        contact = f"Load Contact {rng.randint(1, 300)}"
        lines.append(f"{day},{rng.choice(kinds)},{SELLER.format(seller)},{contact},L{round_}-{i}")
    return ("\n".join(lines) + "\n").encode()


async def keep_importing(base: str, token: str, seller: int, stop: float, tally: Tally) -> None:
    headers = {"authorization": f"Bearer {token}"}
    round_ = 0
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as client:
        while time.monotonic() < stop:
            round_ += 1
            files = {
                "files": (f"load-{seller}-{round_}.csv", import_file(seller, round_), "text/csv")
            }
            response = await client.post(
                "/api/v1/imports", files=files, data={"person_id": str(seller)}
            )
            if response.status_code not in (200, 202):
                tally.imports_failed += 1
                tally.errors[f"import upload: {response.status_code}"] += 1
                await asyncio.sleep(1)
                continue
            job = response.json().get("job", response.json())
            while time.monotonic() < stop + 60:
                await asyncio.sleep(0.5)
                status = (await client.get(f"/api/v1/imports/{job['id']}")).json()
                state = status.get("job", status).get("status")
                if state == "done":
                    tally.imports_done += 1
                    break
                if state == "failed":
                    tally.imports_failed += 1
                    tally.errors[f"import failed: {status.get('job', status).get('error')}"] += 1
                    break


async def level(
    base: str, users: int, duration: float, think: float, imports: int, tokens: dict[str, str]
) -> tuple[Tally, float]:
    """One level: everyone logs in (not measured), then ``duration`` seconds of browsing."""
    tally = Tally()
    people: list[tuple[str, int]] = []
    for i in range(users):
        if i % 10 == 9:
            people.append(("api", i))
        elif i % 10 == 8:
            people.append(("lead", 1 + (i // 10) % 20))
        else:
            people.append(("seller", 1 + i))
    gate = asyncio.Semaphore(8)

    async def one(who: tuple[str, int]) -> httpx.AsyncClient | None:
        async with gate:
            return await logged_in(base, who, tokens["read"])

    clients = await asyncio.gather(*(one(who) for who in people))
    tally.errors["log-in refused"] = sum(c is None for c in clients)
    started = time.monotonic()
    stop = started + duration
    tasks = [
        browse(client, who, stop, think, tally)
        for client, who in zip(clients, people, strict=True)
        if client is not None
    ]
    tasks += [keep_importing(base, tokens["write"], 900 + k, stop, tally) for k in range(imports)]
    await asyncio.gather(*tasks)
    return tally, time.monotonic() - started


def summary(tally: Tally, users: int, seconds: float) -> dict[str, Any]:
    every = [v for values in tally.latencies.values() for v in values]
    return {
        "users": users,
        "requests": len(every),
        "per_second": round(len(every) / seconds, 1),
        "p50_ms": round(pct(every, 50), 1),
        "p95_ms": round(pct(every, 95), 1),
        "p99_ms": round(pct(every, 99), 1),
        "errors": sum(tally.errors.values()),
        "error_kinds": {k: v for k, v in tally.errors.items() if v},
        "imports_done": tally.imports_done,
        "imports_failed": tally.imports_failed,
        "routes": {
            route: {
                "n": len(values),
                "p50_ms": round(pct(values, 50), 1),
                "p95_ms": round(pct(values, 95), 1),
            }
            for route, values in sorted(tally.latencies.items())
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--import-workers", type=int, default=1)
    parser.add_argument("--imports", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--tokens", type=Path, default=HERE / "results" / "load" / "tokens.json")
    args = parser.parse_args(argv)
    tokens = json.loads(args.tokens.read_text(encoding="utf-8"))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{args.port}"
    levels = []
    with Server(args.url, args.port, args.web_workers, args.import_workers):
        for users in args.users:
            tally, seconds = asyncio.run(
                level(base, users, args.duration, args.think, args.imports, tokens)
            )
            levels.append(summary(tally, users, seconds))
            print(json.dumps({k: v for k, v in levels[-1].items() if k != "routes"}), flush=True)
    result = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "settings": {
            "duration_s": args.duration,
            "think_s": args.think,
            "web_workers": args.web_workers,
            "import_workers": args.import_workers,
            "imports": args.imports,
            "import_rows": IMPORT_ROWS,
        },
        "levels": levels,
    }
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")
    for each in levels:
        print(f"\n{each['users']} users: p95 {each['p95_ms']} ms, errors {each['errors']}")
        for route, figures in each["routes"].items():
            n, p50, p95 = figures["n"], figures["p50_ms"], figures["p95_ms"]
            print(f"  {route:24} n={n:6} p50 {p50:8} p95 {p95:8}")


if __name__ == "__main__":
    main()

"""Parse-only benchmark of LinkedIn ``messages.csv``: the row path, the columnar path (issue 10)
and pyarrow's raw read of the same file, the floor of the columnar path.

    python benchmarks/generate.py EXPORT --messages 200000
    python benchmarks/run_parse.py EXPORT [--repeat 3]

Each measurement runs in its own child process, the steps taking turns (``--repeat`` rounds),
so that a busy shared machine hurts all of them alike. A child imports what it needs and
finds the owner first (both paths share that), then times only the parse: every record of
``parse_messages`` consumed (an ``ActivityBatch`` counted by its activities), none written.
It reports wall and CPU seconds (CPU sums pyarrow's threads); the parent adds the child's
peak RSS (``os.wait4``). The one-time import of pyarrow (and of what it pulls in) is timed
apart: a first columnar file pays it once per process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

STEPS = {
    "floor": "pyarrow.csv.open_csv of messages.csv in the columnar blocks, all as strings",
    "rows": "parse_messages on the row path (ASCENT_IMPORT_PATH=rows)",
    "columns": "parse_messages on the columnar path (ASCENT_IMPORT_PATH=columns)",
}


def child(step: str, export: Path) -> dict[str, float]:
    """One timed parse in this process; what the parent prints."""
    imported = _import_pyarrow() if step != "rows" else 0.0
    if step == "floor":
        return {"import_s": imported, **_timed(lambda: _raw_read(export / "messages.csv"))}
    os.environ["ASCENT_IMPORT_PATH"] = step
    from ascent.importers.linkedin.messages import parse_messages  # noqa: PLC0415
    from ascent.importers.linkedin.owner import detect_owner  # noqa: PLC0415
    from ascent.importers.source import Source  # noqa: PLC0415

    with Source.open(export) as source:
        owner = detect_owner(source)
        return {"import_s": imported, **_timed(lambda: _consume(parse_messages(source, owner)))}


def _import_pyarrow() -> float:
    """Seconds to import pyarrow and make a first array (which imports pandas when it is
    installed): what the first columnar file of a process pays once, timed apart."""
    started = time.perf_counter()
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute  # noqa: PLC0415
    import pyarrow.csv  # noqa: PLC0415

    pa.array(["warm"])
    return time.perf_counter() - started


def _timed(work: object) -> dict[str, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    records = work()  # type: ignore[operator]
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "records": records,
    }


def _raw_read(path: Path) -> int:
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pcsv  # noqa: PLC0415

    from ascent.importers.linkedin.columnar import BLOCK_BYTES  # noqa: PLC0415

    names = [f"c{i}" for i in range(11)]
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_BYTES),
        parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    return sum(batch.num_rows for batch in reader)


def _consume(records: object) -> int:
    from ascent.domain.records import ActivityBatch  # noqa: PLC0415

    count = 0
    for record in records:  # type: ignore[attr-defined]
        count += len(record) if isinstance(record, ActivityBatch) else 1
    return count


def measure(step: str, export: Path) -> dict[str, float]:
    """One child: its report and its peak RSS in MB."""
    cmd = [sys.executable, __file__, "--child", step, str(export)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"{step} failed ({status})")
    return {**json.loads(out), "peak_rss_mb": usage.ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", type=Path, help="a folder written by benchmarks/generate.py")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=list(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.export)))
        return
    runs: dict[str, list[dict[str, float]]] = {step: [] for step in STEPS}
    for _ in range(args.repeat):
        for step in STEPS:
            runs[step].append(measure(step, args.export))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print("| step | what | wall s (best / median) | CPU s (best) | records | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|")
    for step, what in STEPS.items():
        walls = [r["wall_s"] for r in runs[step]]
        cpu = min(r["cpu_s"] for r in runs[step])
        rss = max(r["peak_rss_mb"] for r in runs[step])
        records = int(runs[step][0]["records"])
        best, median = min(walls), statistics.median(walls)
        print(
            f"| {step} | {what} | {best:.2f} / {median:.2f} | {cpu:.2f} | {records} | {rss:.0f} |"
        )
    imports = [r["import_s"] for r in runs["columns"]]
    print(f"one-time import of pyarrow (columns only, not in the figures): {min(imports):.2f} s")


if __name__ == "__main__":
    main()

"""An import killed with SIGKILL in the middle of its bulk write leaves the database as it was.

A child process runs ``ascent import`` of a 1,000-row export with the loader's batches made
small (50 rows staged at a time, moved every 200), and stops for good after its third stage
or its third move into ``activities``, saying so through a file; by then rows are staged or
already moved, inside the import's open transaction. The test kills it there and finds every
table with exactly the rows it had before, then imports the same export again, which adds
exactly what it should. Runs on SQLite and, with ``ASCENT_DATABASE_URL`` set, on
PostgreSQL (the server rolls back the dead client's transaction).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from ascent.bootstrap import scoped_unit_of_work
from ascent.service.imports import import_paths

ROWS = 1000
EARLIER_ROWS = 200
#: one ``ascent import`` that blocks after the third call of ``Staging.<step>`` (argv[2]),
#: once it has written a marker file (argv[1]); the rest of argv is the CLI's
CHILD = """
import sys, time
from ascent.store import loader, staging
from ascent.cli.app import main
marker, step = sys.argv[1], sys.argv[2]
loader.BATCH_ROWS, staging.MOVE_ROWS = 50, 200
original = getattr(staging.Staging, step)
calls = []
def paused(self, *args):
    original(self, *args)
    calls.append(step)
    if len(calls) == 3:
        open(marker, "w").close()
        time.sleep(3600)
setattr(staging.Staging, step, paused)
sys.argv = ["ascent", *sys.argv[3:]]
main()
"""
WAIT_SECONDS = 120


def _export(path: Path, rows: int) -> Path:
    """An Ascent CSV of ``rows`` rows: 100 contacts; every tenth row a booked meeting (an
    outcome), the others messages and calls."""
    kinds = ("message_out", "message_in", "call")
    lines = ["date,kind,contact,contact_url,account,id"]
    for i in range(rows):
        kind = "meeting_booked" if i % 10 == 9 else kinds[i % 3]
        c = i % 100
        url = f"https://www.linkedin.com/in/contact-{c}"
        day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}"
        lines.append(f"{day},{kind},Contact {c},{url},Company {c % 7},row-{i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(engine: Engine, path: Path) -> dict[str, object]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return import_paths(uow, paths=[path], person="ada@example.com").to_dict()


def _counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table of the database."""
    tables = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {
            t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
        }


def _kill_during_bulk_write(database_url: str, export: Path, step: str, tmp_path: Path) -> None:
    """Run the import in a child, wait until it has blocked after its third ``step``, kill
    it with SIGKILL."""
    marker = tmp_path / "blocked"
    command = [sys.executable, "-c", CHILD, str(marker), step, "--db", database_url]
    command += ["import", str(export), "--person", "ada@example.com"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not marker.exists():
            if child.poll() is not None:
                assert child.stderr is not None
                pytest.fail(f"the import ended before the kill: {child.stderr.read()!r}")
            if time.monotonic() > deadline:
                pytest.fail("the import never reached its bulk write")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=WAIT_SECONDS)
        assert child.stderr is not None
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("step", ["stage", "move"])
def test_a_killed_import_leaves_the_database_as_it_was(
    engine: Engine, database_url: str, tmp_path: Path, step: str
) -> None:
    earlier = _import(engine, _export(tmp_path / "earlier.csv", EARLIER_ROWS))
    assert earlier["added"] == EARLIER_ROWS
    before = _counts(engine)
    assert before["activities"] == 180
    assert before["outcomes"] == 20
    export = _export(tmp_path / "export.csv", ROWS)

    _kill_during_bulk_write(database_url, export, step, tmp_path)

    assert _counts(engine) == before
    again = _import(engine, export)
    assert again["added"] == ROWS - EARLIER_ROWS
    assert again["duplicates"] == EARLIER_ROWS
    assert again["counts"] == {
        "call": 240,
        "meeting_booked": 80,
        "message_in": 240,
        "message_out": 240,
    }
    after = _counts(engine)
    assert (after["activities"], after["outcomes"]) == (900, 100)
    assert after["import_batches"] == before["import_batches"] + 1

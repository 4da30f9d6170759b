"""Imports started at once, in separate processes, end as the same imports one after another.

Each case imports its exports twice: first one after another in this process (the
expected counts), then all at once in fresh ``ascent import`` processes that wait at a gate
until every one of them is ready, so that they really meet: on the migrations of an absent
database, on the default org of an empty one, on the contacts and identities of a populated
one, and behind a long import. Their exports are chosen so that the order of the imports
does not change the counts (distinct owners; shared contacts known by their profile URLs).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.demo.linkedin_writer import MESSAGES_HEADER
from ascent.service.directory import WAITING, enter_org, take_turn
from ascent.service.imports import import_paths
from ascent.service.org_settings import set_org_settings
from ascent.service.people import list_people
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.migrate import upgrade
from ascent.store.models import (
    Account,
    Activity,
    Contact,
    ContactIdentity,
    ImportBatch,
    Org,
    Person,
    Team,
)
from ascent.store.scope import UnitOfWork

LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin" / "2026"
MODELS = (Activity, Contact, ContactIdentity, Person, Org, Team, Account, ImportBatch)
LONG_ROWS = 20_000
#: one process: imports Ascent, says it is ready (a file), waits at the gate (a file), then
#: runs the CLI, so that every process starts its import at the same moment
WORKER = """
import os, sys, time
from ascent.cli.app import main
ready, gate = sys.argv[1], sys.argv[2]
open(ready, "w").close()
while not os.path.exists(gate):
    time.sleep(0.001)
sys.argv = ["ascent", *sys.argv[3:]]
main()
"""


def _messages(path: Path, owner: str, rows: int) -> Path:
    """A LinkedIn ``messages.csv`` of ``owner`` with 300 contacts, in the 2026 format."""
    me = (owner, "https://www.linkedin.com/in/" + owner.lower().replace(" ", "-") + "-0a1b2c")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(MESSAGES_HEADER)
        for i in range(rows):
            c = i % 300
            them = (f"Contact{c} Sample", f"https://www.linkedin.com/in/contact{c}-sample-9z8y")
            sender, recipient = (me, them) if i % 2 else (them, me)
            when = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00 UTC"
            writer.writerow(
                [
                    f"2-{owner[:3]}{c}==",
                    "",
                    *sender,
                    *recipient,
                    when,
                    "",
                    f"Message {i}\nabout the offer",
                    "INBOX",
                    "",
                ]
            )
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Name -> the arguments of ``ascent import`` for it."""
    root = tmp_path_factory.mktemp("exports")
    (root / "long").mkdir()
    (root / "small").mkdir()
    long = _messages(root / "long" / "messages.csv", "Bea Example", LONG_ROWS)
    small = _messages(root / "small" / "messages.csv", "Cy Example", 400)
    return {
        "linkedin": [str(LINKEDIN)],
        "long": [str(long), "--person", "bea@example.com"],
        "small": [str(small), "--person", "cy@example.com"],
    }


CASES = {
    "two": ["long", "small"],
    "four": ["linkedin", "small", "linkedin", "small"],
}


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            m.__tablename__: connection.execute(select(func.count()).select_from(m)).scalar_one()
            for m in MODELS
        }


def _engine(url: str) -> Engine:
    return make_engine(Settings(url, explicit_database=True))


def _prepare(url: str, state: str, exports: dict[str, list[str]]) -> None:
    """The database ``url`` (absent) made ``empty`` (migrated) or ``populated``."""
    if state == "absent":
        return
    engine = _engine(url)
    upgrade(engine)
    if state == "populated":
        _import(engine, exports["small"])
    engine.dispose()


def _import(engine: Engine, args: list[str]) -> None:
    path, *options = args
    person = options[1] if options else None
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[Path(path)], person=person)


def _absent(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


#: the counts of sequential imports, by engine, populated or not, and case
_EXPECTED: dict[tuple[str, bool, str], dict[str, int]] = {}


def _sequential(url: str, state: str, case: str, exports: dict[str, list[str]]) -> dict[str, int]:
    """The counts of the case's imports one after another (an absent database counts as an
    empty one: migrating is not counted)."""
    key = (url.split(":", 1)[0], state == "populated", case)
    if key not in _EXPECTED:
        _prepare(url, "populated" if key[1] else "empty", exports)
        engine = _engine(url)
        for name in CASES[case]:
            _import(engine, exports[name])
        _EXPECTED[key] = _counts(engine)
        engine.dispose()
        _absent(url)
    return _EXPECTED[key]


def _at_once(url: str, names: list[str], exports: dict[str, list[str]], gate: Path) -> None:
    env = {**os.environ, "ASCENT_DATABASE_URL": url}
    ready = [gate.with_name(f"ready-{n}") for n in range(len(names))]
    commands = [
        [
            sys.executable,
            "-c",
            WORKER,
            str(r),
            str(gate),
            "--db",
            url,
            "import",
            *exports[n],
            "--json",
        ]
        for r, n in zip(ready, names, strict=True)
    ]
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for c in commands
    ]
    try:
        for _ in range(60_000):  # every process has imported Ascent (60 s at most)
            if all(r.exists() for r in ready) or any(p.poll() is not None for p in processes):
                break
            time.sleep(0.001)
        gate.touch()
        for process, name in zip(processes, names, strict=True):
            out, err = process.communicate(timeout=300)
            assert "Traceback" not in err, err
            assert process.returncode == 0, (name, err)
            assert json.loads(out)["files"][0]["path"] == exports[name][0]
    finally:
        for process in processes:  # only when an assertion failed before they all ended
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("state", ["absent", "empty", "populated"])
def test_imports_at_once_count_as_one_after_another(
    database_url: str, exports: dict[str, list[str]], tmp_path: Path, state: str, case: str
) -> None:
    expected = _sequential(database_url, state, case, exports)
    _prepare(database_url, state, exports)
    _at_once(database_url, CASES[case], exports, tmp_path / "gate")
    engine = _engine(database_url)
    try:
        assert _counts(engine) == expected
    finally:
        engine.dispose()


def test_an_import_that_must_wait_says_so_once_then_runs(engine: Engine) -> None:
    told: list[str] = []
    waiting = threading.Event()

    def on_wait(message: str) -> None:
        told.append(message)
        waiting.set()

    def second() -> None:
        with scoped_unit_of_work(engine, write=True, on_wait=on_wait) as uow:
            import_paths(uow, paths=[LINKEDIN])

    with UnitOfWork(engine) as first:
        take_turn(first)
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=60)
        thread.join(timeout=0.5)
        assert thread.is_alive()  # still waiting for the turn (19 rows import in far less)
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert told == [WAITING]
    assert _counts(engine)["activities"] == 19


def test_every_writer_takes_its_turn_and_readers_never_wait(engine: Engine) -> None:
    """A settings change waits for a running import like another import does; reading while
    the very first import has not committed its org yet finds nothing, at once."""
    changed: list[int] = []
    people: list[list[object]] = []

    def change() -> None:
        with scoped_unit_of_work(engine, write=True) as uow:
            changed.append(set_org_settings(uow, changes={"touches_min": "6"}).measures.touches_min)

    def read() -> None:
        with scoped_unit_of_work(engine) as uow:
            people.append(list(list_people(uow, as_of=date(2026, 3, 2))))

    with UnitOfWork(engine) as first:
        enter_org(first, write=True)  # the turn, and an org nobody else can see yet
        writer, reader = threading.Thread(target=change), threading.Thread(target=read)
        writer.start()
        reader.start()
        reader.join(timeout=30)
        assert (reader.is_alive(), people) == (False, [[]])
        writer.join(timeout=0.5)
        assert writer.is_alive()
        first.commit()
    writer.join(timeout=60)
    assert (writer.is_alive(), changed) == (False, [6])


def test_a_file_that_cannot_be_imported_is_refused_without_waiting_for_the_turn(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    """The CLI opens and detects the exports before it takes the writer's turn: an unknown
    file behind a running import gets its one line at once, not after that import."""
    unknown = tmp_path / "notes.txt"
    unknown.write_text("nothing Ascent knows\n")
    main = "from ascent.cli.app import main; main()"
    command = [sys.executable, "-c", main, "--db", database_url, "import"]
    with UnitOfWork(engine) as running:
        take_turn(running)  # held until the block ends
        done = subprocess.run(
            [*command, str(unknown)], capture_output=True, text=True, timeout=120, check=False
        )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"error: {unknown}: not a format Ascent knows (known: ")

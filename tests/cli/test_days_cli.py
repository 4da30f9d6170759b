"""Day options take sane days only, and days far out in the data cannot make a command hang."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app

TODAY = date.today()  # noqa: DTZ011 - the CLI's "today" is the local calendar day too
LAST = (TODAY + timedelta(days=365)).isoformat()
TOO_LATE = (TODAY + timedelta(days=366)).isoformat()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    log = tmp_path / "log.csv"
    log.write_text("date,kind\n2026-03-02,post\n")
    assert run(database_url, "import", str(log), "--person", "Ada Example")[0] == 0
    return database_url


DAY_OPTIONS = [
    ("--as-of", ["people", "--as-of"]),
    ("--as-of", ["person", "Ada Example", "--as-of"]),
    ("--as-of", ["today", "--person", "Ada Example", "--as-of"]),
    ("--as-of", ["pursuits", "--as-of"]),
    ("--as-of", ["demo", "--as-of"]),
    ("--start", ["person", "Ada Example", "--start"]),
    ("--from", ["log", "pause", "--person", "Ada Example", "--to", "2026-03-03", "--from"]),
    ("--to", ["log", "pause", "--person", "Ada Example", "--from", "2026-03-03", "--to"]),
]


@pytest.mark.parametrize(
    ("option", "command"), DAY_OPTIONS, ids=[" ".join(c) for _, c in DAY_OPTIONS]
)
def test_a_day_outside_1990_to_a_year_ahead_is_one_line(
    database_url: str, option: str, command: list[str]
) -> None:
    for day in ("9999-12-31", "0001-01-01", "1989-12-31", TOO_LATE):
        assert run(database_url, *command, day) == (
            2,
            "",
            f"error: {option} {day}: give a day from 1990-01-01 to {LAST} (a year ahead)\n",
        )


@pytest.mark.parametrize("day", ["1990-01-01", LAST])
def test_the_first_and_the_last_day_answer(db: str, day: str) -> None:
    """Both ends of the range are accepted."""
    for command in (
        ["people"],
        ["person", "Ada Example"],
        ["today", "--person", "Ada Example"],
        ["pursuits"],
    ):
        code, stdout, stderr = run(db, *command, "--as-of", day, "--json")
        assert (code, stderr) == (0, "")
        assert json.loads(stdout) != {}


def test_data_in_year_1_and_9999_is_measured_without_overflow(
    database_url: str, tmp_path: Path
) -> None:
    """A broken export's year-1 dates start no programme and make no 2,000-year timeline."""
    log = tmp_path / "log.csv"
    rows = [
        f"0001-01-{d:02d},{k},Bob,Acme,{k}{d}"
        for d in range(1, 9)
        for k in ("post", "message_out", "message_in")
    ]
    rows += ["9999-12-31,post,,,late", "0001-01-03,deal_won,Bob,Acme,won", "2026-03-02,post,,,p"]
    log.write_text("date,kind,contact,account,id\n" + "\n".join(rows) + "\n")
    assert run(database_url, "import", str(log), "--person", "Ada Example")[0] == 0
    for command in (
        ["people"],
        ["person", "Ada Example"],
        ["pursuits"],
        ["today", "--person", "Ada Example"],
    ):
        code, stdout, stderr = run(database_url, *command, "--as-of", "2026-03-10", "--json")
        assert (code, stderr) == (0, "")
    code, stdout, _ = run(database_url, "person", "Ada Example", "--as-of", "2026-03-10", "--json")
    report = json.loads(stdout)
    assert (report["programme_start"], report["phase"]) == (None, "not_started")
    assert [w["week"] for w in report["timeline"]] == ["2026-03-09"]


def test_a_programme_start_before_1990_counts_from_1990(database_url: str, tmp_path: Path) -> None:
    strategy = tmp_path / "strategy.yaml"
    strategy.write_text(
        "team: North\nprogramme_start: 0001-01-05\ngoals: []\n"
        "tactics:\n  - name: Posts\n    kinds: [post]\n"
    )
    log = tmp_path / "log.csv"
    log.write_text("date,kind\n1990-01-02,post\n")
    run(database_url, "import", str(log), "--person", "Ada Example", "--team", "North")
    assert run(database_url, "strategy", "load", str(strategy))[0] == 0
    code, stdout, stderr = run(
        database_url, "person", "Ada Example", "--as-of", "1990-01-20", "--json"
    )
    assert (code, stderr) == (0, "")
    report = json.loads(stdout)
    assert report["programme_start"] == "1990-01-01"
    assert [w["week"] for w in report["timeline"]] == ["1990-01-01", "1990-01-08", "1990-01-15"]

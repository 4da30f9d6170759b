"""The CLI end to end, in process: help everywhere, JSON output, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app

COMMANDS = [[], ["import"], ["people"], ["demo"], ["db"], ["db", "upgrade"]]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "ascent")
def test_every_command_has_help(command: list[str]) -> None:
    code, stdout, _ = run(*command, "--help")
    assert code == 0
    assert "Usage: ascent" in stdout


def test_import_then_people_json(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "date,kind,contact,id\n2026-03-02,call,Bob,1\n2026-03-03,message_out,Bob,2\n"
        "2026-03-03,post,,3\n2026-01-01,post,,4\n"
    )
    code, stdout, _ = run(
        "--db",
        database_url,
        "import",
        str(log),
        "--person",
        "ada@demo.example",
        "--team",
        "North",
        "--json",
    )
    assert code == 0
    report = json.loads(stdout)
    assert report["counts"] == {"call": 1, "message_out": 1, "post": 2}
    assert report["person"] == "ada"
    code, stdout, _ = run("--db", database_url, "people", "--as-of", "2026-03-10", "--json")
    assert code == 0
    (row,) = json.loads(stdout)
    assert {
        k: row[k]
        for k in (
            "person",
            "email",
            "team",
            "counts",
            "outcomes",
            "last_activity",
            "phase",
            "jigsaw",
            "weakest_pillar",
            "listen_push_ratio",
            "strategy_coverage",
            "effort",
        )
    } == {
        "person": "ada",
        "email": "ada@demo.example",
        "team": "North",
        "counts": {"publish": 1, "engage": 0, "converse": 2, "connect": 0, "meet": 0},
        "outcomes": 0,
        "last_activity": "2026-03-03",
        "phase": "not_started",  # 2 active days: no sustained routine yet
        "jigsaw": 0.0,
        "weakest_pillar": "profile",  # no Profile.csv imported
        "listen_push_ratio": 0.0,  # one post, nothing listened to
        "strategy_coverage": 0.0,
        "effort": 3,  # no strategy: all effort is unattributed
    }
    assert set(row["pillars"]) == {"profile", "publish", "engage", "converse", "network", "results"}
    assert set(row["habit"]) == {"publish", "engage", "converse", "connect"}


def test_people_table_is_readable(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,kind\n2026-03-02,post\n")
    run("--db", database_url, "import", str(log), "--person", "Ada Example")
    code, stdout, _ = run("--db", database_url, "people", "--as-of", "2026-03-10")
    assert code == 0
    assert "│ Ada Example │ Default team │ not_started │" in stdout


def test_bad_input_is_one_line_on_stderr_with_non_zero_exit(
    database_url: str, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.zip"
    code, stdout, stderr = run("--db", database_url, "import", str(missing), "--person", "x")
    assert code == 2
    assert stdout == ""
    assert stderr == f"error: {missing}: no such file or folder\n"


def test_bad_as_of_date(database_url: str) -> None:
    code, _, stderr = run("--db", database_url, "people", "--as-of", "yesterday")
    assert (code, stderr) == (2, "error: --as-of 'yesterday' is not a date (use YYYY-MM-DD)\n")


def test_db_upgrade(database_url: str) -> None:
    code, stdout, _ = run("--db", database_url, "db", "upgrade", "--json")
    assert code == 0
    assert json.loads(stdout)["engine"] in {"sqlite", "postgresql"}

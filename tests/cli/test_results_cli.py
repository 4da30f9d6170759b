"""``ascent results attribution|uplift|replication``: the ``--json`` shapes on the source story
imported through the CLI, the tables, and the one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app
from results_story import STORY_AS_OF, TEAM, story_csv, strategy_yaml

UPLIFT_FIELDS = [
    "account",
    "target",
    "person",
    "weeks_before",
    "weeks_after",
    "rate_before",
    "rate_after",
    "uplift",
    "ci_low",
    "ci_high",
    "verdict",
    "relative",
    "control_rate_before",
    "control_rate_after",
    "outcomes_before",
    "outcomes_after",
    "person_id",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def story(database_url: str, tmp_path: Path) -> str:
    (tmp_path / "strategy.yaml").write_text(strategy_yaml())
    (tmp_path / "story.csv").write_text(story_csv())
    assert run("--db", database_url, "strategy", "load", str(tmp_path / "strategy.yaml"))[0] == 0
    code, _, err = run("--db", database_url, "import", str(tmp_path / "story.csv"), "--team", TEAM)
    assert code == 0, err
    return database_url


def results(db: str, command: str, *more: str) -> dict[str, Any]:
    code, stdout, stderr = run(
        "--db", db, "results", command, "--team", TEAM, "--as-of", str(STORY_AS_OF), *more
    )
    assert code == 0, stderr
    data: dict[str, Any] = json.loads(stdout)
    return data


def test_replication_json_is_one_object_per_seller_with_the_flag(story: str) -> None:
    data = results(story, "replication", "--json")
    assert (data["team"]["name"], data["as_of"], data["routine_weeks"]) == (
        TEAM,
        "2026-11-29",
        8,
    )
    sellers = {s["person"]: s for s in data["sellers"]}
    assert list(sellers["Wanda Wonder"]) == [
        "person",
        "person_id",
        "target_accounts",
        "accounts_with_routine",
        "accounts_with_outcomes",
        "accounts_with_both",
        "replication",
        "flags",
        "evidence",
        "up_account",
        "not_carried_to",
        "effort_before",
        "effort_now",
        "accounts",
    ]
    assert sellers["Wanda Wonder"]["flags"] == ["single_account_success"]
    assert sellers["Wanda Wonder"]["up_account"] == "Acme Example Ltd"
    assert sellers["Sam Steady"]["flags"] == []
    assert sellers["Sam Steady"]["accounts"][0] == {
        "account": "Acme Example Ltd",
        "routine_weeks": 8,
        "routine": True,
        "outcomes": 2,
    }


def test_uplift_json_has_the_issues_fields_per_account_and_for_the_programme(story: str) -> None:
    data = results(story, "uplift", "--json")
    assert list(data) == ["team", "as_of", "accounts", "programme", "without_start"]
    assert all(list(row) == UPLIFT_FIELDS for row in data["accounts"])
    assert list(data["programme"]) == [f for f in UPLIFT_FIELDS if f not in ("person", "person_id")]
    wanda_acme = [
        r
        for r in data["accounts"]
        if (r["person"], r["account"]) == ("Wanda Wonder", "Acme Example Ltd")
    ]
    # ten empty weeks before the start (back to her old connection), 26 after, 6 results
    assert [(r["weeks_before"], r["weeks_after"], r["outcomes_after"]) for r in wanda_acme] == [
        (10, 26, 6)
    ]


def test_attribution_json_names_each_method(story: str) -> None:
    data = results(story, "attribution", "--json")
    assert [m["method"] for m in data["methods"]] == ["first_touch", "last_touch", "linear"]
    assert [m["label"] for m in data["methods"]] == ["first touch", "last touch", "linear"]
    assert (data["first_day"], data["last_day"], data["window_days"]) == (
        "2026-09-01",
        "2026-11-29",
        90,
    )
    # in the 90 days from 1 September: Wanda's result of week 14 (13 September) and Sam's of
    # weeks 16-19; each followed LinkedIn messages to its buyer on the Tuesdays before
    assert data["outcomes"] == 5
    for method in data["methods"]:
        assert method["rows"] == [
            {"channel": "linkedin", "kind": "meeting_booked", "count": 5.0, "amount": None}
        ]


def test_the_tables_name_the_method_and_the_flag(story: str) -> None:
    code, stdout, _ = run(
        "--db", story, "results", "attribution", "--team", TEAM, "--as-of", str(STORY_AS_OF)
    )
    assert code == 0
    for title in ("Method: first touch", "Method: last touch", "Method: linear"):
        assert title in stdout
    code, stdout, _ = run(
        "--db", story, "results", "replication", "--team", TEAM, "--as-of", str(STORY_AS_OF)
    )
    assert code == 0
    assert "single_account_success" in stdout
    code, stdout, _ = run(
        "--db", story, "results", "uplift", "--team", TEAM, "--as-of", str(STORY_AS_OF)
    )
    assert code == 0
    assert "all target accounts" in stdout


def test_errors_are_one_line(database_url: str) -> None:
    code, stdout, stderr = run("--db", database_url, "results", "uplift", "--team", "Nobody")
    assert (code, stdout, stderr) == (2, "", "error: no team 'Nobody' in this org\n")
    code, _, stderr = run(
        "--db", database_url, "results", "replication", "--team", "Nobody", "--json"
    )
    assert code == 2
    assert json.loads(stderr)["error"]["message"] == "no team 'Nobody' in this org"
    code, _, stderr = run(
        "--db", database_url, "results", "attribution", "--team", "X", "--as-of", "soon"
    )
    assert code == 2
    assert stderr.startswith("error: ")
    assert stderr.count("\n") == 1


def test_todays_plan_asks_wanda_to_repeat_what_worked_at_acme(story: str) -> None:
    code, stdout, _ = run(
        "--db", story, "today", "--person", "Wanda Wonder", "--as-of", str(STORY_AS_OF)
    )
    assert code == 0
    assert " ↻ Repeat in Globex Example, Initech Example, Stark Example Industries and 2 more " in (
        " ".join(stdout.split("\n"))
    )

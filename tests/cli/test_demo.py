"""`ascent demo` through the real store: every persona lands in its intended phase, and
re-running adds nothing. Runs on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.demo import PERSONAS

KEYS = ("team", "counts", "outcomes", "last_activity", "phase", "jigsaw", "weakest_pillar")


NORTH, SOUTH = "Team North", "Team South"
#: every seller by their demo e-mail, one lead per team and an admin (issue 9)
LOGINS = [
    ("cora.connector@demo.example", "seller", NORTH),
    ("dana.doubt@demo.example", "seller", SOUTH),
    ("lee.leader@demo.example", "seller", NORTH),
    ("lena.listener@demo.example", "seller", SOUTH),
    ("nia.newcomer@demo.example", "seller", SOUTH),
    ("noah.notyet@demo.example", "seller", SOUTH),
    ("otto.over@demo.example", "seller", SOUTH),
    ("pat.pusher@demo.example", "seller", NORTH),
    ("quinn.quitter@demo.example", "seller", NORTH),
    ("sam.steady@demo.example", "seller", NORTH),
    ("stella.constant@demo.example", "seller", SOUTH),
    ("uma.under@demo.example", "seller", SOUTH),
    ("val.grinder@demo.example", "seller", NORTH),
    ("wanda.wonder@demo.example", "seller", NORTH),
    ("lead.north@demo.example", "lead", NORTH),
    ("lead.south@demo.example", "lead", SOUTH),
    ("admin@demo.example", "admin", None),
]


def _demo(database_url: str, exports: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app,
        [
            "--db",
            database_url,
            "demo",
            "--as-of",
            "2026-03-13",
            "--exports",
            str(exports),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _counts(*values: int) -> dict[str, int]:
    return dict(zip(("publish", "engage", "converse", "connect", "meet"), values, strict=True))


def test_demo_personas_land_in_their_phases_and_rerun_adds_nothing(
    database_url: str, tmp_path: Path
) -> None:
    first = _demo(database_url, tmp_path / "exports")
    # the LinkedIn exports, 235 outcomes from the outcomes CSV and the HubSpot deals, and
    # 1,807 web_visits from six sellers' Plausible exports
    assert first["added"] == 14289
    people = {p["person"]: p for p in first["people"]}
    assert {name: people[name]["phase"] for name in people} == {
        p.name: p.intended_phase for p in PERSONAS
    }
    pick = {
        name: {k: people[name][k] for k in KEYS}
        for name in ("Pat Pusher", "Quinn Quitter", "Sam Steady", "Noah Notyet")
    }
    assert pick == {
        "Pat Pusher": {
            "team": "Team North",
            "counts": _counts(28, 0, 0, 26, 0),
            # 43 days of web visits his posts bring are awareness, not a sales outcome: still
            # in the valley with none
            "outcomes": 0,
            "last_activity": "2026-03-13",
            "phase": "valley_of_despair",
            "jigsaw": 0.0,
            "weakest_pillar": "engage",
        },
        "Quinn Quitter": {
            "team": "Team North",
            "counts": _counts(0, 0, 0, 0, 0),
            "outcomes": 0,
            "last_activity": "2026-02-04",
            "phase": "lapsed",
            "jigsaw": 0.0,
            "weakest_pillar": "network",
        },
        "Sam Steady": {
            "team": "Team North",
            "counts": _counts(13, 133, 59, 33, 0),
            "outcomes": 7,  # sales outcomes in the 28 days (his days of web visits left out)
            "last_activity": "2026-03-13",
            "phase": "success",
            "jigsaw": 77.788,
            "weakest_pillar": "profile",
        },
        "Noah Notyet": {
            "team": "Team South",
            "counts": _counts(0, 0, 0, 0, 0),
            "outcomes": 0,
            "last_activity": "2025-09-03",
            "phase": "not_started",
            "jigsaw": 0.0,
            "weakest_pillar": "publish",
        },
    }
    assert [(u["email"], u["role"], u["team"]) for u in first["logins"]] == LOGINS
    # the demo org keeps post and message texts, for the content coach and the market's gap
    org = CliRunner().invoke(app, ["--db", database_url, "org", "settings", "--json"])
    assert json.loads(org.stdout)["store_bodies"] is True
    again = _demo(database_url, tmp_path / "exports")
    assert again["added"] == 0
    assert again["people"] == first["people"]
    assert again["logins"] == first["logins"]


def test_demo_without_db_uses_its_own_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASCENT_DATABASE_URL", raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("ASCENT_HOME", str(home))
    result = CliRunner().invoke(app, ["demo", "--as-of", "2026-03-13", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["database"] == f"sqlite:///{home / 'demo.db'}"
    assert data["exports"] == str(home / "demo-exports")
    assert not (home / "ascent.db").exists()


def test_demo_prints_its_logins_and_how_to_open_the_web_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASCENT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ASCENT_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(app, ["demo", "--as-of", "2026-03-13"])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "Logins (password: demo for all)" in lines
    assert lines[-1] == "open the web app with: ascent demo --serve"
    rows = [line.split("│") for line in lines if "@demo.example" in line]
    assert [(row[1].strip(), row[2].strip(), row[4].strip()) for row in rows] == [
        (email, role, team or "—") for email, role, team in LOGINS
    ]


def test_the_demo_goes_into_no_database_with_real_people(tmp_path: Path) -> None:
    """``--db`` pointed at real data: refused before anything is written."""
    real = f"sqlite:///{tmp_path / 'real.db'}"
    log = tmp_path / "log.csv"
    log.write_text("date,kind,channel,contact,id\n2026-03-02,call,phone,Bob,c1\n", encoding="utf-8")
    assert (
        CliRunner()
        .invoke(app, ["--db", real, "import", str(log), "--person", "ada@example.com"])
        .exit_code
        == 0
    )
    result = CliRunner().invoke(app, ["--db", real, "demo"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: this database holds real people or logins: the demo goes only into a "
        "database of its own (run ascent demo without --db)\n",
    )
    people = CliRunner().invoke(app, ["--db", real, "people", "--json"])
    assert [p["email"] for p in json.loads(people.stdout)] == ["ada@example.com"]

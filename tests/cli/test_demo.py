"""`ascent demo`: the demo programme imports, lists every persona, and re-runs add nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.demo import PERSONAS


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


def _row(
    person: str, team: str, counts: tuple[int, ...], outcomes: int, last: str
) -> dict[str, Any]:
    modes = ("publish", "engage", "converse", "connect", "meet")
    return {
        "person": person,
        "email": f"{person.lower().replace(' ', '.')}@demo.example",
        "team": team,
        "counts": dict(zip(modes, counts, strict=True)),
        "outcomes": outcomes,
        "last_activity": last,
    }


def test_demo_lists_every_persona_with_counts_and_is_idempotent(
    database_url: str, tmp_path: Path
) -> None:
    first = _demo(database_url, tmp_path / "exports")
    assert first["added"] == 12791
    people = {p["person"]: p for p in first["people"]}
    assert sorted(people) == sorted(p.name for p in PERSONAS)
    assert people["Pat Pusher"] == _row(
        "Pat Pusher", "Team North", (28, 0, 0, 26, 0), 0, "2026-03-13"
    )
    assert people["Quinn Quitter"] == _row(
        "Quinn Quitter", "Team North", (0, 0, 0, 0, 0), 0, "2026-02-04"
    )
    assert people["Sam Steady"] == _row(
        "Sam Steady", "Team North", (13, 133, 59, 33, 0), 4, "2026-03-13"
    )
    assert people["Noah Notyet"] == _row(
        "Noah Notyet", "Team South", (0, 0, 0, 0, 0), 0, "2025-09-03"
    )
    again = _demo(database_url, tmp_path / "exports")
    assert again["added"] == 0
    assert again["people"] == first["people"]


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

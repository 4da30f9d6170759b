"""``ascent person WHO --export FILE.zip`` and ``--erase [--yes] [--json]`` on a small org."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.service import users
from privacy_world import ANN, BOB, FORMULA, build_world


def run(url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", url, "person", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The small org's database."""
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    build_world(database_url, tmp_path / "exports")
    return database_url


def test_export_writes_the_zip_and_escapes_formulas(url: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "ann.zip"
    code, stdout, _ = run(url, ANN, "--export", str(target), "--json")
    assert code == 0
    report = json.loads(stdout)
    assert (report["person"], report["path"]) == ("ann", str(target))
    assert {k: report["rows"][k] for k in ("person", "users", "activities", "contacts")} == {
        "person": 1,
        "users": 1,
        "activities": 3,
        "contacts": 2,
    }
    with zipfile.ZipFile(target) as archive:
        contacts = list(csv.DictReader(io.StringIO(archive.read("contacts.csv").decode())))
        assert sorted(c["name"] for c in contacts) == ["'" + FORMULA, "Bob Buyer"]
        assert "README.txt" in archive.namelist()
    code, stdout, _ = run(url, ANN, "--export", str(target))
    assert (code, stdout.split("\n")[0]) == (0, f"ann: 20 rows written to {target}")


def test_erase_asks_first_and_a_no_erases_nothing(url: str) -> None:
    code, stdout, _ = run(url, ANN, "--erase", stdin="n\n")
    assert code == 1
    assert stdout.startswith(f"Erase ann <{ANN}> of Team A and everything theirs?")
    assert run(url, ANN, "--json")[0] == 0  # still there


def test_erase_removes_ann_and_her_own_contact_only(url: str) -> None:
    code, stdout, _ = run(url, ANN, "--erase", "--yes", "--json")
    assert code == 0
    removed = json.loads(stdout)["removed"]
    assert {k: n for k, n in removed.items() if n} == {
        "activities": 3,
        "activity_days": 3,
        "contact_days": 3,
        "snapshots": 1,
        "contact_identities": 2,
        "contacts": 1,
        "import_batches": 1,
        "users": 1,
        "people": 1,
    }
    code, _, stderr = run(url, ANN, "--erase", "--yes", "--json")
    assert code == 2
    assert json.loads(stderr)["error"] == {
        "type": "not_found",
        "message": f"no person {ANN!r} in this org",
        "file": None,
        "line": None,
    }
    code, stdout, _ = run(url, BOB, "--erase", "--yes")
    assert code == 0
    assert stdout.startswith("erased bob: 1 activities, ")

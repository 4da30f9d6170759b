"""pursuits, today, person, org settings and rebuild-rollups on a hand-computable history.

tests/fixtures/ascent_csv/pursuits.csv: Bob answers after 2 touches; Cy was touched once on
Monday 16 March (next touch due 3 working days later, Thursday 19th); Dee got 2 touches in
early February and nothing since (gone cold, quit too early); Eve got 9 touches and no answer
(over-touching: no further touch is suggested).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app

HISTORY = Path(__file__).resolve().parents[1] / "fixtures" / "ascent_csv" / "pursuits.csv"
AS_OF = "2026-03-20"


def run(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(database_url: str) -> str:
    code, _, _ = run("--db", database_url, "import", str(HISTORY), "--person", "Ada Example")
    assert code == 0
    return database_url


def _pursuit(contact: str, account: str | None, touches: int, **rest: Any) -> dict[str, Any]:
    row = {
        "person": "Ada Example",
        "contact": contact,
        "account": account,
        "touches": touches,
        "answered": False,
        "touches_to_first_answer": None,
        "status": "open",
        "flags": [],
        "next_touch_due": None,
        "due": False,
    }
    return row | rest


def test_pursuits_json(db: str) -> None:
    code, stdout, _ = run("--db", db, "pursuits", "--as-of", AS_OF, "--json")
    assert code == 0
    assert json.loads(stdout) == [
        _pursuit(
            "Bob Buyer",
            "Acme Example",
            2,
            contact_id=1,
            answered=True,
            touches_to_first_answer=2,
            status="answered",
            first_touch="2026-03-02",
            last_touch="2026-03-05",
        ),
        _pursuit(
            "Cy Client",
            "Globex Example",
            1,
            contact_id=2,
            first_touch="2026-03-16",
            last_touch="2026-03-16",
            next_touch_due="2026-03-19",
            due=True,
        ),
        _pursuit(
            "Dee Doe",
            None,
            2,
            contact_id=3,
            status="gone_cold",
            flags=["quit_too_early"],
            first_touch="2026-02-02",
            last_touch="2026-02-04",
        ),
        _pursuit(
            "Eve Example",
            "Initech Example",
            9,
            contact_id=4,
            flags=["over_touching"],
            first_touch="2026-02-16",
            last_touch="2026-03-18",
        ),
    ]


def test_pursuits_due_and_as_of(db: str) -> None:
    def rows(*args: str) -> list[dict[str, Any]]:
        code, stdout, _ = run("--db", db, "pursuits", *args, "--json")
        assert code == 0
        return list(json.loads(stdout))

    assert [r["contact"] for r in rows("--due", "--as-of", AS_OF)] == ["Cy Client"]
    assert rows("--due", "--as-of", "2026-03-18") == []  # Cy is due on the 19th
    assert [(r["contact"], r["status"]) for r in rows("--as-of", "2026-02-10")] == [
        ("Dee Doe", "open")
    ]


def test_today_plan(db: str) -> None:
    code, stdout, _ = run(
        "--db", db, "today", "--person", "Ada Example", "--as-of", AS_OF, "--json"
    )
    assert code == 0
    plan = json.loads(stdout)
    assert [(i["kind"], i["contact"]) for i in plan["items"]] == [
        ("follow_up", "Cy Client"),
        ("engage", None),
        ("publish", None),
    ]
    assert plan["items"][0]["text"] == (
        "Follow up Cy Client (Globex Example): touch 2 (answers usually come after 5–7); "
        "last touch 2026-03-16."
    )
    assert plan["items"][1]["text"].endswith("Start with those who answered you: Bob Buyer.")


def test_org_settings_change_the_rules(db: str) -> None:
    code, stdout, _ = run(
        "--db",
        db,
        "org",
        "settings",
        "--set",
        "cadence_working_days=5",
        "--set",
        "touches_max=9",
        "--json",
    )
    assert code == 0
    assert (json.loads(stdout)["cadence_working_days"], json.loads(stdout)["touches_max"]) == (5, 9)
    code, stdout, _ = run("--db", db, "pursuits", "--as-of", AS_OF, "--json")
    rows = {r["contact"]: r for r in json.loads(stdout)}
    assert (rows["Cy Client"]["next_touch_due"], rows["Cy Client"]["due"]) == ("2026-03-23", False)
    assert rows["Eve Example"]["flags"] == []  # 9 touches is no longer over-touching
    code, _, stderr = run("--db", db, "org", "settings", "--set", "touches_min=many")
    assert (code, stderr) == (2, "error: touches_min: 'many' is not a int\n")
    code, _, stderr = run("--db", db, "org", "settings", "--set", "touches_min=10")
    assert code == 2
    assert stderr.startswith("error: invalid measure settings: touches_min must not exceed")


def test_person_timeline_and_start(db: str) -> None:
    code, stdout, _ = run(
        "--db", db, "person", "Ada Example", "--start", "2026-02-02", "--as-of", AS_OF, "--json"
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["programme_start"] == "2026-02-02"
    assert [w["week"] for w in data["timeline"]] == [
        "2026-02-02",
        "2026-02-09",
        "2026-02-16",
        "2026-02-23",
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
    ]
    assert data["pursuits"]["count"] == 4
    assert data["pursuits"]["answered"] == 1


def test_rebuild_rollups(db: str) -> None:
    code, stdout, _ = run("--db", db, "db", "rebuild-rollups", "--json")
    # 15 messages on 14 distinct days (Cy and Eve both on 16 March), to 4 contacts on 15 days
    assert (code, json.loads(stdout)) == (0, {"activity_days": 14, "contact_days": 15})

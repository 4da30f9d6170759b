"""``ascent org settings``: storing bodies is an opt-in a user can see and set."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.models import Activity

LINKEDIN = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin" / "2026"
MESSAGE = (
    '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"\n'
    '"2-NEWNEWNEW==","","Ada Example","https://www.linkedin.com/in/ada-example-1a2b3c",'
    '"Renée Example","https://www.linkedin.com/in/ren%C3%A9e-example-9z8y7x",'
    '"2026-04-01 09:30:00 UTC","","Shall we meet\nnext week?","INBOX",""\n'
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _bodies(database_url: str) -> list[str | None]:
    engine = make_engine(Settings(database_url, explicit_database=True))
    try:
        with engine.connect() as connection:
            query = select(Activity.body).where(Activity.kind == "message_out")
            return list(connection.execute(query.order_by(Activity.occurred_at)).scalars())
    finally:
        engine.dispose()


def test_store_bodies_is_shown_off_by_default_and_set_in_json_and_text(
    database_url: str,
) -> None:
    code, stdout, _ = run("--db", database_url, "org", "settings", "--json")
    assert (code, json.loads(stdout)["store_bodies"]) == (0, False)
    code, stdout, _ = run(
        "--db",
        database_url,
        "org",
        "settings",
        "--set",
        "store_bodies=true",
        "--set",
        "touches_min=6",
        "--json",
    )
    data = json.loads(stdout)
    assert (code, data["store_bodies"], data["touches_min"]) == (0, True, 6)
    code, stdout, _ = run("--db", database_url, "org", "settings")
    assert code == 0
    assert stdout.splitlines()[0] == "store_bodies = True"
    assert "touches_min = 6" in stdout.splitlines()
    code, stdout, _ = run(
        "--db", database_url, "org", "settings", "--set", "store_bodies=off", "--json"
    )
    assert json.loads(stdout)["store_bodies"] is False


def test_a_bad_store_bodies_value_is_one_line_and_changes_nothing(database_url: str) -> None:
    code, _, stderr = run("--db", database_url, "org", "settings", "--set", "store_bodies=maybe")
    assert (code, stderr) == (2, "error: store_bodies: 'maybe' is not true or false\n")
    code, stdout, _ = run("--db", database_url, "org", "settings", "--json")
    assert json.loads(stdout)["store_bodies"] is False


def test_opting_in_keeps_bodies_of_new_rows_and_a_reimport_adds_nothing(
    database_url: str, tmp_path: Path
) -> None:
    code, _, _ = run("--db", database_url, "import", str(LINKEDIN), "--json")
    assert code == 0
    assert _bodies(database_url) == [None, None]  # private by default
    run("--db", database_url, "org", "settings", "--set", "store_bodies=yes")
    code, stdout, _ = run("--db", database_url, "import", str(LINKEDIN), "--json")
    assert (code, json.loads(stdout)["added"]) == (0, 0)  # no duplicates, nothing filled in
    new = tmp_path / "messages.csv"
    new.write_text(MESSAGE, encoding="utf-8")
    code, stdout, _ = run(
        "--db", database_url, "import", str(new), "--person", "Ada Example", "--json"
    )
    assert (code, json.loads(stdout)["counts"]) == (0, {"message_out": 1})
    assert _bodies(database_url) == [None, None, "Shall we meet\nnext week?"]

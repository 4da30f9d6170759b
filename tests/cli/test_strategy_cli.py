from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.store.models import Account, TargetAccount, Team

YAML = """\
team: Team North
programme_start: 2026-01-05
goals:
  - name: Meetings in target accounts
    outcome: meeting_booked
tactics:
  - name: Follow up prospects
    serves: Meetings in target accounts
    kinds: [message_out, invite_out]
targets:
  accounts: [Acme Example Ltd, Globex Example]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_load_then_show_then_replace(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "north.yaml"
    path.write_text(YAML)
    code, stdout, _ = run("--db", database_url, "strategy", "load", str(path), "--json")
    assert code == 0
    assert json.loads(stdout)["targets"]["accounts"] == ["Acme Example Ltd", "Globex Example"]
    code, stdout, _ = run("--db", database_url, "strategy", "show", "--team", "Team North")
    assert code == 0
    assert "tactic: Follow up prospects: invite_out, message_out" in stdout
    path.write_text(YAML.replace(", Globex Example", ""))
    assert run("--db", database_url, "strategy", "load", str(path))[0] == 0
    engine = create_engine(database_url)
    with engine.connect() as connection:
        targets = (
            connection.execute(
                select(Account.name).join(TargetAccount, TargetAccount.account_id == Account.id)
            )
            .scalars()
            .all()
        )
        start = connection.execute(select(Team.programme_start)).scalar_one()
    engine.dispose()
    assert targets == ["Acme Example Ltd"]
    assert start.isoformat() == "2026-01-05"


def test_broken_yaml_is_one_line_with_file_and_line(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("team: North\ngoals: [\n")
    code, _, stderr = run("--db", database_url, "strategy", "load", str(path))
    assert code == 2
    assert stderr.startswith(f"error: {path}:3: not valid YAML")
    assert stderr.count("\n") == 1


def test_show_unknown_team(database_url: str) -> None:
    code, _, stderr = run("--db", database_url, "strategy", "show", "--team", "Nobody")
    assert (code, stderr) == (
        2,
        "error: team 'Nobody' has no strategy: load one with `ascent strategy load`\n",
    )


def test_log_pause(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,kind\n2026-03-02,post\n")
    run("--db", database_url, "import", str(log), "--person", "Ada Example")
    code, stdout, _ = run(
        "--db",
        database_url,
        "log",
        "pause",
        "--person",
        "ada example",
        "--from",
        "2026-08-01",
        "--to",
        "2026-08-14",
        "--json",
    )
    assert (code, json.loads(stdout)) == (
        0,
        {"person": "ada example", "from": "2026-08-01", "to": "2026-08-14"},
    )
    code, _, stderr = run(
        "--db",
        database_url,
        "log",
        "pause",
        "--person",
        "Ada Example",
        "--from",
        "2026-08-14",
        "--to",
        "2026-08-01",
    )
    assert (code, stderr) == (2, "error: --to 2026-08-01 is before --from 2026-08-14\n")


def test_control_characters_in_a_strategy_are_not_stored_and_accounts_are_shared(
    database_url: str, tmp_path: Path
) -> None:
    """A YAML escape can put NUL or ESC in a name: PostgreSQL refuses NUL in text, and the
    target account is the one row an import of the same company made before."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,kind,person,contact,account,id\n"
        "2026-03-02,call,ada@demo.example,Bo,Acme Example Ltd,r1\n"
    )
    assert run("--db", database_url, "import", str(log))[0] == 0
    path = tmp_path / "north.yaml"
    path.write_text(
        YAML.replace("[Acme Example Ltd,", '["Acme\\0 Example Ltd",')
        + '  personas: ["Head\\0 of\\x1b Sales"]\n'
    )
    code, stdout, _ = run("--db", database_url, "strategy", "load", str(path), "--json")
    assert code == 0
    targets = json.loads(stdout)["targets"]
    assert targets == {
        "accounts": ["Acme Example Ltd", "Globex Example"],
        "personas": ["Head of Sales"],
    }
    assert run("--db", database_url, "people")[0] == 0  # the persona reaches a query
    engine = create_engine(database_url)
    with engine.connect() as connection:
        names = connection.execute(select(Account.name).order_by(Account.name)).scalars().all()
    engine.dispose()
    assert names == ["Acme Example Ltd", "Globex Example"]


def test_two_spellings_of_one_account_are_one_target(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "north.yaml"
    path.write_text(YAML.replace("[Acme Example Ltd,", '[Acme Example Ltd, "ACME  example ltd",'))
    code, _, stderr = run("--db", database_url, "strategy", "load", str(path))
    assert (code, stderr) == (0, "")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        names = (
            connection.execute(
                select(Account.name)
                .join(TargetAccount, TargetAccount.account_id == Account.id)
                .order_by(Account.name)
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert names == ["Acme Example Ltd", "Globex Example"]

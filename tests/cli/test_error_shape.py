"""One error shape: every ``--json`` command that fails writes nothing on stdout, exits 2 and
writes exactly one JSON document on stderr, ``{"error": {"type", "message", "file", "line"}}``;
without ``--json`` the same failure is the ``error: MESSAGE`` line it always was.

The failures are those the other CLI tests provoke (a bad day, an unknown person, contact or
team, a bad setting, a broken or unknown file, a database that cannot be opened), on every
command that has ``--json``. ``{tmp}`` in a case stands for the test's temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import typer.main
from typer.testing import CliRunner

from ascent.cli.app import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEALS = FIXTURES / "mixed" / "2026" / "hubspot" / "hubspot-crm-exports-all-deals-2026-11-20.csv"
BROKEN_DEALS = "hubspot-crm-exports-all-deals-2026-11-21.csv"
LOG = (
    "date,kind,channel,contact,contact_url,id\n"
    "2026-03-02,message_out,linkedin,Bob Buyer,https://www.linkedin.com/in/bob,l1\n"
    "2026-03-05,comment,x,Robert Buyer,https://x.com/robertb,x1\n"
)
NO_CONTACT = "no contact 'nobody' (give an id, a profile URL, e-mail or handle)"
NO_PERSON = "no person 'Nobody' in this org"
NO_TEAM = "no team 'Nowhere' in this org"
NOT_A_DAY = "--as-of 'yesterday' is not a date (use YYYY-MM-DD)"
KNOWN = (
    "ascent_csv, bluesky, ga4, hubspot, ics, linkedin, mastodon, matomo, pipedrive, plausible, "
    "salesforce, x"
)
CANNOT_OPEN = "database: unable to open database file"


class Case(NamedTuple):
    """A failing command line (after ``--db URL``) and the error it must give."""

    args: list[str]
    type: str
    message: str
    file: str | None = None
    line: int | None = None


CASES = {
    "import missing file": Case(
        ["import", "{tmp}/nope.zip", "--person", "x"],
        "input_error",
        "{tmp}/nope.zip: no such file or folder",
        "{tmp}/nope.zip",
    ),
    "import missing columns": Case(
        ["import", f"{{tmp}}/{BROKEN_DEALS}", "--person", "Ada Example"],
        "input_error",
        f"{{tmp}}/{BROKEN_DEALS}:1: missing required column(s) Deal Stage",
        f"{{tmp}}/{BROKEN_DEALS}",
        1,
    ),
    "import broken car": Case(
        ["import", "{tmp}/repo.car", "--person", "Ada Example"],
        "input_error",
        "{tmp}/repo.car: broken CAR (Failed to read CAR block. end of data)",
        "{tmp}/repo.car",
    ),
    "import unknown format": Case(
        ["import", "{tmp}/what.txt"],
        "unknown_format",
        f"{{tmp}}/what.txt: not a format Ascent knows (known: {KNOWN})",
        "{tmp}/what.txt",
    ),
    "import a name with a line break": Case(
        ["import", "{tmp}/two\nlines.zip"],
        "input_error",
        "{tmp}/two lines.zip: no such file or folder",
        "{tmp}/two lines.zip",
    ),
    "people bad day": Case(["people", "--as-of", "yesterday"], "config_error", NOT_A_DAY),
    "person unknown": Case(["person", "Nobody"], "not_found", NO_PERSON),
    "person hostile name": Case(
        ["person", "[/bold]Nobody\x1b[2J"],
        "not_found",
        "no person '[/bold]Nobody\\x1b[2J' in this org",
    ),
    "person bad start": Case(
        ["person", "Ada Example", "--start", "2026-13-01"],
        "config_error",
        "--start '2026-13-01' is not a date (use YYYY-MM-DD)",
    ),
    "pursuits unknown person": Case(["pursuits", "--person", "Nobody"], "not_found", NO_PERSON),
    "pursuits bad day": Case(["pursuits", "--as-of", "yesterday"], "config_error", NOT_A_DAY),
    "today unknown person": Case(["today", "--person", "Nobody"], "not_found", NO_PERSON),
    "contacts show unknown": Case(["contacts", "show", "nobody"], "not_found", NO_CONTACT),
    "contacts merge unknown": Case(["contacts", "merge", "1", "nobody"], "not_found", NO_CONTACT),
    "contacts merge same": Case(
        ["contacts", "merge", "1", "Bob Buyer"],
        "config_error",
        "'1' and 'Bob Buyer' are the same contact (1)",
    ),
    "contacts confirm unknown": Case(["contacts", "confirm", "nobody"], "not_found", NO_CONTACT),
    "contacts split unknown identity": Case(
        ["contacts", "split", "1", "nobody"], "not_found", "contact 1 has no identity 'nobody'"
    ),
    "demo bad day": Case(["demo", "--as-of", "yesterday"], "config_error", NOT_A_DAY),
    "db refresh bad day": Case(
        ["db", "refresh", "--as-of", "yesterday"], "config_error", NOT_A_DAY
    ),
    "link bad url": Case(
        ["link", "ada.example/blog", "--post", "p"],
        "config_error",
        "not a web address: 'ada.example/blog' (use https://…)",
    ),
    "link empty post": Case(
        ["link", "https://ada.example/", "--post", "  "],
        "config_error",
        "--post is empty: give the post's id or a slug",
    ),
    "log pause backwards": Case(
        ["log", "pause", "--person", "Ada Example", "--from", "2026-08-14", "--to", "2026-08-01"],
        "config_error",
        "--to 2026-08-01 is before --from 2026-08-14",
    ),
    "log pause unknown person": Case(
        ["log", "pause", "--person", "Nobody", "--from", "2026-08-01", "--to", "2026-08-14"],
        "not_found",
        NO_PERSON,
    ),
    "org settings bad value": Case(
        ["org", "settings", "--set", "store_bodies=maybe"],
        "config_error",
        "store_bodies: 'maybe' is not true or false",
    ),
    "org settings no value": Case(
        ["org", "settings", "--set", "nothing"], "config_error", "--set 'nothing': use NAME=VALUE"
    ),
    "strategy load broken yaml": Case(
        ["strategy", "load", "{tmp}/bad.yaml"],
        "input_error",
        "{tmp}/bad.yaml:3: not valid YAML (expected the node content, but found '<stream end>')",
        "{tmp}/bad.yaml",
        3,
    ),
    "users add bad role": Case(
        ["users", "add", "x@y.example", "--role", "boss"],
        "config_error",
        "role 'boss': use one of seller, lead, admin",
    ),
    "users add lead without team": Case(
        ["users", "add", "l@y.example", "--role", "lead"],
        "config_error",
        "a lead needs a team (--team)",
    ),
    "users reset unknown login": Case(
        ["users", "reset", "nobody@y.example"],
        "not_found",
        "no login 'nobody@y.example' in this org",
    ),
    "strategy show unknown team": Case(
        ["strategy", "show", "--team", "Nobody"],
        "not_found",
        "team 'Nobody' has no strategy: load one with `ascent strategy load`",
    ),
    "report unknown team": Case(
        ["report", "--team", "Nowhere", "-o", "{tmp}/r.html"],
        "not_found",
        "no team 'Nowhere' in this org",
    ),
    "report unknown kind of file": Case(
        ["report", "-o", "{tmp}/r.docx"],
        "config_error",
        "-o {tmp}/r.docx: the report is written as .html or .pdf",
    ),
    "digest send bad day": Case(
        ["digest", "send", "--dry-run", "--as-of", "yesterday"], "config_error", NOT_A_DAY
    ),
    "digest off unknown": Case(
        ["digest", "off", "Nobody"], "not_found", "no person or login 'Nobody' in this org"
    ),
    "digest on unknown": Case(
        ["digest", "on", "Nobody"], "not_found", "no person or login 'Nobody' in this org"
    ),
    "coach missing draft": Case(
        ["coach", "{tmp}/draft.txt"],
        "input_error",
        "{tmp}/draft.txt: No such file or directory",
        "{tmp}/draft.txt",
    ),
    "market add other scheme": Case(
        ["market", "add", "ftp://feeds.example/market.xml"],
        "config_error",
        "only http(s) URLs and local files can be followed, not 'ftp://feeds.example/market.xml'",
    ),
    "results attribution unknown team": Case(
        ["results", "attribution", "--team", "Nowhere"], "not_found", NO_TEAM
    ),
    "results uplift bad day": Case(
        ["results", "uplift", "--team", "Nowhere", "--as-of", "yesterday"],
        "config_error",
        NOT_A_DAY,
    ),
    "results replication unknown team": Case(
        ["results", "replication", "--team", "Nowhere"], "not_found", NO_TEAM
    ),
    "tokens create bad scope": Case(
        ["tokens", "create", "--scope", "admin"],
        "config_error",
        "scope 'admin': use one of read, write",
    ),
    "tokens create unknown person": Case(
        ["tokens", "create", "--scope", "read", "--person", "Nobody"], "not_found", NO_PERSON
    ),
    "tokens revoke unknown token": Case(
        ["tokens", "revoke", "99"], "not_found", "no token 99 in this org"
    ),
    "restore missing backup": Case(
        ["restore", "{tmp}/missing.bak"],
        "backup_error",
        "{tmp}/missing.bak: no such file",
        file="{tmp}/missing.bak",
    ),
}
#: every command that opens the database (``contacts list`` can fail no other way)
DATABASE_COMMANDS = [
    ["import", "{tmp}/log.csv"],
    ["people"],
    ["person", "Ada"],
    ["pursuits"],
    ["today", "--person", "Ada"],
    ["contacts", "list"],
    ["contacts", "show", "1"],
    ["contacts", "merge", "1", "2"],
    ["contacts", "confirm", "1"],
    ["contacts", "split", "1", "x"],
    ["demo"],
    ["log", "pause", "--person", "Ada", "--from", "2026-08-01", "--to", "2026-08-14"],
    ["org", "settings"],
    ["strategy", "load", "{tmp}/bad.yaml"],
    ["strategy", "show", "--team", "North"],
    ["db", "upgrade"],
    ["db", "rebuild-rollups"],
    ["db", "refresh"],
    ["users", "list"],
    ["serve"],
    ["report", "--team", "North", "-o", "{tmp}/r.html"],
    ["digest", "send", "--dry-run"],
    ["market", "list"],
    ["market", "fetch"],
    ["tokens", "list"],
    ["org", "webhook-secret"],
    ["worker", "--once"],
    ["backup", "{tmp}/copy.db"],
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """The broken and unknown files the cases name."""
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    (tmp_path / "what.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("team: North\ngoals: [\n", encoding="utf-8")
    deals = DEALS.read_text(encoding="utf-8").replace('"Deal Stage",', "")
    (tmp_path / BROKEN_DEALS).write_text(deals, encoding="utf-8")
    car = (FIXTURES / "bluesky" / "2024" / "repo.car").read_bytes()
    (tmp_path / "repo.car").write_bytes(car[: len(car) // 2])
    return tmp_path


@pytest.fixture
def db(database_url: str, tmp: Path) -> str:
    """Ada Example, with Bob Buyer (contact 1, on LinkedIn) and Robert Buyer (2, on X)."""
    log = str(tmp / "log.csv")
    code, _, stderr = run("--db", database_url, "import", log, "--person", "Ada Example")
    assert code == 0, stderr
    return database_url


def _filled(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


def _expected(case: Case, tmp: Path) -> dict[str, Any]:
    file = None if case.file is None else _filled(case.file, tmp)
    message = _filled(case.message, tmp)
    return {"error": {"type": case.type, "message": message, "file": file, "line": case.line}}


@pytest.mark.parametrize("name", CASES)
def test_a_json_command_that_fails_writes_one_error_document(db: str, tmp: Path, name: str) -> None:
    case = CASES[name]
    code, stdout, stderr = run("--db", db, *[_filled(a, tmp) for a in case.args], "--json")
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1  # one line, one document
    assert json.loads(stderr) == _expected(case, tmp)


@pytest.mark.parametrize("name", CASES)
def test_without_json_the_same_failure_is_the_error_line(db: str, tmp: Path, name: str) -> None:
    case = CASES[name]
    message = _expected(case, tmp)["error"]["message"]
    args = [_filled(a, tmp) for a in case.args]
    assert run("--db", db, *args) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_database_that_cannot_be_opened_is_the_database_error(
    tmp: Path, command: list[str]
) -> None:
    args = [_filled(a, tmp) for a in command]
    folder = f"sqlite:///{tmp}"  # a folder, not a database file
    code, stdout, stderr = run("--db", folder, *args, "--json")
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1
    detail = {"type": "database", "message": CANNOT_OPEN, "file": None, "line": None}
    assert json.loads(stderr) == {"error": detail}
    assert run("--db", folder, *args) == (2, "", f"error: {CANNOT_OPEN}\n")


def test_every_command_with_json_has_a_case() -> None:
    """A new command with ``--json`` gets its failures tried here."""
    with_json, groups = set(), set()
    for name, command in typer.main.get_command(app).commands.items():
        if hasattr(command, "commands"):
            groups.add(name)
            leaves = {f"{name} {sub}": c for sub, c in command.commands.items()}
        else:
            leaves = {name: command}
        with_json |= {n for n, c in leaves.items() if any("--json" in p.opts for p in c.params)}
    tried = [case.args for case in CASES.values()] + DATABASE_COMMANDS
    assert {" ".join(a[:2]) if a[0] in groups else a[0] for a in tried} == with_json


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_file_that_is_not_a_database_is_the_database_error(tmp: Path, command: list[str]) -> None:
    args = [_filled(a, tmp) for a in command]
    text = tmp / "notes.db"
    text.write_text("these are notes, not a database\n" * 100, encoding="utf-8")
    message = "database: file is not a database"
    code, stdout, stderr = run("--db", f"sqlite:///{text}", *args, "--json")
    assert (code, stdout) == (2, "")
    detail = {"type": "database", "message": message, "file": None, "line": None}
    assert json.loads(stderr) == {"error": detail}
    assert run("--db", f"sqlite:///{text}", *args) == (2, "", f"error: {message}\n")

"""Terminal output is data, not markup: every human-readable command over hostile names.

An org whose people, team, contacts, accounts, strategy and file names are full of Rich
markup, terminal escape sequences (CSI, OSC titles and hyperlinks, C1 controls) and NULs is
built through real imports (an Ascent CSV, a strategy YAML). Every command must then exit 0,
show the names literally (``[/bold]`` as those seven characters, never a crash or a style) and
write no control byte a terminal would act on.
"""

from __future__ import annotations

import ast
import importlib
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import ascent.cli
from ascent.cli import common
from ascent.cli.app import app

AS_OF = "2026-03-20"
#: given with --person, so it is typed on the command line: markup but no control character
PERSON = "Ada [/] [bold]Example[/bold]"
TEAM = "[link=https://evil.example/]North[/link]"
#: everything else comes from files: markup, escape sequences, C1 controls and NULs
OTHER_PERSON = "[red]Eve Example\x1b]0;pwned\x07\x00"
CONTACT = "[/bold]Bob Buyer\x1b[2J\x9b31m"
ACCOUNT = "[link=https://evil.example/]Acme[/link]\x1b]8;;https://evil.example/\x07Ltd"
CONTACT_URL = "https://www.linkedin.com/in/bob-%1b%5d0%3bx%07-buyer"
OTHER_CONTACT = ":thumbs_up: [/] Cy Client\\"
OTHER_ACCOUNT = "Globex [/red]\x00"
BAD_KIND = "[/bold]coffee\x1b[2J"
#: the control-free part of each name, which must appear literally
SHOWN = {
    "person": PERSON,
    "team": TEAM,
    "other person": "[red]Eve Example",
    "contact": "[/bold]Bob Buyer",
    "account": "[link=https://evil.example/]Acme[/link]",
    "other contact": ":thumbs_up: [/] Cy Client\\",
    "other account": "Globex [/red]",
    "bad kind": "[/bold]coffee",
    "goal": "[bold]Meetings[/] in targets",
    "tactic": "[/]Follow up",
    "target": "[link=https://evil.example/]Acme[/link]",
}
#: what a terminal acts on: C0 controls but tab and newline, DEL, C1
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

STRATEGY = f"""\
team: "{TEAM}"
programme_start: 2026-01-05
goals:
  - name: "[bold]Meetings[/] in targets\\e]0;pwned\\a"
    outcome: meeting_booked
tactics:
  - name: "[/]Follow up\\e[2J\\0"
    serves: "[bold]Meetings[/] in targets\\e]0;pwned\\a"
    kinds: [message_out, call]
    cadence: "[blink]daily\\x9b"
targets:
  accounts: ["[link=https://evil.example/]Acme[/link]\\e]8;;https://evil.example/\\a"]
  personas: ["[/]Head of Sales\\0"]
"""


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _log_rows() -> list[list[str]]:
    bob = ["linkedin", CONTACT, CONTACT_URL, ACCOUNT]
    cy = ["linkedin", OTHER_CONTACT, "", OTHER_ACCOUNT]
    rows = [[f"2026-03-{d:02d}", "message_out", "", *bob, "", "", "", f"b{d}"] for d in (2, 5, 10)]
    rows.append(["2026-03-11", "message_in", "", *bob, "", "", "", "b-in"])
    rows.append(["2026-03-12", "meeting_booked", "", *bob, "", "linkedin", "", "b-meet"])
    rows.append(["2026-03-03", "message_out", "", *cy, "", "", "", "c1"])
    rows += [
        [f"2026-03-{d:02d}", "post", "", "linkedin", "", "", "", "", "", "", f"p{d}"]
        for d in range(2, 20)
    ]
    rows.append(["2026-03-04", "comment", OTHER_PERSON, "linkedin", "", "", "", "", "", "", "e1"])
    rows.append(["2026-03-06", BAD_KIND, "", "", CONTACT, "", "", "", "", "", "bad"])
    return rows


@pytest.fixture
def org(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The hostile org, imported for real; returns the ids the commands need."""
    header = "date,kind,person,channel,contact,contact_url,account,amount,source,note,id"
    log = tmp_path / "[red]log\x1b[2J.csv"  # a file name is data too
    lines = [header] + [",".join(_csv_field(v) for v in row) for row in _log_rows()]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    strategy = tmp_path / "strategy.yaml"
    strategy.write_text(STRATEGY, encoding="utf-8")
    return {"db": database_url, "log": str(log), "strategy": str(strategy)}


def _run(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", db, *args])
    text = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    assert "Traceback" not in text
    assert result.exit_code == code, text
    assert CONTROL.search(text) is None, [m.group() for m in CONTROL.finditer(text)]
    return text


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as their content, so a name is never wrapped inside its cell."""
    monkeypatch.setattr(common.out, "width", 1000)


def _contact_ids(db: str) -> dict[str, int]:
    views = json.loads(_run(db, "contacts", "list", "--json"))
    return {v["name"]: v["id"] for v in views}


def test_every_human_readable_command_shows_hostile_names_literally(
    org: dict[str, str], tmp_path: Path
) -> None:
    db = org["db"]
    text = _run(db, "import", org["log"], "--person", PERSON, "--team", TEAM)
    for shown in ("[red]log", SHOWN["person"], SHOWN["bad kind"]):
        assert shown in text
    assert SHOWN["goal"] in _run(db, "strategy", "load", org["strategy"])
    ids = _contact_ids(db)
    bob = next(i for name, i in ids.items() if name.startswith(SHOWN["contact"]))
    cy = next(i for name, i in ids.items() if name.startswith(SHOWN["other contact"]))
    day = ("--as-of", AS_OF)
    expected: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
        (("people", *day), ("person", "team", "other person")),
        (("people", "--team", TEAM, *day), ("person", "team")),
        (("person", PERSON, *day), ("person", "team")),
        (("person", PERSON, "--start", "2026-03-02", *day), ("person", "team")),
        (("pursuits", *day), ("person", "contact", "account", "other contact", "other account")),
        (("pursuits", "--person", PERSON, "--due", *day), ("person", "other contact")),
        (("today", "--person", PERSON, *day), ("contact",)),
        (("contacts", "list"), ("contact", "account", "other contact", "other account")),
        (("contacts", "show", str(bob)), ("contact", "account")),
        (("contacts", "confirm", str(cy)), ("other contact", "other account")),
        (("strategy", "show", "--team", TEAM), ("team", "goal", "tactic", "target")),
        (
            ("log", "pause", "--person", PERSON, "--from", "2026-03-16", "--to", "2026-03-17"),
            ("person",),
        ),
        (("contacts", "merge", str(bob), str(cy)), ("contact", "account")),
    ]
    for args, names in expected:
        text = _run(db, *args)
        missing = [n for n in names if SHOWN[n] not in text]
        assert missing == [], (args, text)
    for args in (("org", "settings"), ("db", "upgrade"), ("db", "rebuild-rollups")):
        _run(db, *args)


def test_link_and_errors_carry_no_escape_sequences(database_url: str) -> None:
    text = _run(
        database_url, "link", "https://example.com/a\x1b]0;x\x07b", "--post", "[/bold]launch\x1b[2J"
    )
    assert (
        text == "https://example.com/a ]0;x b?utm_source=linkedin&utm_medium=social&"
        "utm_content=%5B%2Fbold%5Dlaunch%1B%5B2j\n"
    )
    text = _run(database_url, "person", "[/bold]Nobody\x1b[2J", code=2)
    assert text == "error: no person '[/bold]Nobody\\x1b[2J' in this org\n"


def test_the_overview_the_demo_prints_shows_hostile_names_literally(
    org: dict[str, str],
) -> None:
    """``ascent demo`` prints this overview (``people_cmd.render``); the demo itself goes into
    no database with other people, so the overview is printed by ``ascent people`` here."""
    _run(org["db"], "import", org["log"], "--person", PERSON, "--team", TEAM)
    text = _run(org["db"], "people", "--as-of", AS_OF)
    assert SHOWN["person"] in text
    assert SHOWN["other person"] in text


def test_on_a_real_terminal_only_styles_are_escape_sequences(
    org: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rich writes styles (and would write OSC 8 hyperlinks) only when it sees a terminal."""
    _run(org["db"], "import", org["log"], "--person", PERSON, "--team", TEAM)
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, color_system="truecolor", width=1000)
    for module in _cli_modules():
        if hasattr(module, "out"):
            monkeypatch.setattr(module, "out", terminal)
    for args in (
        ("people", "--as-of", AS_OF),
        ("person", PERSON, "--as-of", AS_OF),
        ("pursuits", "--as-of", AS_OF),
        ("contacts", "list"),
    ):
        _run(org["db"], *args)
    styles = re.compile(r"\x1b\[[0-9;]*m")
    written = screen.getvalue()
    assert "\x1b[1m" in written  # it did render as a terminal: the person's name is bold
    bare = styles.sub("", written)
    assert CONTROL.search(bare) is None
    assert all(SHOWN[n] in bare for n in ("person", "team", "contact", "account"))


def _cli_modules() -> list[object]:
    folder = Path(ascent.cli.__file__).parent
    return [importlib.import_module(f"ascent.cli.{p.stem}") for p in folder.glob("*_cmd.py")]


#: org_cmd.py belongs to another change; its values are validated settings, not file data
NOT_CHECKED: set[str] = set()


def test_commands_print_data_only_as_plain_text() -> None:
    """A string passed to ``print`` is read as markup: data goes through ``common.plain``."""
    folder = Path(ascent.cli.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name in NOT_CHECKED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _prints_a_string(node):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def _prints_a_string(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "print"
        and bool(node.args)
        and isinstance(node.args[0], ast.JoinedStr | ast.Constant | ast.BinOp)
    )

"""ascent contacts: a merge makes one pursuit of two channels' touches; a split undoes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app

#: Bob on LinkedIn (2 messages) and as "Robert Buyer" on X (1 reply, 1 DM); the names differ,
#: so nothing joins them until a person says they are one
LOG = (
    "date,kind,channel,contact,contact_url,id\n"
    "2026-03-02,message_out,linkedin,Bob Buyer,https://www.linkedin.com/in/bob,l1\n"
    "2026-03-04,message_out,linkedin,Bob Buyer,https://www.linkedin.com/in/bob,l2\n"
    "2026-03-05,comment,x,Robert Buyer,https://x.com/robertb,x1\n"
    "2026-03-09,message_out,x,Robert Buyer,https://x.com/robertb,x2\n"
)


def run(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(database_url: str, tmp_path: Path) -> str:
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    code, _, err = run("--db", database_url, "import", str(log), "--person", "Ada Example")
    assert code == 0, err
    return database_url


def _touches(db: str) -> dict[str, int]:
    code, stdout, _ = run("--db", db, "pursuits", "--as-of", "2026-03-10", "--json")
    assert code == 0
    return {p["contact"]: p["touches"] for p in json.loads(stdout)}


def test_list_shows_each_contact_with_its_identities_and_channels(db: str) -> None:
    code, stdout, _ = run("--db", db, "contacts", "list", "--json")
    assert code == 0
    found = [
        (
            c["id"],
            c["name"],
            c["channels"],
            c["confidence"],
            [(i["kind"], i["value"]) for i in c["identities"]],
        )
        for c in json.loads(stdout)
    ]
    assert found == [
        (
            1,
            "Bob Buyer",
            ["linkedin"],
            1.0,
            [("profile_url", "https://www.linkedin.com/in/bob"), ("name", "bob buyer")],
        ),
        (
            2,
            "Robert Buyer",
            ["x"],
            1.0,
            [("profile_url", "https://x.com/robertb"), ("name", "robert buyer")],
        ),
    ]
    code, stdout, _ = run("--db", db, "contacts", "list", "--review", "--json")
    assert (code, json.loads(stdout)) == (0, [])


def test_merge_then_split_moves_touches_between_pursuits(db: str) -> None:
    assert _touches(db) == {"Bob Buyer": 2, "Robert Buyer": 2}
    code, stdout, _ = run(
        "--db",
        db,
        "contacts",
        "merge",
        "https://www.linkedin.com/in/bob/",
        "Robert Buyer",
        "--json",
    )
    assert code == 0
    merged = json.loads(stdout)
    assert (merged["id"], merged["channels"]) == (1, ["linkedin", "x"])
    assert [i["matched_by"] for i in merged["identities"]] == [
        "identity",
        "identity",
        "merge",
        "merge",
    ]
    assert _touches(db) == {"Bob Buyer": 4}

    code, stdout, _ = run(
        "--db",
        db,
        "contacts",
        "split",
        "1",
        "https://x.com/robertb",
        "robert buyer",
        "--name",
        "Robert Buyer",
        "--json",
    )
    assert code == 0
    kept, new = json.loads(stdout)
    assert (kept["id"], kept["channels"], new["name"], new["channels"]) == (
        1,
        ["linkedin"],
        "Robert Buyer",
        ["x"],
    )
    assert _touches(db) == {"Bob Buyer": 2, "Robert Buyer": 2}


def test_unknown_or_ambiguous_contacts_are_one_line_errors(db: str) -> None:
    code, _, err = run("--db", db, "contacts", "merge", "1", "nobody@example.com")
    assert (code, err.strip()) == (
        2,
        "error: no contact 'nobody@example.com' (give an id, a profile URL, e-mail or handle)",
    )
    code, _, err = run("--db", db, "contacts", "merge", "1", "Bob Buyer")
    assert (code, err.strip()) == (2, "error: '1' and 'Bob Buyer' are the same contact (1)")
    code, _, err = run(
        "--db", db, "contacts", "split", "1", "https://www.linkedin.com/in/bob", "bob buyer"
    )
    assert (code, err.strip()) == (2, "error: a split must leave the contact at least one identity")


def test_confirm_takes_a_guessed_join_off_the_review_list(
    database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "names.csv"
    log.write_text(
        "date,kind,channel,contact,contact_url,id\n"
        "2026-03-02,message_out,linkedin,Cy Client,https://www.linkedin.com/in/cy,l1\n"
        "2026-03-03,comment,x,Cy Client,https://x.com/cyclient,x1\n",
        encoding="utf-8",
    )
    assert run("--db", database_url, "import", str(log), "--person", "Ada Example")[0] == 0
    code, stdout, _ = run("--db", database_url, "contacts", "list", "--review", "--json")
    assert [(c["id"], c["confidence"]) for c in json.loads(stdout)] == [(1, 0.5)]
    code, stdout, _ = run("--db", database_url, "contacts", "confirm", "Cy Client", "--json")
    confirmed = json.loads(stdout)
    assert (code, confirmed["confidence"]) == (0, 1.0)
    assert [i["matched_by"] for i in confirmed["identities"]] == [
        "identity",
        "identity",
        "confirmed",
    ]
    code, stdout, _ = run("--db", database_url, "contacts", "list", "--review", "--json")
    assert (code, json.loads(stdout)) == (0, [])


def test_a_split_name_is_stored_without_control_characters(db: str) -> None:
    run("--db", db, "contacts", "merge", "https://www.linkedin.com/in/bob/", "Robert Buyer")
    args = ["contacts", "split", "1", "https://x.com/robertb", "robert buyer"]
    code, stdout, _ = run("--db", db, *args, "--name", "Robert\x00 Buyer\x1b", "--json")
    assert (code, json.loads(stdout)[1]["name"]) == (0, "Robert Buyer")

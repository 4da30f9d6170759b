"""``ascent coach FILE|-``: a draft's review from a file and from stdin, as a table or JSON;
bad drafts are one-line errors (exit 2). The scores are argued in tests/analytics/test_coach.py."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ascent.cli.app import app
from ascent.service.coach import MAX_DRAFT_BYTES

PROMOTION = "We are proud to announce our award-winning platform.\n"
READER = (
    "How do you keep your pipeline full when half your prospects go quiet after the first call?"
)


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_file_prints_the_score_every_point_and_a_first_line(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(PROMOTION, encoding="utf-8")
    code, stdout, _ = run("coach", str(draft))
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "Customer focus: 11 of 100"
    assert any(
        "self_promotion" in ln and "-20" in ln and "proud to announce, award-winning" in ln
        for ln in lines
    )
    assert any("i_we_our" in ln and "-10" in ln and "We, our" in ln for ln in lines)
    assert "Try this first line: What would a new platform change for you?" in lines


def test_stdin_as_json(tmp_path: Path) -> None:
    code, stdout, _ = run("coach", "-", "--json", stdin=READER)
    assert code == 0
    data = json.loads(stdout)
    assert data["score"] == 91
    assert data["suggested_first_line"] == READER
    assert [(p["rule"], p["effect"]) for p in data["points"]] == [
        ("base", 50),
        ("you_your", 15),
        ("reader_question", 8),
        ("problem_outcome", 8),
        ("length", 0),
        ("readability", 10),
    ]
    assert data["points"][1]["evidence"] == ["you", "your", "your"]
    assert data["version"] == "coach-1"


def test_the_same_draft_from_a_file_and_from_stdin_reads_alike(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(b"\xef\xbb\xbf" + READER.encode())  # a BOM is not text
    from_file = run("coach", str(draft), "--json")
    from_stdin = run("coach", "-", "--json", stdin=READER)
    assert from_file == from_stdin


def test_bad_drafts_are_one_line_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert run("coach", str(missing)) == (2, "", f"error: {missing}: No such file or directory\n")
    assert run("coach", "-", stdin="  \n") == (2, "", "error: -: the draft is empty\n")
    code, _, err = run("coach", "-", stdin=b"caf\xe9")
    assert (code, err) == (2, "error: -: not UTF-8 text (byte 3)\n")
    code, _, err = run("coach", "-", "--json", stdin="x" * MAX_DRAFT_BYTES)
    assert code == 2
    assert json.loads(err)["error"] == {
        "type": "input_error",
        "message": "-: the draft is longer than 20,000 characters",
        "file": "-",
        "line": None,
    }
    code, _, err = run("coach", "-", stdin="x" * 20_001)
    assert (code, err) == (2, "error: -: the draft is longer than 20,000 characters\n")

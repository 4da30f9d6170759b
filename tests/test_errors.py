"""Errors stay one readable line, whatever a file quotes into them, in one JSON shape."""

from __future__ import annotations

from ascent.domain.records import Note, Rejected
from ascent.errors import (
    MESSAGE_CHARS,
    QUOTE_CHARS,
    AscentError,
    Busy,
    ConfigError,
    InputError,
    NotFound,
    UnknownFormat,
    error_document,
    one_line,
)


def test_one_line_folds_breaks_and_control_characters() -> None:
    assert one_line("a\r\nb\x1b]0;title\x07c\td") == "a b ]0;title c d"


def test_one_line_cuts_long_text_with_an_ellipsis() -> None:
    cut = one_line("x" * 10_000)
    assert (len(cut), cut[-2:]) == (QUOTE_CHARS, "x…")
    assert one_line("short") == "short"


def test_an_input_error_quoting_a_million_columns_is_one_short_line() -> None:
    header = ",".join(f"column{n}" for n in range(1_000_000))
    exc = InputError("export.csv", f"no header row found in {header}", 1)
    assert len(str(exc)) == len("export.csv:1: ") + QUOTE_CHARS
    assert "\n" not in str(exc)
    assert exc.file == "export.csv"


def test_rejected_rows_and_notes_are_one_line_too() -> None:
    rejected = Rejected("f.csv", 3, "bad value 'a\nb'" + "y" * 5000)
    assert rejected.reason.startswith("bad value 'a b'")
    assert len(rejected.reason) == QUOTE_CHARS
    assert Note("f.csv", "two\nlines").message == "two lines"


def test_every_error_has_the_one_shape_with_its_type_in_snake_case() -> None:
    errors = (NotFound("no person 'Bo'"), ConfigError("bad"), Busy("wait"), AscentError("any"))
    shapes = [e.to_dict() for e in errors]
    kinds = ["not_found", "config_error", "busy", "ascent_error"]
    assert [s["error"]["type"] for s in shapes] == kinds
    assert shapes[0] == {
        "error": {"type": "not_found", "message": "no person 'Bo'", "file": None, "line": None}
    }


def test_an_input_error_names_its_file_and_line() -> None:
    assert InputError("deals.csv", "missing column Stage", 1).to_dict() == {
        "error": {
            "type": "input_error",
            "message": "deals.csv:1: missing column Stage",
            "file": "deals.csv",
            "line": 1,
        }
    }
    assert UnknownFormat("a\nb.txt", "not a format Ascent knows").to_dict() == {
        "error": {
            "type": "unknown_format",
            "message": "a b.txt: not a format Ascent knows",
            "file": "a b.txt",
            "line": None,
        }
    }


def test_the_message_is_one_line_however_long_what_it_quotes() -> None:
    message = NotFound("no person '" + "x\n" * 5000 + "'").to_dict()["error"]["message"]
    assert (len(message), message[-1], "\n" in message) == (MESSAGE_CHARS, "…", False)


def test_a_database_error_has_the_same_shape() -> None:
    assert error_document("database", "database: disk I/O error") == {
        "error": {
            "type": "database",
            "message": "database: disk I/O error",
            "file": None,
            "line": None,
        }
    }

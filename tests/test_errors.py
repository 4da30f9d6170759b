"""Errors stay one readable line, whatever a file quotes into them."""

from __future__ import annotations

from ascent.domain.records import Note, Rejected
from ascent.errors import QUOTE_CHARS, InputError, one_line


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

"""Source: a workbook is one file to the user, though it is a ZIP inside."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from ascent.errors import InputError, UnknownFormat
from ascent.importers.limits import MIB, Limits
from ascent.importers.registry import detect_format
from ascent.importers.source import Source

WORKBOOK = Path(__file__).parents[1] / "fixtures" / "pipedrive" / "xlsx"


def test_an_xlsx_opens_as_a_single_file() -> None:
    path = next(WORKBOOK.glob("*.xlsx"))
    source = Source.open(path)
    assert (source.single_file, source.names()) == (True, [path.name])
    assert detect_format(source).name == "pipedrive"


def test_an_unknown_workbook_is_named_in_the_error(tmp_path: Path) -> None:
    book = tmp_path / "budget.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Month", "Budget"])
    workbook.save(book)
    with pytest.raises(UnknownFormat, match=r"budget\.xlsx: not a format Ascent knows"):
        detect_format(Source.open(book))


def test_a_workbook_whose_parts_inflate_past_the_caps_is_refused(tmp_path: Path) -> None:
    """openpyxl opens the workbook's ZIP itself, so its parts are checked when it is opened."""
    book = tmp_path / "deals.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 2 * MIB)
    part = r"deals\.xlsx:xl/worksheets/sheet1\.xml: "
    with pytest.raises(InputError, match=part + r".* inflates 1023-fold .*COMPRESSION_RATIO"):
        Source.open(book)
    with pytest.raises(InputError, match=part + "member too large"):
        Source.open(book, Limits(member_bytes=MIB))
    assert Source.open(book, Limits(compression_ratio=10**6)).single_file

"""Source: a workbook is one file to the user, though it is a ZIP inside."""

from __future__ import annotations

from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from ascent.errors import UnknownFormat
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

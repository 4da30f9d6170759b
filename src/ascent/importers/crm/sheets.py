"""The tables of a CRM export, CSV or XLSX, read one way (FORMATS §5.1, §5.3).

CSV goes through ``ascent.importers.textfiles`` (encoding, BOM, delimiter, header search,
physical lines). XLSX is read with openpyxl in read-only mode, first worksheet, its cells
turned into the text a CSV export holds (``datetime`` cells as ISO text, whole numbers without
``.0``), so the importers never ask which it was; ``Sheet.excel`` says so where it matters
(serial dates), and an XLSX "line" is its row number.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePosixPath
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.textfiles import HEADER_SEARCH_ROWS, Header, has_columns, member_table

TABLE_SUFFIXES = (".csv", ".xlsx")
_BROKEN_XLSX = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    ParseError,
    InvalidFileException,
)
IsHeader = Callable[[list[str]], bool]
_is_ascent_csv = has_columns("date", "kind")


@dataclass(frozen=True)
class Table:
    """One table file of a source."""

    name: str
    label: str
    excel: bool


@dataclass
class Sheet:
    """An open table positioned after its header: rows come cleaned (stripped, ``NA`` as '')."""

    label: str
    header: Header
    excel: bool
    _rows: Iterator[tuple[int, list[str]]]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each row after the header with its physical line (CSV) or row number (XLSX)."""
        return self._rows


def tables(source: Source) -> list[Table]:
    """The CSV and XLSX files of ``source`` (none of macOS's ``__MACOSX``/``._`` shadows)."""
    names = [n for n in source.names() if n.lower().endswith(TABLE_SUFFIXES) and not _shadow(n)]
    return [Table(n, source.label(n), n.lower().endswith(".xlsx")) for n in names]


def source_label(source: Source) -> str:
    """The file or folder the user named, for errors about the export as a whole."""
    if source.single_file:
        return source.label(source.names()[0])
    return str(source.path)


def first_row(source: Source, table: Table) -> tuple[str, ...]:
    """The header (first non-empty row) of ``table``: what detection and sorting look at."""
    with open_sheet(source, table, _non_empty, expected="a header row") as sheet:
        return sheet.header.names


def detected(source: Source, is_header: IsHeader) -> bool:
    """Whether a table of ``source`` starts with a header ``is_header`` accepts; reads headers only.

    Unreadable files are not ours, and neither is an Ascent CSV (``date`` and ``kind``).
    """
    for table in tables(source):
        try:
            header = list(first_row(source, table))
        except InputError:
            continue
        if is_header(header) and not _is_ascent_csv(header):
            return True
    return False


def require_columns(sheet: Sheet, columns: dict[str, int | None]) -> None:
    """One ``InputError`` naming every required column (label → position) the file lacks."""
    missing = [label for label, index in columns.items() if index is None]
    if missing:
        raise InputError(
            sheet.label, f"missing required column(s) {', '.join(missing)}", sheet.header.line
        )


def _non_empty(row: list[str]) -> bool:
    return any(c.strip() for c in row)


@contextmanager
def open_sheet(
    source: Source, table: Table, is_header: IsHeader, *, expected: str
) -> Iterator[Sheet]:
    """``table`` opened at its header (searched with ``is_header``), closed when done."""
    if table.excel:
        with _workbook_sheet(source, table, is_header, expected) as sheet:
            yield sheet
        return
    with member_table(source, table.name, is_header, expected=expected) as csv_table:
        yield Sheet(csv_table.label, csv_table.header, False, csv_table.cells())


@contextmanager
def _workbook_sheet(
    source: Source, table: Table, is_header: IsHeader, expected: str
) -> Iterator[Sheet]:
    workbook = _load(source, table)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # exporters' <dimension> is often wrong: read every row
        rows = _text_rows(sheet.iter_rows(values_only=True), table.label)
        header = _find_header(rows, is_header, table.label, expected)
        yield Sheet(table.label, header, True, rows)
    finally:
        workbook.close()


def _load(source: Source, table: Table) -> Any:
    """The read-only workbook; ``InputError`` naming the file when it is not one."""
    target = io.BytesIO(source.read_bytes(table.name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles exports leave out
            return openpyxl.load_workbook(target, read_only=True, data_only=True)
    except _BROKEN_XLSX as exc:
        raise InputError(table.label, f"not a readable XLSX workbook ({exc})") from exc


def _text_rows(values: Iterator[tuple[Any, ...]], label: str) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, row in enumerate(values, 1):
            yield number, [cell_text(v) for v in row]
    except _BROKEN_XLSX as exc:
        raise InputError(label, f"unreadable XLSX sheet ({exc})", number + 1) from exc


def _find_header(
    rows: Iterator[tuple[int, list[str]]], is_header: IsHeader, label: str, expected: str
) -> Header:
    for number, row in rows:
        if is_header(row):
            return Header(number, tuple(row))
        if number >= HEADER_SEARCH_ROWS:
            break
    raise InputError(label, f"no header row found (expected {expected})")


def cell_text(value: object) -> str:
    """An XLSX cell as a CSV export would write it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", "seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return "" if text == "NA" else text


def _shadow(name: str) -> bool:
    """macOS resource forks and Excel lock files, never exports."""
    path = PurePosixPath(name)
    return "__MACOSX" in path.parts or path.name.startswith(("._", "~$"))

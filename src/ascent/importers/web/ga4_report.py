"""Reading a GA4 CSV download: a ``#`` preamble and one or more tables (FORMATS §7.1).

A report download starts with ``#`` lines (a dashed rule, the title, ``# Account:``,
``# Property:``, the segment, ``# Start date: YYYYMMDD``, ``# End date: YYYYMMDD``); report
overviews hold several tables, each after its own ``#`` block and a blank line. Explorations
have a shorter preamble and may hold blank lines inside a table. So a table's header is the
first row after a ``#`` line, or after a blank line when none of its cells is a number (a
header has none; every data row has its metric).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from typing import IO

from ascent.errors import InputError
from ascent.importers.textfiles import Header, decode_stream, sniff_delimiter

#: lines read ahead to sniff the delimiter (the preamble is about ten lines)
SAMPLE_LINES = 60
_RANGE = re.compile(r"^(\d{8})\s*-\s*(\d{8})$")  # an exploration's "# 20240301-20240331"
_NUMBER = re.compile(r"^-?[\d,.\s]+%?$")


@dataclass
class Table:
    """One table of the file: its header and, when it is kept, its data rows."""

    header: Header
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class Report:
    """The preamble (``# Key: value`` lines, keys lower case) and the tables of one file."""

    label: str
    preamble: dict[str, str] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)

    @property
    def property(self) -> str | None:
        return self.preamble.get("property")

    def day(self, key: str) -> tuple[date, str] | None:
        """The preamble's ``start date`` or ``end date`` and its raw text, when readable."""
        raw = self.preamble.get(key, "")
        try:
            return datetime.strptime(raw, "%Y%m%d").date(), raw  # noqa: DTZ007 - a day
        except ValueError:
            return None


def read_report(binary: IO[bytes], label: str, keep: Callable[[Header], bool]) -> Report:
    """Every table of the file; only those ``keep`` accepts keep their rows."""
    text, _ = decode_stream(binary)
    try:
        return _read(text, label, keep)
    finally:
        text.detach()


def _read(text: io.TextIOWrapper, label: str, keep: Callable[[Header], bool]) -> Report:
    report = Report(label)
    current: Table | None = None
    kept, after_blank = False, False
    for line, row in _rows(text, label):
        if not any(c.strip() for c in row):
            after_blank = True
            continue
        if row[0].lstrip("\ufeff").lstrip().startswith("#"):
            _note_preamble(report, ",".join(row))
            current = None
        elif current is None or (after_blank and not any(_is_number(c) for c in row)):
            current = Table(Header(line, tuple(c.strip() for c in row)))
            report.tables.append(current)
            kept = keep(current.header)
        elif kept:
            current.rows.append((line, row))
        after_blank = False
    return report


def _rows(text: io.TextIOWrapper, label: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on; decoding and CSV errors as InputError."""
    try:
        sample = [line for _, line in zip(range(SAMPLE_LINES), text, strict=False)]
        data = [s for s in sample if not s.lstrip("\ufeff").lstrip().startswith("#")]
        reader = csv.reader(chain(sample, text), delimiter=sniff_delimiter(data))
        start = 1
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not decodable text ({exc.reason})") from exc
    except csv.Error as exc:
        raise InputError(label, f"unreadable CSV ({exc})", start) from exc


def _note_preamble(report: Report, line: str) -> None:
    """Keep ``# Key: value`` (first one wins) and an exploration's bare date range."""
    text = line.lstrip("\ufeff").lstrip().lstrip("#").strip().rstrip(",").strip()
    found = _RANGE.match(text)
    if found:
        report.preamble.setdefault("start date", found.group(1))
        report.preamble.setdefault("end date", found.group(2))
    elif ":" in text:
        key, _, value = text.partition(":")
        report.preamble.setdefault(key.strip().lower(), value.strip())


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip())) and any(ch.isdigit() for ch in text)

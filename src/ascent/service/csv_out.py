"""CSV the app writes for people to open: every cell safe from formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, one
that starts with a tab or a carriage return) as a formula, so a contact named
``=HYPERLINK("http://x")`` in an export would become a link (or worse) in the reader's
spreadsheet. Every such text cell gets a leading single quote, as OWASP's "CSV injection"
advice says; numbers are written as they are (``-3`` is a number, not a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

#: the first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """``value`` as a cell that no spreadsheet runs: text starting as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``csv_safe``."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)

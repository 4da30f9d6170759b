"""Which path reads a LinkedIn file: row by row (``textfiles.Table``) or as columns (issue 10).

The columnar path (``columnar``, pyarrow) pays for itself only on files of some size: below
``COLUMNAR_MIN_BYTES`` the row path is as fast, and importing pyarrow alone takes a large part
of a second, which a small export should not pay (so the columnar modules are imported only
once a file is chosen for them). ``ASCENT_IMPORT_PATH=rows|columns`` forces either path for
every file, so that tests run both; ``auto`` (the default) chooses by size.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any, Literal

from ascent.domain.records import Record
from ascent.errors import ConfigError
from ascent.importers.limits import MIB
from ascent.importers.source import Source
from ascent.importers.textfiles import Table

#: forces the path every LinkedIn file is read by: ``rows``, ``columns`` or ``auto``
IMPORT_PATH_ENV = "ASCENT_IMPORT_PATH"
#: from this size on (uncompressed bytes), ``auto`` reads a file as columns
COLUMNAR_MIN_BYTES = 1 * MIB

ReadPath = Literal["rows", "columns"]


def chosen_path(source: Source, name: str) -> ReadPath:
    """How the member ``name`` is read: by ``ASCENT_IMPORT_PATH`` when set, else by size."""
    forced = os.environ.get(IMPORT_PATH_ENV, "auto")
    if forced == "rows":
        return "rows"
    if forced == "columns":
        return "columns"
    if forced != "auto":
        raise ConfigError(f"{IMPORT_PATH_ENV}={forced!r} must be rows, columns or auto")
    return "columns" if source.size(name) >= COLUMNAR_MIN_BYTES else "rows"


def read_member(
    source: Source,
    name: str,
    table: Table,
    columns: str,
    rows: Callable[[], Iterator[Record]],
    *extra: Any,
) -> Iterator[Record]:
    """The member's records by the path ``chosen_path`` picks: the columnar reader
    ``columns`` (``module:function`` in this package, called with ``source, name, table,
    *extra``; imported only now, so that a small export never imports pyarrow), or ``rows()``
    when the row path is chosen or the columnar reader cannot read the file (it says so
    with None before yielding anything)."""
    records = None
    if chosen_path(source, name) == "columns":
        module, function = columns.split(":")
        reader = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        records = reader(source, name, table, *extra)
    return rows() if records is None else records

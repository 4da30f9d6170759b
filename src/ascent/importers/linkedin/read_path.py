"""Which path reads a LinkedIn file, row by row (``textfiles.Table``) or as columns
(``columnar``, pyarrow): ``ascent.importers.read_path.chosen_path`` decides, ``read_member``
dispatches."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

from ascent.domain.records import Record
from ascent.importers.read_path import chosen_path
from ascent.importers.source import Source
from ascent.importers.textfiles import Table


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

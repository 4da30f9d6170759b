"""Which path reads a file that carries volume: row by row or as columns (issue 10).

A columnar reader (pyarrow) pays for itself only on files of some size: below
``COLUMNAR_MIN_BYTES`` the row path is as fast, and importing pyarrow alone takes a large part
of a second, which a small export should not pay (so an importer imports its columnar module
only once a file is chosen for it). ``ASCENT_IMPORT_PATH=rows|columns`` forces either path for
every such file (LinkedIn, X, Ascent CSV), so that tests run both; ``auto`` (the default)
chooses by size.
"""

from __future__ import annotations

import os
from typing import Literal

from ascent.errors import ConfigError
from ascent.importers.limits import MIB
from ascent.importers.source import Source

#: forces the path every such file is read by: ``rows``, ``columns`` or ``auto``
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

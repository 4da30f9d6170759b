"""Connections.csv read as columns (issue 10): the records of ``connections.parse_connections``.

Blank rows are skipped and unreadable dates rejected at their lines, as there; each row's
contact and key come from the row path's own ``contact_of`` and ``keyed`` (a connection is
one person: there is nothing to share between rows but the date, parsed once per day).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ContactRef, Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import Block, ColumnarFile, columnar_file
from ascent.importers.linkedin.connections import CELLS, contact_of, keyed

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table


def read_connections(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when
    pyarrow cannot read it as the row path does."""
    connections = columnar_file(source, name, table)
    if connections is None or not connections.first_pass(lambda _block: None):
        return None
    hidden: Counter[str] = Counter()
    return (
        record for block in connections.blocks() for record in _records(connections, block, hidden)
    )


def _records(connections: ColumnarFile, block: Block, hidden: Counter[str]) -> Iterator[Record]:
    slot = connections.table.header.slot
    raw = block.cell(slot("Connected On"))
    filled = pc.invert(block.blank())
    iso = iso_times(raw)
    kept = pc.and_(filled, pc.is_valid(iso))
    problems = undated(raw, iso, filled, "Connected On")
    cells = [block.cell(slot(name)).filter(kept).to_pylist() for name in CELLS]
    iso = iso.filter(kept)
    keys: list[str] = []
    refs: list[ContactRef] = []
    numbers: list[int | None] = []
    for row, stamp in zip(zip(*cells, strict=True), iso.to_pylist(), strict=True):
        key, contact = keyed(contact_of(row), date.fromisoformat(stamp[:10]), hidden)
        keys.append(key)
        numbers.append(None if contact is None else len(refs))
        if contact is not None:
            refs.append(contact)
    activities = Activities.of(
        keys=pa.array(keys, pa.string()),
        iso=iso,
        raw_time=raw.filter(kept),
        kind="connect",
        contact=pa.array(numbers, pa.int64()),
        refs=refs,
    )
    rows = pc.indices_nonzero(kept).to_pylist()
    yield from activities.interleaved(rows, rejected_rows(connections.label, block, problems))

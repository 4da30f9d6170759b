"""Reactions.csv read as columns (issue 10): the records of ``reactions.parse_reactions``.

Blank rows are skipped; a row whose date cannot be read, or without a link, is rejected at
its line, as there. The first pass only proves pyarrow reads the whole file (else
``read_reactions`` answers None and the caller reads it row by row).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow.compute as pc  # type: ignore[import-untyped]  # pyarrow ships no type hints

from ascent.domain.records import Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import Block, ColumnarFile, columnar_file

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table


def read_reactions(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when
    pyarrow cannot read it as the row path does."""
    reactions = columnar_file(source, name, table)
    if reactions is None or not reactions.first_pass(lambda _block: None):
        return None
    return (record for block in reactions.blocks() for record in _records(reactions, block))


def _records(reactions: ColumnarFile, block: Block) -> Iterator[Record]:
    slot = reactions.table.header.slot
    date, kind, link = (block.cell(slot(name)) for name in ("Date", "Type", "Link"))
    filled = pc.invert(block.blank())
    iso = iso_times(date)
    dated = pc.and_(filled, pc.is_valid(iso))
    linked = pc.and_(dated, pc.not_equal(link, ""))
    unlinked = pc.indices_nonzero(pc.and_(dated, pc.equal(link, ""))).to_pylist()
    problems = undated(date, iso, filled, "Date") + [(i, "missing Link") for i in unlinked]
    kept_link = link.filter(linked)
    activities = Activities.of(
        keys=pc.binary_join_element_wise(
            "reaction:", pc.binary_join_element_wise(kept_link, kind.filter(linked), "|"), ""
        ),
        iso=iso.filter(linked),
        raw_time=date.filter(linked),
        kind="reaction",
        link=kept_link,
    )
    rows = pc.indices_nonzero(linked).to_pylist()
    yield from activities.interleaved(rows, rejected_rows(reactions.label, block, problems))

"""Shares.csv read as columns (issue 10): the records of ``shares.parse_shares``.

Blank rows are skipped and unreadable dates rejected at their lines, as there; the kind
rule, the key and the repair of double-wrapped line breaks (``shares.unwrap_commentary``'s
regular expression, run by pyarrow) are the row path's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import Block, ColumnarFile, columnar_file
from ascent.importers.linkedin.shares import WRAPPED_BREAK

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table

_NONE = pa.scalar(None, pa.string())


def read_shares(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when
    pyarrow cannot read it as the row path does."""
    shares = columnar_file(source, name, table)
    if shares is None or not shares.first_pass(lambda _block: None):
        return None
    return (record for block in shares.blocks() for record in _records(shares, block))


def _records(shares: ColumnarFile, block: Block) -> Iterator[Record]:
    slot = shares.table.header.slot
    date, link = block.cell(slot("Date")), block.cell(slot("ShareLink"))
    text, shared = block.cell(slot("ShareCommentary")), block.cell(slot("SharedUrl"))
    filled = pc.invert(block.blank())
    iso = iso_times(date)
    kept = pc.and_(filled, pc.is_valid(iso))
    problems = undated(date, iso, filled, "Date")
    date, link, text, shared, iso = (a.filter(kept) for a in (date, link, text, shared, iso))
    body = pc.replace_substring_regex(text, WRAPPED_BREAK, "\n")
    body = pc.if_else(pc.equal(body, ""), _NONE, body)
    link = pc.if_else(pc.equal(link, ""), _NONE, link)
    share = pc.and_(pc.is_null(body), pc.not_equal(shared, ""))
    activities = Activities.of(
        keys=pc.binary_join_element_wise("share:", pc.coalesce(link, iso), ""),
        iso=iso,
        raw_time=date,
        kind=pc.if_else(share, "share", "post"),
        link=link,
        body=body,
    )
    rows = pc.indices_nonzero(kept).to_pylist()
    yield from activities.interleaved(rows, rejected_rows(shares.label, block, problems))

"""Comments.csv read as columns (issue 10): the records of ``comments.parse_comments``.

Only files in which every row starts a comment are read here: the 2025+ files, quoted
properly with backslash-escaped quotes (pyarrow reads them with ``\\`` as escape character,
as the row path's csv reader does). A row that continues the comment before it (the
unquoted multi-line messages of 2021–2024, a blank line) makes the first pass give up, and
the row path, which joins such rows, reads the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import Block, ColumnarFile, Unreadable, columnar_file

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table

#: ``comments._STAMP`` (pyarrow's ``\d`` is ASCII only, so it accepts no more than that one)
_STAMP = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
_NONE = pa.scalar(None, pa.string())


def read_comments(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when the
    file needs the row path."""
    comments = columnar_file(source, name, table, escapechar="\\")
    if comments is None or not comments.first_pass(lambda block: _check(comments, block)):
        return None
    return (record for block in comments.blocks() for record in _records(comments, block))


def _check(comments: ColumnarFile, block: Block) -> None:
    """Every row must start a comment (``comments._starts_comment``)."""
    slot = comments.table.header.slot
    date, link = block.cell(slot("Date")), block.cell(slot("Link"))
    starts = pc.or_(
        pc.match_substring_regex(date, _STAMP),
        pc.and_(pc.not_equal(date, ""), pc.starts_with(link, "http")),
    )
    if not pc.all(starts).as_py():
        raise Unreadable("a row continues the comment before it")


def _message(comments: ColumnarFile, block: Block) -> pa.Array:
    """``comments._message``: the Message cell and any cells after it, joined by commas,
    neither stripped nor cleaned."""
    at = comments.table.header.index("Message")
    if at is None:
        return pa.array([""] * len(block), pa.string())
    return pc.binary_join_element_wise(*block.batch.columns[at:], ",")


def _records(comments: ColumnarFile, block: Block) -> Iterator[Record]:
    slot = comments.table.header.slot
    date, link = block.cell(slot("Date")), block.cell(slot("Link"))
    iso = iso_times(date)
    dated = pc.is_valid(iso)
    linked = pc.and_(dated, pc.not_equal(link, ""))
    unlinked = pc.indices_nonzero(pc.and_(dated, pc.equal(link, ""))).to_pylist()
    problems = undated(date, iso, None, "Date") + [(i, "missing Link") for i in unlinked]
    body = pc.utf8_trim_whitespace(pc.replace_substring(_message(comments, block), "\r\n", "\n"))
    kept_link, kept_iso = link.filter(linked), iso.filter(linked)
    kept_body = body.filter(linked)
    activities = Activities.of(
        keys=pc.binary_join_element_wise(
            "comment:", pc.binary_join_element_wise(kept_link, kept_iso, "|"), ""
        ),
        iso=kept_iso,
        raw_time=date.filter(linked),
        kind="comment",
        link=kept_link,
        body=pc.if_else(pc.equal(kept_body, ""), _NONE, kept_body),
    )
    rows = pc.indices_nonzero(linked).to_pylist()
    yield from activities.interleaved(rows, rejected_rows(comments.label, block, problems))

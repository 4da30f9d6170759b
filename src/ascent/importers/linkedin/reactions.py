"""Reactions.csv: reactions the owner gave, never those received (FORMATS §1.7)."""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import ActivityRecord, Record, Rejected
from ascent.importers.linkedin.dates import dated_rows
from ascent.importers.linkedin.read_path import chosen_path
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table

FILE = "Reactions.csv"
_is_header = has_columns("Date", "Type", "Link")


def parse_reactions(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected="Date,Type,Link") as table:
            records = None
            if chosen_path(source, name) == "columns":
                records = _read_columns(source, name, table)
            yield from _parse(table) if records is None else records


def _read_columns(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The columnar path's records, or None; imported here, as ``messages`` explains."""
    from ascent.importers.linkedin.reactions_columns import read_reactions  # noqa: PLC0415

    return read_reactions(source, name, table)


def _parse(table: Table) -> Iterator[Record]:
    """Row by row."""
    col = table.header.index
    i_date, i_type, i_link = col("Date"), col("Type"), col("Link")
    for dated in dated_rows(table, i_date, "Date"):
        if isinstance(dated, Rejected):
            yield dated
            continue
        line, row, raw, at = dated
        link = cell(row, i_link)
        if not link:
            yield Rejected(table.label, line, "missing Link")
            continue
        yield ActivityRecord(
            source_key=f"reaction:{link}|{cell(row, i_type)}",
            occurred_at=at,
            raw_time=raw,
            channel="linkedin",
            kind="reaction",
            link=link,
        )

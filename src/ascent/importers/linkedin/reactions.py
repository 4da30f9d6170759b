"""Reactions.csv: reactions the owner gave, never those received (FORMATS §1.7)."""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import ActivityRecord, Record, Rejected
from ascent.importers.linkedin.dates import dated_rows
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table

FILE = "Reactions.csv"
_is_header = has_columns("Date", "Type", "Link")


def parse_reactions(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected="Date,Type,Link") as table:
            yield from read_member(
                source, name, table, "reactions_columns:read_reactions", lambda: _parse(table)
            )


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

"""Profile.csv: who the archive belongs to (FORMATS §1.8). It holds no profile URL."""

from __future__ import annotations

from ascent.domain.records import OwnerRecord
from ascent.importers.source import Source
from ascent.importers.textfiles import cell, has_columns, member_table

FILE = "Profile.csv"


def read_profile(source: Source) -> OwnerRecord | None:
    """Name, headline and summary from the first row of the first Profile.csv, if any."""
    for name in source.find(FILE):
        with member_table(
            source, name, has_columns("First Name", "Last Name"), expected="First Name,Last Name"
        ) as table:
            col = table.header.index
            first, last = col("First Name"), col("Last Name")
            headline, summary = col("Headline"), col("Summary")
            for _line, row in table.rows():
                full = f"{cell(row, first)} {cell(row, last)}".strip()
                if full:
                    return OwnerRecord(
                        name=full,
                        headline=cell(row, headline) or None,
                        summary=cell(row, summary) or None,
                    )
    return None

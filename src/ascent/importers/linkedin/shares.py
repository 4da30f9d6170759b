"""Shares.csv: the owner's posts (FORMATS §1.5).

Kind rule: a row with commentary is a ``post`` (the owner wrote something); a row with no
commentary but a ``SharedUrl`` is a ``share`` (a link passed on without a word); anything
else (e.g. an image with no text) is a ``post``.

Since 2021 LinkedIn wraps every line after the first of a multi-line commentary in an extra
quote pair; replacing ``"\\r?\\n"`` with a newline undoes it and keeps genuine quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ascent.domain.records import ActivityRecord, Record, Rejected, is_question
from ascent.importers.linkedin.dates import dated_rows
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table

FILE = "Shares.csv"
_is_header = has_columns("Date", "ShareLink")  # also 2018 'Share Link' (see header_key)
_EXPECTED = "Date,ShareLink,ShareCommentary,…"
#: a line break LinkedIn wrapped in an extra quote pair (the columnar path runs it too)
WRAPPED_BREAK = r'"\r?\n"'
_WRAPPED_BREAK = re.compile(WRAPPED_BREAK)


def unwrap_commentary(text: str) -> str:
    """Undo the double-wrapped line breaks of a multi-line commentary."""
    return _WRAPPED_BREAK.sub("\n", text) if "\n" in text else text


def parse_shares(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            yield from read_member(
                source, name, table, "shares_columns:read_shares", lambda: _parse(table)
            )


def _parse(table: Table) -> Iterator[Record]:
    """Row by row."""
    col = table.header.index
    i_date, i_link = col("Date"), col("ShareLink")
    i_text, i_url = col("ShareCommentary"), col("SharedUrl")
    for dated in dated_rows(table, i_date, "Date"):
        if isinstance(dated, Rejected):
            yield dated
            continue
        _, row, raw, at = dated
        link = cell(row, i_link) or None
        body = unwrap_commentary(cell(row, i_text)) or None
        yield ActivityRecord(
            source_key=f"share:{link or at.isoformat()}",
            occurred_at=at,
            raw_time=raw,
            channel="linkedin",
            kind="share" if body is None and cell(row, i_url) else "post",
            link=link,
            body=body,
            is_question=is_question(body),
        )

"""Comments.csv: comments the owner wrote, on the post given by ``Link`` (FORMATS §1.6).

Two quoting eras, one reader: ``csv.reader(escapechar='\\\\')`` with doubled quotes parses
the 2025+ backslash-escaped quotes and the 2021–2024 doubled ones. In 2021–2024 a multi-line
message without a comma was not quoted at all, so its later lines arrive as extra short
rows; a row that does not start with a date (or a date-and-link pair, for Excel re-saves)
continues the previous comment. Line numbers stay those of the comment's first line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ascent.domain.records import ActivityRecord, Record, Rejected, is_question
from ascent.importers.linkedin.dates import parse_time, unreadable_date
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table, unix_newlines

FILE = "Comments.csv"
_is_header = has_columns("Date", "Link", "Message")
_EXPECTED = "Date,Link,Message"
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")

#: a comment being assembled: first line, date, link, message lines
_Pending = tuple[int, str, str, list[str]]


def parse_comments(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, escapechar="\\", expected=_EXPECTED) as table:
            yield from read_member(
                source, name, table, "comments_columns:read_comments", lambda: _parse(table)
            )


def _parse(table: Table) -> Iterator[Record]:
    col = table.header.index
    i_date, i_link, i_msg = col("Date"), col("Link"), col("Message")
    pending: _Pending | None = None
    for line, row in table.rows():
        if _starts_comment(row, i_date, i_link):
            if pending is not None:
                yield _record(table.label, pending)
            pending = (line, cell(row, i_date), cell(row, i_link), [_message(row, i_msg)])
        elif pending is not None:
            pending[3].append(",".join(row))
        elif any(c.strip() for c in row):
            yield Rejected(table.label, line, "text before the first comment")
    if pending is not None:
        yield _record(table.label, pending)


def _starts_comment(row: list[str], i_date: int | None, i_link: int | None) -> bool:
    date = cell(row, i_date)
    return bool(_STAMP.fullmatch(date)) or (bool(date) and cell(row, i_link).startswith("http"))


def _message(row: list[str], i_msg: int | None) -> str:
    """The Message cell; an unquoted comma in it (malformed row) keeps the rest of the text."""
    if i_msg is None or i_msg >= len(row):
        return ""
    return ",".join(row[i_msg:])


def _record(label: str, pending: _Pending) -> Record:
    line, raw, link, parts = pending
    try:
        at = parse_time(raw)
    except ValueError:
        return Rejected(label, line, unreadable_date(raw, "Date"))
    if not link:
        return Rejected(label, line, "missing Link")
    body = unix_newlines("\n".join(parts)).strip() or None
    return ActivityRecord(
        source_key=f"comment:{link}|{at.isoformat()}",
        occurred_at=at,
        raw_time=raw,
        channel="linkedin",
        kind="comment",
        link=link,
        body=body,
        is_question=is_question(body),
    )

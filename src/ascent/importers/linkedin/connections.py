"""Connections.csv: the 1st-degree network, one ``connect`` per row (FORMATS §1.2).

Rows carrying only ``Connected On`` (hidden, closed or restricted members) are kept as
``connect`` without a contact so network growth still counts them. Their key cannot use a
name or URL, nor a row number (a new export shifts rows), so it numbers them per date in
file order: ``connect:2024-12-16:hidden:1``. A later export only adds rows on later dates.
``Email Address`` is kept only when it is an address (some rows hold a member URN there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date

from ascent.domain.identities import normalise_email
from ascent.domain.records import ActivityRecord, ContactRef, Record, Rejected
from ascent.importers.linkedin.dates import dated_rows
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table

FILE = "Connections.csv"
_is_header = has_columns("First Name", "Last Name", "Connected On")
_EXPECTED = "First Name,Last Name,…,Connected On"
#: the cells ``contact_of`` reads, in its order
CELLS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position")
#: what members type into Company when they have none
_NO_COMPANY = ("", "-")


def parse_connections(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            yield from read_member(
                source, name, table, "connections_columns:read_connections", lambda: _parse(table)
            )


def _parse(table: Table) -> Iterator[Record]:
    """Row by row."""
    col = table.header.index
    cells = [col(c) for c in CELLS]
    hidden: Counter[str] = Counter()
    for dated in dated_rows(table, col("Connected On"), "Connected On"):
        if isinstance(dated, Rejected):
            yield dated
            continue
        _, row, raw, at = dated
        key, contact = keyed(contact_of([cell(row, i) for i in cells]), at.date(), hidden)
        yield ActivityRecord(
            source_key=key,
            occurred_at=at,
            raw_time=raw,
            channel="linkedin",
            kind="connect",
            contact=contact,
        )


def contact_of(cells: Sequence[str]) -> ContactRef:
    """The counterpart of a row, from its cleaned ``CELLS`` in that order."""
    first, last, url, email, company, position = cells
    return ContactRef(
        name=f"{first} {last}".strip() or None,
        profile_url=profile_url(url),
        email=normalise_email(email),
        company=None if company in _NO_COMPANY else company,
        position=position or None,
    )


def keyed(contact: ContactRef, on: date, hidden: Counter[str]) -> tuple[str, ContactRef | None]:
    """The row's source key, and its contact (None for a hidden member's date-only row,
    numbered per day in file order by ``hidden``)."""
    day = on.isoformat()
    if contact.is_empty():
        hidden[day] += 1
        return f"connect:{day}:hidden:{hidden[day]}", None
    return _key(contact, day), contact


def connection_names(source: Source) -> Iterator[str]:
    """Each connection's full name (``First Name Last Name``), for the 2018 messages rule."""
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            i_first, i_last = table.header.index("First Name"), table.header.index("Last Name")
            for _line, row in table.rows():
                yield f"{cell(row, i_first)} {cell(row, i_last)}"


def _key(contact: ContactRef, day: str) -> str:
    """``connect:<url>``; without a URL the name (or e-mail) and the day connected."""
    if contact.profile_url:
        return f"connect:{contact.profile_url}"
    return f"connect:{(contact.name or contact.email or '').lower()}|{day}"

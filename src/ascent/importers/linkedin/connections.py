"""Connections.csv: the 1st-degree network, one ``connect`` per row (FORMATS §1.2).

Rows carrying only ``Connected On`` (hidden, closed or restricted members) are kept as
``connect`` without a contact so network growth still counts them. Their key cannot use a
name or URL, nor a row number (a new export shifts rows), so it numbers them per date in
file order: ``connect:2024-12-16:hidden:1``. A later export only adds rows on later dates.
``Email Address`` is kept only when it is an address (some rows hold a member URN there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ascent.domain.identities import normalise_email
from ascent.domain.records import ActivityRecord, ContactRef, Record, Rejected
from ascent.importers.linkedin.dates import dated_rows
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.source import Source
from ascent.importers.textfiles import cell, has_columns, member_table

FILE = "Connections.csv"
_is_header = has_columns("First Name", "Last Name", "Connected On")
_EXPECTED = "First Name,Last Name,…,Connected On"
#: what members type into Company when they have none
_NO_COMPANY = ("", "-")


def parse_connections(source: Source) -> Iterator[Record]:
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            col = table.header.index
            i_first, i_last, i_url = col("First Name"), col("Last Name"), col("URL")
            i_email, i_company = col("Email Address"), col("Company")
            i_position, i_date = col("Position"), col("Connected On")
            hidden: Counter[str] = Counter()
            for dated in dated_rows(table, i_date, "Connected On"):
                if isinstance(dated, Rejected):
                    yield dated
                    continue
                _, row, raw, at = dated
                day = at.date().isoformat()
                company = cell(row, i_company)
                contact = ContactRef(
                    name=f"{cell(row, i_first)} {cell(row, i_last)}".strip() or None,
                    profile_url=profile_url(cell(row, i_url)),
                    email=normalise_email(cell(row, i_email)),
                    company=None if company in _NO_COMPANY else company,
                    position=cell(row, i_position) or None,
                )
                if contact.is_empty():
                    hidden[day] += 1
                    key, ref = f"connect:{day}:hidden:{hidden[day]}", None
                else:
                    key, ref = _key(contact, day), contact
                yield ActivityRecord(
                    source_key=key,
                    occurred_at=at,
                    raw_time=raw,
                    channel="linkedin",
                    kind="connect",
                    contact=ref,
                )


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

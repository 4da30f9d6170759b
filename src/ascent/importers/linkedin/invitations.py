"""Invitations.csv: connection requests sent and received (FORMATS §1.4).

All header eras read alike: no URL columns (≤ Jun 2023), ``urn:li:member`` values (Sep
2023), bare ``https://www.linkedin.com/in`` (Nov–Dec 2023) and full URLs (2024+). The last
is the only one that gives a URL; the others fall back to the name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ascent.domain.records import ActivityRecord, ContactRef, Record, Rejected, is_question
from ascent.importers.linkedin.dates import parse_time, unreadable_date
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table

FILE = "Invitations.csv"
_is_header = has_columns("From", "To", "Sent At", "Direction")
_EXPECTED = "From,To,Sent At,Message,Direction"
_INVITER = ("inviterProfileUrl", "inviterProfileUrn")
_INVITEE = ("inviteeProfileUrl", "inviteeProfileUrn")


def outgoing_inviter_urls(source: Source) -> Counter[str]:
    """The owner's own URL, as the inviter of every OUTGOING invitation (2024+)."""
    counts: Counter[str] = Counter()
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            i_dir, i_inviter = table.header.index("Direction"), table.header.index(*_INVITER)
            for _line, row in table.rows():
                url = profile_url(cell(row, i_inviter))
                if url and cell(row, i_dir).upper() == "OUTGOING":
                    counts[url] += 1
    return counts


def invitation_names(source: Source) -> Iterator[str]:
    """The name of everyone the owner invited or was invited by, for the 2018 messages rule."""
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            i_from, i_to, i_dir = (table.header.index(c) for c in ("From", "To", "Direction"))
            for _line, row in table.rows():
                direction = cell(row, i_dir).upper()
                yield cell(row, i_to if direction == "OUTGOING" else i_from)


def parse_invitations(source: Source) -> Iterator[Record]:
    """``invite_out`` / ``invite_in`` with the counterpart named by direction."""
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            yield from read_member(
                source, name, table, "invitations_columns:read_invitations", lambda: _parse(table)
            )


def _parse(table: Table) -> Iterator[Record]:
    """Row by row."""
    col = table.header.index
    i_from, i_to, i_sent, i_msg = col("From"), col("To"), col("Sent At"), col("Message")
    i_dir, i_inviter, i_invitee = col("Direction"), col(*_INVITER), col(*_INVITEE)
    for line, row in table.rows():
        if not any(row):
            continue
        direction = cell(row, i_dir).upper()
        if direction == "OUTGOING":
            kind, who, url = "invite_out", cell(row, i_to), cell(row, i_invitee)
        elif direction == "INCOMING":
            kind, who, url = "invite_in", cell(row, i_from), cell(row, i_inviter)
        else:
            yield Rejected(table.label, line, f"unknown Direction {direction!r}")
            continue
        raw = cell(row, i_sent)
        try:
            at = parse_time(raw)
        except ValueError:
            yield Rejected(table.label, line, unreadable_date(raw, "Sent At"))
            continue
        contact_url = profile_url(url)
        contact = ContactRef(name=who or None, profile_url=contact_url)
        note = cell(row, i_msg) or None
        yield ActivityRecord(
            source_key=f"inv:{kind[7:]}|{contact_url or who}|{at.isoformat()}",
            occurred_at=at,
            raw_time=raw,
            channel="linkedin",
            kind=kind,
            contact=None if contact.is_empty() else contact,
            body=note,
            is_question=is_question(note),
        )

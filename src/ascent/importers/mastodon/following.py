"""following_accounts.csv: the accounts the owner follows (Settings › Import and export).

A separate CSV export, not part of the archive (FORMATS §3). Its header is
``Account address,Show boosts,Notify on new posts,Languages`` (3.x: the first two only). It
gives no date for a follow, so no ``connect`` activity is made: each account becomes a
``ContactRecord`` (by handle; the actor URL is not in the file) and a ``Note`` says so.
``muted_accounts.csv`` also starts with ``Account address`` but lists no relationship to
keep: ``Show boosts`` tells the two apart.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from ascent.domain.records import Note, Record, Rejected
from ascent.errors import InputError
from ascent.importers.mastodon.accounts import Contacts, address_ref
from ascent.importers.source import Source
from ascent.importers.textfiles import cell, has_columns, member_table, open_table

_is_header = has_columns("Account address", "Show boosts")
_EXPECTED = "Account address,Show boosts,Notify on new posts,Languages"
_PEEK_BYTES = 4096


def following_members(source: Source) -> list[str]:
    """The CSV members (any name: users rename downloads) with a following-list header."""
    return [n for n in source.names() if n.lower().endswith(".csv") and _has_header(source, n)]


def _has_header(source: Source, name: str) -> bool:
    try:
        with source.open_binary(name) as fh:
            head = fh.read(_PEEK_BYTES)
        open_table(io.BytesIO(head), source.label(name), _is_header).release()
    except InputError:
        return False
    return True


def parse_following(source: Source, name: str, contacts: Contacts) -> Iterator[Record]:
    with member_table(source, name, _is_header, expected=_EXPECTED) as table:
        column = table.header.index("Account address")
        followed = 0
        for line, row in table.rows():
            address = cell(row, column)
            if not address and not any(c.strip() for c in row):
                continue
            ref = address_ref(address)
            if ref is None:
                yield Rejected(table.label, line, f"not an account address {address!r}")
                continue
            followed += 1
            yield from contacts.new(ref)
        yield Note(
            table.label,
            f"{followed} followed accounts kept as contacts: the export gives no follow "
            "dates, so no connect activities are made",
        )

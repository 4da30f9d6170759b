"""Invitations.csv read as columns (issue 10): the records of ``invitations.parse_invitations``.

Rows with every cell empty are skipped; an unknown ``Direction`` or an unreadable ``Sent At``
is rejected at its line, as there. Direction, counterpart and URL are decided once per
distinct value with the row path's own functions (``str.upper``, ``profile_url``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ContactRef, Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import Block, ColumnarFile, columnar_file, distinct
from ascent.importers.linkedin.urls import profile_url

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table

_NONE = pa.scalar(None, pa.string())
_INVITER = ("inviterProfileUrl", "inviterProfileUrn")
_INVITEE = ("inviteeProfileUrl", "inviteeProfileUrn")


def read_invitations(source: Source, name: str, table: Table) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when
    pyarrow cannot read it as the row path does."""
    invitations = columnar_file(source, name, table)
    if invitations is None or not invitations.first_pass(lambda _block: None):
        return None
    return (record for block in invitations.blocks() for record in _records(invitations, block))


def _records(invitations: ColumnarFile, block: Block) -> Iterator[Record]:
    slot = invitations.table.header.slot
    cells = {name: block.cell(slot(name)) for name in ("From", "To", "Sent At", "Message")}
    inviter, invitee = block.cell(slot(*_INVITER)), block.cell(slot(*_INVITEE))
    directions = distinct(block.cell(slot("Direction")))
    upper = [text.upper() for (text,) in directions.values]
    direction = directions.take(upper, pa.string())
    filled = pc.invert(block.empty())
    outgoing, incoming = pc.equal(direction, "OUTGOING"), pc.equal(direction, "INCOMING")
    known = pc.or_(outgoing, incoming)
    iso = iso_times(cells["Sent At"])
    kept = pc.and_(pc.and_(filled, known), pc.is_valid(iso))
    problems = _problems(filled, known, iso, direction, cells["Sent At"])
    rows = pc.indices_nonzero(kept).to_pylist()
    out, iso = outgoing.filter(kept), iso.filter(kept)
    who = pc.if_else(out, cells["To"].filter(kept), cells["From"].filter(kept))
    url = pc.if_else(out, invitee.filter(kept), inviter.filter(kept))
    people = distinct(who, url)
    refs = [_contact(name, raw) for name, raw in people.values]
    contact_url = people.take([r.profile_url for r in refs], pa.string())
    side = pc.if_else(out, "out", "in")
    note = cells["Message"].filter(kept)
    activities = Activities.of(
        keys=pc.binary_join_element_wise(
            "inv:", pc.binary_join_element_wise(side, pc.coalesce(contact_url, who), iso, "|"), ""
        ),
        iso=iso,
        raw_time=cells["Sent At"].filter(kept),
        kind=pc.if_else(out, "invite_out", "invite_in"),
        body=pc.if_else(pc.equal(note, ""), _NONE, note),
        contact=people.take([None if r.is_empty() else i for i, r in enumerate(refs)], pa.int64()),
        refs=refs,
    )
    yield from activities.interleaved(rows, rejected_rows(invitations.label, block, problems))


def _contact(who: str, raw_url: str) -> ContactRef:
    return ContactRef(name=who or None, profile_url=profile_url(raw_url))


def _problems(
    filled: pa.Array, known: pa.Array, iso: pa.Array, direction: pa.Array, sent: pa.Array
) -> list[tuple[int, str]]:
    """The rows the row path rejects: an unknown direction, else an unreadable date."""
    unknown = pc.indices_nonzero(pc.and_(filled, pc.invert(known))).to_pylist()
    directions = direction.to_pylist() if unknown else []
    problems = [(i, f"unknown Direction {directions[i]!r}") for i in unknown]
    return problems + undated(sent, iso, pc.and_(filled, known), "Sent At")

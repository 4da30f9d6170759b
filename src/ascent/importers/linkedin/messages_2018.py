"""Messages.csv of 2018 exports: ``From,To,Date,Subject,Content,Direction,Folder`` (FORMATS §1.3).

No conversation ids and no profile URLs: a thread is known only by the counterpart's name.
Sponsored InMail is not always "… from LinkedIn": sender names are cut after "from"
(``Angela from``), and company pages (``Google Cloud``, ``GoDaddy``) send InMail with a
subject and are never answered. People's InMail carries a subject too, so an incoming
message with a subject is skipped (``unanswered``) only when nothing shows its sender is a
person: the owner never wrote to them, they never wrote without a subject, and neither
``Connections.csv`` nor ``Invitations.csv`` names them. A first pass over the file and those
two files collects the folded names of the known people: a set of strings, bounded by the
owner's contacts. A stranger's cold InMail the owner has not answered is skipped too: the
file cannot tell it from a company page's. An incoming message without a subject is kept.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ascent.domain.records import ActivityRecord, Record, Rejected, is_question
from ascent.importers.linkedin.connections import connection_names
from ascent.importers.linkedin.dates import parse_time, unreadable_date
from ascent.importers.linkedin.invitations import invitation_names
from ascent.importers.linkedin.mail import person, skip_note, system_reason
from ascent.importers.textfiles import Table, cell, unix_newlines

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from ascent.importers.linkedin.owner import Owner
    from ascent.importers.source import Source

CHANNEL = "linkedin"


def parse_2018(
    reopen: Callable[[], AbstractContextManager[Table]], table: Table, source: Source, owner: Owner
) -> Iterator[Record]:
    """Every row of ``table``; ``reopen`` opens the same file again for the first pass."""
    with reopen() as first:
        people = _people(first, owner)
    people.update(map(_fold, connection_names(source)))
    people.update(map(_fold, invitation_names(source)))
    people.discard("")  # a hidden connection's blank name names no sender
    col = table.header.index
    i_from, i_to, i_date = col("From"), col("To"), col("Date")
    i_subject, i_content = col("Subject"), col("Content")
    label, skipped = table.label, Counter[str]()
    for line, row in table.rows():
        if not any(row):
            continue
        sender, to, raw = cell(row, i_from), cell(row, i_to), cell(row, i_date)
        outgoing = _is_outgoing(table, row, owner)
        if not outgoing:
            reason = system_reason("", sender, None)
            if reason is None and cell(row, i_subject) and _fold(sender) not in people:
                reason = "unanswered"
            if reason:
                skipped[reason] += 1
                continue
        try:
            at = parse_time(raw)
        except ValueError:
            yield Rejected(label, line, unreadable_date(raw, "Date"))
            continue
        body = unix_newlines(html.unescape(cell(row, i_content))) or None
        yield ActivityRecord(
            source_key=f"msg2018:{sender}|{to}|{at.isoformat()}",
            occurred_at=at,
            raw_time=raw,
            channel=CHANNEL,
            kind="message_out" if outgoing else "message_in",
            contact=person(to if outgoing else sender, None),
            body=body,
            is_question=is_question(body),
        )
    yield from skip_note(label, skipped)


def _is_outgoing(table: Table, row: list[str], owner: Owner) -> bool:
    """``Direction`` when it says, else whether the owner is the sender."""
    direction = cell(row, table.header.index("Direction")).upper()
    if direction in ("OUTGOING", "INCOMING"):
        return direction == "OUTGOING"
    return owner.is_owner(None, cell(row, table.header.index("From")))


def _people(table: Table, owner: Owner) -> set[str]:
    """The folded names the owner wrote to, and of everyone who wrote without a subject."""
    i_from, i_to, i_subject = (table.header.index(c) for c in ("From", "To", "Subject"))
    people: set[str] = set()
    for _, row in table.rows():
        if not any(row):
            continue
        if _is_outgoing(table, row, owner):
            people.add(_fold(cell(row, i_to)))
        elif not cell(row, i_subject):
            people.add(_fold(cell(row, i_from)))
    return people


def _fold(name: str) -> str:
    """How 2018 names are compared: case and runs of white space do not matter."""
    return " ".join(name.split()).casefold()

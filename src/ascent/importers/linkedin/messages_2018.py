"""Messages.csv of 2018 exports: ``From,To,Date,Subject,Content,Direction,Folder`` (FORMATS §1.3).

No conversation ids and no profile URLs: a thread is known only by the counterpart's name.
Sponsored InMail is not always "… from LinkedIn": sender names are cut after "from"
(``Angela from``), and company pages (``Google Cloud``, ``GoDaddy``) send InMail with a
subject and are never answered. So an incoming message with a subject from a sender the
owner never wrote to is skipped (``unanswered``). To know that, a first pass remembers the
names the owner wrote to: one folded name per counterpart, bounded by the owner's contacts.
An incoming message without a subject (a note with an invitation) is kept unanswered.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ascent.domain.records import ActivityRecord, Record, Rejected, is_question
from ascent.importers.linkedin.dates import parse_time
from ascent.importers.linkedin.mail import person, skip_note, system_reason
from ascent.importers.textfiles import Table, cell, unix_newlines

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from ascent.importers.linkedin.owner import Owner

CHANNEL = "linkedin"


def parse_2018(
    reopen: Callable[[], AbstractContextManager[Table]], table: Table, owner: Owner
) -> Iterator[Record]:
    """Every row of ``table``; ``reopen`` opens the same file again for the first pass."""
    with reopen() as first:
        answered = _written_to(first, owner)
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
            if reason is None and cell(row, i_subject) and sender.casefold() not in answered:
                reason = "unanswered"
            if reason:
                skipped[reason] += 1
                continue
        try:
            at = parse_time(raw)
        except ValueError:
            yield Rejected(label, line, f"unreadable date {raw!r} in Date")
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


def _written_to(table: Table, owner: Owner) -> set[str]:
    """The folded ``To`` names of every message the owner sent."""
    i_to = table.header.index("To")
    return {
        cell(row, i_to).casefold()
        for _, row in table.rows()
        if any(row) and _is_outgoing(table, row, owner)
    }

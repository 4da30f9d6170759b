"""messages.csv (2020+) and Messages.csv (2018): conversations (FORMATS §1.3).

Columns are mapped by name, so the 9-, 10-, 11- and 12-column eras and the all-quoted 2026
header read alike. Drafts and sponsored or system mail are not activity: they are skipped
and counted by reason in one Note per file (``mail``), never reported as rejected rows. Both
dialects read the file twice: a first pass learns the threads the owner wrote in (``threads``
for conversation ids, ``messages_2018`` for names), so the main pass keeps a hidden
``LinkedIn Member`` or an unanswered 2018 InMail, or skips it, on the row itself. The
sibling files (``coach_messages.csv`` …) are never read: only the exact base name matches.
A big 2020+ file (``read_path``) is read as columns by ``messages_columns``, which yields the
same records as ``ActivityBatch``es; the 2018 dialect is always read row by row.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from ascent.domain.records import ActivityRecord, Record, Rejected, is_question
from ascent.importers.linkedin.dates import parse_time, unreadable_date
from ascent.importers.linkedin.mail import (
    DRAFT_MARKS,
    NO_SENDER,
    person,
    skip_note,
    system_reason,
)
from ascent.importers.linkedin.messages_2018 import parse_2018
from ascent.importers.linkedin.read_path import read_member
from ascent.importers.linkedin.threads import SkipRule, owner_threads, recipient
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, has_columns, member_table, unix_newlines

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from ascent.importers.linkedin.owner import Owner

FILE = "messages.csv"  # Source.find ignores case, so the 2018 Messages.csv matches too
CHANNEL = "linkedin"
#: rows looked at to find the owner's URL; rows are grouped by conversation, so this many
#: rows cover hundreds of threads and keep the first pass cheap on a 1 GB file
OWNER_SAMPLE_ROWS = 100_000
_is_header = has_columns("From", "To", "Date", "Content")
_EXPECTED = "FROM,TO,DATE,…,CONTENT"


def parse_messages(source: Source, owner: Owner) -> Iterator[Record]:
    """Every messages.csv / Messages.csv member, each in the dialect its header shows."""
    for name in source.find(FILE):
        reopen = partial(member_table, source, name, _is_header, expected=_EXPECTED)
        with reopen() as table:
            if table.header.index("CONVERSATION ID") is None:
                yield from parse_2018(reopen, table, source, owner)
                continue
            columns = "messages_columns:read_messages"
            rows = partial(_parse_modern, reopen, table, owner)
            yield from read_member(source, name, table, columns, rows, owner)


def sender_counts(source: Source, owner_name: str | None) -> tuple[Counter[str], dict[str, str]]:
    """How often each sender URL occurs in the first rows, and the name first seen with it.

    When the owner's name is known, only URLs sent under that name count, so one chatty
    recruiter cannot outvote the owner.
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            i_from, i_url = table.header.slot("FROM"), table.header.slot("SENDER PROFILE URL")
            for _line, row in islice(table.cells(), OWNER_SAMPLE_ROWS):
                url = profile_url(row[i_url])
                if url:
                    counts[url] += 1
                    names.setdefault(url, row[i_from])
    if owner_name:
        folded = owner_name.casefold()
        mine = Counter({u: n for u, n in counts.items() if names[u].casefold() == folded})
        counts = mine or counts
    return counts, names


def _parse_modern(
    reopen: Callable[[], AbstractContextManager[Table]], table: Table, owner: Owner
) -> Iterator[Record]:
    """Every row of ``table``; ``reopen`` opens the same file again for the first pass."""
    slot = table.header.slot
    i_conv, i_from, i_url = slot("CONVERSATION ID"), slot("FROM"), slot("SENDER PROFILE URL")
    i_to, i_rcpt, i_date = slot("TO"), slot("RECIPIENT PROFILE URLS"), slot("DATE")
    i_content = slot("CONTENT")
    is_skipped = _skip_rule(table)
    with reopen() as first:
        wrote = owner_threads(first, owner, is_skipped)
    skipped: Counter[str] = Counter()
    for line, row in table.cells():
        sender, sender_url = row[i_from], profile_url(row[i_url])
        reason = is_skipped(row, sender, sender_url)
        if reason and not (reason == "hidden" and row[i_conv] in wrote):
            skipped[reason] += 1
            if reason == "nobody":
                yield Rejected(table.label, line, NO_SENDER)
            continue
        raw = row[i_date]
        try:
            at = parse_time(raw)
        except ValueError:
            yield Rejected(table.label, line, unreadable_date(raw, "DATE"))
            continue
        outgoing = reason is None and owner.is_owner(sender_url, sender)
        if outgoing:
            contact = recipient(row[i_to], row[i_rcpt], owner.url)
        elif reason == "hidden":  # a real person's reply in a thread the owner wrote in
            contact = wrote[row[i_conv]]
        else:
            contact = person(sender, sender_url)
        body = unix_newlines(html.unescape(row[i_content])) or None
        yield ActivityRecord(
            source_key=f"msg:{row[i_conv]}|{sender_url or sender}|{at.isoformat()}",
            occurred_at=at,
            raw_time=raw,
            channel=CHANNEL,
            kind="message_out" if outgoing else "message_in",
            contact=contact,
            body=body,
            is_question=is_question(body),
        )
    yield from skip_note(table.label, skipped)


def _skip_rule(table: Table) -> SkipRule:
    """Why a cleaned row is no activity (``blank``, ``draft``, ``nobody`` or a reason of
    ``mail.system_reason``), or None.

    Drafts have no conversation id and no folder; the ``IS MESSAGE DRAFT`` column (Dec 2024
    on) marks them too.
    """
    slot = table.header.slot
    i_conv, i_title = slot("CONVERSATION ID"), slot("CONVERSATION TITLE")
    i_folder, i_draft = slot("FOLDER"), slot("IS MESSAGE DRAFT")

    def reason(row: list[str], sender: str, sender_url: str | None) -> str | None:
        if not (row[i_conv] or row[i_folder]):
            return "draft" if any(row) else "blank"
        if row[i_draft] in DRAFT_MARKS:
            return "draft"
        system = system_reason(row[i_title], sender, sender_url)
        if system:
            return system
        return None if (sender or sender_url) else "nobody"

    return reason

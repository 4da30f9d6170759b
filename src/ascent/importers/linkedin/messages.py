"""messages.csv (2020+) and Messages.csv (2018): conversations (FORMATS §1.3).

Columns are mapped by name, so the 9-, 10-, 11- and 12-column eras and the all-quoted 2026
header read alike. Drafts and sponsored or system mail are not activity: they are skipped
and counted in one Note per file, never reported as rejected rows. The sibling files
(``coach_messages.csv`` …) are never read: only the exact base name matches.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from ascent.domain.records import ActivityRecord, ContactRef, Note, Record, Rejected, is_question
from ascent.importers.linkedin.dates import parse_time
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, cell, has_columns, member_table, unix_newlines

if TYPE_CHECKING:
    from ascent.importers.linkedin.owner import Owner

FILE = "messages.csv"  # Source.find ignores case, so the 2018 Messages.csv matches too
CHANNEL = "linkedin"
#: rows looked at to find the owner's URL; rows are grouped by conversation, so this many
#: rows cover hundreds of threads and keep the first pass cheap on a 1 GB file
OWNER_SAMPLE_ROWS = 100_000
HIDDEN_MEMBER = "LinkedIn Member"
SPONSORED_TITLE = "Sponsored Conversation"
_is_header = has_columns("From", "To", "Date", "Content")
_EXPECTED = "FROM,TO,DATE,…,CONTENT"


def parse_messages(source: Source, owner: Owner) -> Iterator[Record]:
    """Every messages.csv / Messages.csv member, each in the dialect its header shows."""
    for name in source.find(FILE):
        with member_table(source, name, _is_header, expected=_EXPECTED) as table:
            if table.header.index("CONVERSATION ID") is None:
                yield from _parse_2018(table, owner)
            else:
                yield from _parse_modern(table, owner)


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


def _parse_modern(table: Table, owner: Owner) -> Iterator[Record]:
    slot = table.header.slot
    i_conv, i_from, i_url = slot("CONVERSATION ID"), slot("FROM"), slot("SENDER PROFILE URL")
    i_to, i_rcpt, i_date = slot("TO"), slot("RECIPIENT PROFILE URLS"), slot("DATE")
    i_content = slot("CONTENT")
    is_skipped = _skip_rule(table)
    skipped: Counter[str] = Counter()
    for line, row in table.cells():
        sender, sender_url = row[i_from], profile_url(row[i_url])
        reason = is_skipped(row, sender, sender_url)
        if reason:
            skipped[reason] += 1
            if reason == "nobody":
                yield Rejected(table.label, line, "no sender (empty FROM and SENDER PROFILE URL)")
            continue
        raw = row[i_date]
        try:
            at = parse_time(raw)
        except ValueError:
            yield Rejected(table.label, line, f"unreadable date {raw!r} in DATE")
            continue
        outgoing = owner.is_owner(sender_url, sender)
        if outgoing:
            contact = _recipient(row[i_to], row[i_rcpt], owner.url)
        else:
            contact = _person(sender, sender_url)
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
    yield from _skip_note(table, skipped)


def _skip_rule(table: Table) -> Callable[[list[str], str, str | None], str | None]:
    """Why a cleaned row is no activity: ``blank``, ``draft``, ``system``, ``nobody``, or None.

    Drafts have no conversation id and no folder; the ``IS MESSAGE DRAFT`` column (Dec 2024
    on) marks them too.
    """
    slot = table.header.slot
    i_conv, i_title = slot("CONVERSATION ID"), slot("CONVERSATION TITLE")
    i_folder, i_draft = slot("FOLDER"), slot("IS MESSAGE DRAFT")

    def reason(row: list[str], sender: str, sender_url: str | None) -> str | None:
        if not (row[i_conv] or row[i_folder]):
            return "draft" if any(row) else "blank"
        if row[i_draft] in ("Yes", "YES", "yes"):
            return "draft"
        if _is_system(row[i_title], sender, sender_url):
            return "system"
        return None if (sender or sender_url) else "nobody"

    return reason


def _skip_note(table: Table, skipped: Counter[str]) -> Iterator[Record]:
    """One Note per file for the drafts and system mail it skipped."""
    if skipped["draft"] or skipped["system"]:
        yield Note(
            table.label,
            f"skipped {skipped['draft']} drafts, {skipped['system']} sponsored/system messages",
        )


def _parse_2018(table: Table, owner: Owner) -> Iterator[Record]:
    """2018: ``From,To,Date,Subject,Content,Direction,Folder``; no ids, no URLs."""
    col = table.header.index
    i_from, i_to, i_date = col("From"), col("To"), col("Date")
    i_content, i_direction = col("Content"), col("Direction")
    label, system = table.label, 0
    for line, row in table.rows():
        if not any(row):
            continue
        sender, to, raw = cell(row, i_from), cell(row, i_to), cell(row, i_date)
        direction = cell(row, i_direction).upper()
        if direction not in ("OUTGOING", "INCOMING"):
            direction = "OUTGOING" if owner.is_owner(None, sender) else "INCOMING"
        outgoing = direction == "OUTGOING"
        if not outgoing and _is_system("", sender, None):
            system += 1
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
            contact=_person(to if outgoing else sender, None),
            body=body,
            is_question=is_question(body),
        )
    if system:
        yield Note(label, f"skipped 0 drafts, {system} sponsored/system messages")


def _is_system(title: str, sender: str, sender_url: str | None) -> bool:
    """Sponsored InMail, hidden senders and LinkedIn's own mail (FORMATS §1.3)."""
    return (
        title == SPONSORED_TITLE
        or (sender == HIDDEN_MEMBER and sender_url is None)
        or " from LinkedIn" in sender
    )


@lru_cache(maxsize=65536)
def _recipient(to: str, joined_urls: str, owner_url: str | None) -> ContactRef | None:
    """The counterpart of an outgoing message (cached: a thread repeats its recipients).

    ``TO`` is never split (names contain commas): it names the contact only in a 1:1 thread.
    In a group thread the first recipient URL other than the owner's stands for the thread.
    """
    parts = [p for p in joined_urls.split(",") if p.strip()] if joined_urls else []
    urls = [u for u in map(profile_url, parts) if u and u != owner_url]
    others = len(parts) - sum(1 for p in parts if profile_url(p) == owner_url and owner_url)
    if others <= 1:
        return _person(to, urls[0] if urls else None)
    return _person("", urls[0]) if urls else None


@lru_cache(maxsize=65536)
def _person(name: str, url: str | None) -> ContactRef | None:
    """A ContactRef, or None for nobody or a hidden ``LinkedIn Member``; cached (immutable)."""
    if url is None and name in ("", HIDDEN_MEMBER):
        return None
    return ContactRef(name=name or None, profile_url=url)

"""messages.csv (2020+) read as columns (issue 10): the records of ``messages._parse_modern``.

Each rule of the row path is applied to whole columns. A rule that is Python code of its own
(``mail.system_reason``, ``Owner.is_owner``, ``profile_url``, ``recipient``, ``person``,
``threads.thread_counterpart``) runs once per distinct combination of the cells it reads
(``columnar.distinct``): a file of a million rows has a few thousand senders and threads.
HTML entities are unescaped (``html.unescape``) only in the cells that hold ``&``; dates in
the machine-written form are parsed by pyarrow, any other by ``dates.parse_time``.

The passes are the row path's: the first learns the threads the owner wrote in (and proves
pyarrow reads the whole file; if not, ``read_messages`` answers None and the caller reads
the file row by row), the second yields. Order: expanding each ``ActivityBatch``
(``records()``) gives the row path's records in the row path's order: a block's activities
are cut into one batch per run of rows between two rejected rows, each ``Rejected`` stands
where its row does, and the skip ``Note`` comes last.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ContactRef, Record
from ascent.importers.linkedin.batches import Activities, iso_times, rejected_rows, undated
from ascent.importers.linkedin.columnar import (
    Block,
    ColumnarFile,
    Distinct,
    columnar_file,
    distinct,
)
from ascent.importers.linkedin.mail import (
    DRAFT_MARKS,
    NO_SENDER,
    SPONSORED_TITLE,
    person,
    skip_note,
    system_reason,
)
from ascent.importers.linkedin.threads import recipient, thread_counterpart
from ascent.importers.linkedin.urls import profile_url
from ascent.importers.textfiles import Header, Table, unix_newlines

if TYPE_CHECKING:
    from ascent.importers.linkedin.owner import Owner
    from ascent.importers.source import Source

_NONE = pa.scalar(None, pa.string())


#: the cells the rules read: attribute of ``_Columns`` → column
_CELLS = {
    "conv": "CONVERSATION ID",
    "title": "CONVERSATION TITLE",
    "sender": "FROM",
    "raw_url": "SENDER PROFILE URL",
    "to": "TO",
    "rcpt": "RECIPIENT PROFILE URLS",
    "date": "DATE",
    "content": "CONTENT",
    "folder": "FOLDER",
    "draft": "IS MESSAGE DRAFT",
}


class _Columns:
    """The cleaned cells of a block's rows (``c.sender``, ``c.date`` …, see ``_CELLS``; ``url``
    is the sender's URL through ``profile_url``, null for none usable), each read on first
    use, so the first pass never pays for DATE or CONTENT; and the rows grouped by distinct
    cells (``group``), each grouping made once per block and filtered with the rows."""

    def __init__(
        self,
        read: Callable[[_Columns, str], pa.Array],
        grouped: Callable[[tuple[str, ...]], Distinct] | None = None,
    ) -> None:
        self._read, self._grouped = read, grouped
        self._seen: dict[str, pa.Array] = {}
        self._groups: dict[tuple[str, ...], Distinct] = {}

    def __getattr__(self, cells: str) -> pa.Array:
        if cells not in _CELLS and cells != "url":
            raise AttributeError(cells)
        found = self._seen.get(cells)
        if found is None:
            found = self._seen[cells] = self._read(self, cells)
        return found

    def group(self, *cells: str) -> Distinct:
        found = self._groups.get(cells)
        if found is None:
            if self._grouped is None:
                found = distinct(*(getattr(self, name) for name in cells))
            else:
                found = self._grouped(cells)
            self._groups[cells] = found
        return found

    def filter(self, mask: pa.Array) -> _Columns:
        return _Columns(
            lambda _filtered, cells: getattr(self, cells).filter(mask),
            lambda cells: self.group(*cells).filter(mask),
        )


def read_messages(source: Source, name: str, table: Table, owner: Owner) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``), or None when
    pyarrow cannot read it as the row path does."""
    messages = columnar_file(source, name, table)
    if messages is None:
        return None
    header, wrote = messages.table.header, dict[str, ContactRef | None]()
    if not messages.first_pass(lambda block: _learn_threads(block, header, owner, wrote)):
        return None
    return _records(messages, owner, wrote)


def _columns(block: Block, header: Header) -> _Columns:
    """A block's columns. ``read`` is handed the columns rather than closing over them: no
    reference cycle, so each block's arrays are freed as soon as the block is done instead of
    piling up (with the allocator's pages under them) until the cyclic collector runs."""

    def read(c: _Columns, cells: str) -> pa.Array:
        if cells == "url":
            return _per_sender(c, lambda _name, url: url, pa.string())
        return block.cell(header.slot(_CELLS[cells]))

    return _Columns(read)


def _per_sender(
    c: _Columns, function: Callable[[str, str | None], object], kind: pa.DataType
) -> pa.Array:
    """``function(sender, sender's URL)`` for each row, run once per distinct sender."""
    senders = c.group("sender", "raw_url")
    return senders.take([function(name, profile_url(raw)) for name, raw in senders.values], kind)


def _reasons(block: Block, c: _Columns) -> pa.Array:
    """Per row, why it is no activity (``messages._skip_rule``'s reasons), else null.

    ``mail.system_reason`` runs per sender with no title; the title alone makes a
    ``Sponsored Conversation`` sponsored, as it does there first.
    """
    reasons = _per_sender(c, _system_or_nobody, pa.string())
    reasons = pc.if_else(pc.equal(c.title, SPONSORED_TITLE), "sponsored", reasons)
    reasons = pc.if_else(pc.is_in(c.draft, value_set=pa.array(DRAFT_MARKS)), "draft", reasons)
    no_thread = pc.and_(pc.equal(c.conv, ""), pc.equal(c.folder, ""))
    if pc.any(no_thread).as_py():
        drafted = pc.if_else(block.any_cell(), "draft", "blank")
        reasons = pc.if_else(no_thread, drafted, reasons)
    return reasons


def _system_or_nobody(sender: str, url: str | None) -> str | None:
    return system_reason("", sender, url) or (None if sender or url else "nobody")


def _is_owner(c: _Columns, owner: Owner) -> pa.Array:
    return _per_sender(c, lambda name, url: owner.is_owner(url, name), pa.bool_())


def _learn_threads(
    block: Block, header: Header, owner: Owner, wrote: dict[str, ContactRef | None]
) -> None:
    """``threads.owner_threads`` for one block: the owner's first row in each new thread."""
    c = _columns(block, header)
    mine = pc.and_(pc.is_null(_reasons(block, c)), _is_owner(c, owner))
    rows = pa.table({"conv": c.conv, "to": c.to, "rcpt": c.rcpt}).filter(mine)
    firsts = rows.group_by("conv", use_threads=False).aggregate(
        [("to", "first"), ("rcpt", "first")]
    )
    for conv, to, rcpt in zip(
        firsts["conv"].to_pylist(),
        firsts["to_first"].to_pylist(),
        firsts["rcpt_first"].to_pylist(),
        strict=True,
    ):
        if conv not in wrote:
            wrote[conv] = thread_counterpart(to, rcpt, owner.url)


def _records(
    messages: ColumnarFile, owner: Owner, wrote: dict[str, ContactRef | None]
) -> Iterator[Record]:
    threads = pa.array(list(wrote), pa.string())
    skipped: Counter[str] = Counter()
    for block in messages.blocks():
        yield from _block_records(
            messages, block, owner=owner, wrote=wrote, threads=threads, skipped=skipped
        )
    yield from skip_note(messages.label, skipped)


def _block_records(
    messages: ColumnarFile,
    block: Block,
    *,
    owner: Owner,
    wrote: dict[str, ContactRef | None],
    threads: pa.Array,
    skipped: Counter[str],
) -> Iterator[Record]:
    """One block's batches and rejected rows, in row order; counts what it skips."""
    c = _columns(block, messages.table.header)
    reasons = _reasons(block, c)
    hidden = pc.and_(pc.equal(reasons, "hidden"), pc.is_in(c.conv, value_set=threads))
    kept = pc.or_(pc.is_null(reasons), pc.fill_null(hidden, False))
    for count in pc.value_counts(reasons.filter(pc.invert(kept))).to_pylist():
        skipped[count["values"]] += count["counts"]
    nobody = pc.indices_nonzero(pc.fill_null(pc.equal(reasons, "nobody"), False)).to_pylist()
    rows, kept_c, kept_reasons = pc.indices_nonzero(kept), c.filter(kept), reasons.filter(kept)
    iso = iso_times(kept_c.date)
    dated = pc.is_valid(iso)
    late = undated(kept_c.date, iso, None, "DATE")  # numbered among the kept rows
    problems = [(i, NO_SENDER) for i in nobody] + [(rows[i].as_py(), why) for i, why in late]
    activities = _activities(
        kept_c.filter(dated), kept_reasons.filter(dated), iso.filter(dated), owner, wrote
    )
    yield from activities.interleaved(
        rows.filter(dated).to_pylist(), rejected_rows(messages.label, block, problems)
    )


def _bodies(content: pa.Array) -> pa.Array:
    """``unix_newlines(html.unescape(cell)) or None``, unescaping only the cells that hold
    ``&``, each distinct text once (a template sent to many is unescaped once)."""
    bodies = pc.replace_substring(content, "\r\n", "\n")
    entities = pc.match_substring(content, "&")
    if pc.any(entities).as_py():
        texts = distinct(content.filter(entities))
        unescaped = [unix_newlines(html.unescape(text)) for (text,) in texts.values]
        bodies = pc.replace_with_mask(bodies, entities, texts.take(unescaped, pa.string()))
    return pc.if_else(pc.equal(bodies, ""), _NONE, bodies)


def _activities(
    c: _Columns,
    reasons: pa.Array,
    iso: pa.Array,
    owner: Owner,
    wrote: dict[str, ContactRef | None],
) -> Activities:
    """The kept, dated rows as activities: direction, counterpart, key and body."""
    outgoing = pc.and_(pc.is_null(reasons), _is_owner(c, owner))
    refs: dict[ContactRef, int] = {}
    hidden = pc.equal(reasons, "hidden")
    contact = _contacts(c, outgoing, hidden, owner=owner, wrote=wrote, refs=refs)
    who = pc.coalesce(c.url, c.sender)
    keys = pc.binary_join_element_wise(
        "msg:", pc.binary_join_element_wise(c.conv, who, iso, "|"), ""
    )
    return Activities.of(
        keys=keys,
        iso=iso,
        raw_time=c.date,
        kind=pc.if_else(outgoing, "message_out", "message_in"),
        body=_bodies(c.content),
        contact=contact,
        refs=list(refs),
    )


def _contacts(
    c: _Columns,
    outgoing: pa.Array,
    hidden: pa.Array,
    *,
    owner: Owner,
    wrote: dict[str, ContactRef | None],
    refs: dict[ContactRef, int],
) -> pa.Array:
    """Each row's counterpart as a number in ``refs`` (null for none): the recipient of an
    outgoing row, the thread's counterpart for a hidden member's reply, else the sender."""

    def number(contact: ContactRef | None) -> int | None:
        return None if contact is None else refs.setdefault(contact, len(refs))

    sent = c.group("to", "rcpt")
    to_recipient = sent.take(
        [number(recipient(to, rcpt, owner.url)) for to, rcpt in sent.values], pa.int64()
    )
    threads = c.group("conv")
    to_thread = threads.take([number(wrote.get(conv)) for (conv,) in threads.values], pa.int64())
    to_sender = _per_sender(c, lambda name, url: number(person(name, url)), pa.int64())
    return pc.if_else(
        outgoing, to_recipient, pc.if_else(pc.fill_null(hidden, False), to_thread, to_sender)
    )

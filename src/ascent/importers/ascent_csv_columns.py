"""An Ascent CSV file read as columns (issue 10): the records of ``ascent_csv``'s row path.

The file is read by LinkedIn's columnar reader (``linkedin.columnar``: pyarrow, in blocks,
None before anything is yielded when it cannot read the file as the row path does). Each
rule is the row path's own function, called once per distinct value rather than once per
row: ``parse_when`` per date text, ``row_kind`` per (kind, channel, amount, source),
``normalise_profile_url`` per (contact, contact_url). Only the key of a row without an
``id`` (a SHA-1, ``ascent_csv.digest``) and the records that cannot be columns are made per row.

What comes out, in file order: an ``ActivityBatch`` per run of activities of one person, and
between them each rejected row at its line, each outcome and each activity naming an
``account`` (``ActivityBatch`` has no account column) as the row path's record.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.identities import normalise_profile_url
from ascent.domain.records import ActivityBatch, ActivityRecord, ContactRef, OutcomeRecord, Record
from ascent.importers.ascent_csv import (
    DIGEST_SEPARATOR,
    DIGESTED,
    RowError,
    RowKind,
    digest,
    parse_when,
    row_kind,
)
from ascent.importers.linkedin.batches import rejected_rows
from ascent.importers.linkedin.columnar import Block, columnar_file, distinct

if TYPE_CHECKING:
    from ascent.importers.source import Source
    from ascent.importers.textfiles import Table

_NONE = pa.scalar(None, pa.string())
T = TypeVar("T")


def read_columns(
    source: Source, name: str, table: Table, columns: Sequence[str]
) -> Iterator[Record] | None:
    """The records of the member ``name`` (its header found as ``table``, its cells named
    ``columns``), or None when pyarrow cannot read it as the row path does."""
    file = columnar_file(source, name, table)
    if file is None or not file.first_pass(lambda _block: None):
        return None
    return (record for block in file.blocks() for record in _records(file.label, block, columns))


@dataclass(frozen=True)
class _Each(Generic[T]):
    """A function of each row's cells, computed once per distinct combination of them:
    its result (None where it raised ``RowError``) and the reason it raised."""

    codes: pa.Array
    results: list[T | None]
    reasons: list[str | None]

    @classmethod
    def of(cls, function: Callable[..., T], *cells: pa.Array) -> _Each[T]:
        found = distinct(*cells)
        results: list[T | None] = []
        reasons: list[str | None] = []
        for values in found.values:
            try:
                results.append(function(*values))
                reasons.append(None)
            except RowError as exc:
                results.append(None)
                reasons.append(str(exc))
        return cls(found.codes, results, reasons)

    def reason(self) -> pa.Array:
        """Each row's reason, null where there is none."""
        return pc.take(pa.array(self.reasons, pa.string()), self.codes)

    def flag(self, test: Callable[[T | None], bool]) -> pa.Array:
        """Each row's ``test`` of its result."""
        return pc.take(pa.array([test(r) for r in self.results], pa.bool_()), self.codes)

    def rows(self, mask: pa.Array) -> list[T]:
        """The result of each row ``mask`` keeps (rows without a reason: it never raised)."""
        results = cast("list[T]", self.results)
        return [results[code] for code in self.codes.filter(mask).to_pylist()]


class _Cells:
    """One block's cells by Ascent column: the last of a repeated name, a missing column as
    all '' (the row path's ``dict(zip(columns, cells))``, where '' and absent read alike)."""

    def __init__(self, block: Block, columns: Sequence[str]) -> None:
        self._block = block
        self._slots = {name: slot for slot, name in enumerate(columns)}
        self._stripped: dict[str, pa.Array] = {}

    def raw(self, name: str) -> pa.Array:
        slot = self._slots.get(name)
        if slot is None:
            return pa.array([""] * len(self._block), pa.string())
        return self._block.batch.column(slot)

    def stripped(self, name: str) -> pa.Array:
        """As ``str.strip`` strips (``NA`` stays: the row path keeps it too)."""
        found = self._stripped.get(name)
        if found is None:
            found = self._stripped[name] = pc.utf8_trim_whitespace(self.raw(name))
        return found

    def text(self, name: str, mask: pa.Array) -> list[str | None]:
        """``ascent_csv._text`` of each row ``mask`` keeps: stripped, None when empty."""
        kept = self.stripped(name).filter(mask)
        texts: list[str | None] = pc.if_else(pc.equal(kept, ""), _NONE, kept).to_pylist()
        return texts


def _records(label: str, block: Block, columns: Sequence[str]) -> Iterator[Record]:
    cells = _Cells(block, columns)
    dates = _Each.of(parse_when, cells.stripped("date"))
    kinds = _Each.of(
        _kind_of, *(cells.raw(name) for name in ("kind", "channel", "amount", "source"))
    )
    contacts = _Each.of(_contact_of, cells.stripped("contact"), cells.raw("contact_url"))
    filled = pc.invert(block.blank())
    reason = pc.coalesce(dates.reason(), kinds.reason())
    kept = pc.and_(filled, pc.is_null(reason))
    outcome = kinds.flag(lambda kind: kind is not None and kind.outcome)
    alone = pc.or_(outcome, pc.not_equal(cells.stripped("account"), ""))
    bad = pc.and_(filled, pc.is_valid(reason))
    problems = list(
        zip(pc.indices_nonzero(bad).to_pylist(), reason.filter(bad).to_pylist(), strict=True)
    )
    singles = pc.and_(kept, alone)
    batched = pc.and_(kept, pc.invert(alone))
    placed = sorted(
        [*rejected_rows(label, block, problems), *_singles(cells, dates, kinds, contacts, singles)],
        key=lambda found: found[0],
    )
    yield from _Activities.of(cells, dates, kinds, contacts, batched).interleaved(placed)


def _kind_of(kind: str, channel: str, amount: str, source: str) -> RowKind:
    return row_kind({"kind": kind, "channel": channel, "amount": amount, "source": source})


def _contact_of(name: str, url: str) -> ContactRef | None:
    """The counterpart the row path names (its ``company`` is the row's account, added where
    the row has one); None where it names nobody."""
    contact = ContactRef(name=name or None, profile_url=normalise_profile_url(url))
    return None if contact.is_empty() else contact


def _keys(cells: _Cells, mask: pa.Array) -> list[str]:
    """``csv:`` and the row's ``id``, else the ``digest`` of its cells, for each row ``mask``
    keeps."""
    ids = cells.stripped("id").filter(mask).to_pylist()
    material = pc.binary_join_element_wise(
        *(cells.stripped(name).filter(mask) for name in DIGESTED), DIGEST_SEPARATOR
    ).to_pylist()
    return ["csv:" + (key or digest(text)) for key, text in zip(ids, material, strict=True)]


def _singles(
    cells: _Cells,
    dates: _Each[datetime],
    kinds: _Each[RowKind],
    contacts: _Each[ContactRef | None],
    mask: pa.Array,
) -> Iterator[tuple[int, Record]]:
    """(row, record) of each row ``mask`` keeps, as the row path's record."""
    rows: list[int] = pc.indices_nonzero(mask).to_pylist()
    if not rows:
        return
    columns = zip(
        rows,
        _keys(cells, mask),
        dates.rows(mask),
        cells.stripped("date").filter(mask).to_pylist(),
        kinds.rows(mask),
        contacts.rows(mask),
        cells.text("account", mask),
        cells.text("note", mask),
        cells.text("person", mask),
        strict=True,
    )
    for row, key, at, raw, what, named, account, note, person in columns:
        contact = (
            None if named is None else ContactRef(named.name, named.profile_url, company=account)
        )
        record: Record = (
            OutcomeRecord(
                key,
                at,
                raw,
                what.kind,
                what.amount,
                what.source_channel,
                contact,
                account,
                note,
                person,
            )
            if what.outcome
            else ActivityRecord(
                key, at, raw, what.channel, what.kind, contact, account, body=note, person=person
            )
        )
        yield row, record


@dataclass(frozen=True)
class _Activities:
    """The block's activities without an account, as columns, cut into ``ActivityBatch``es."""

    rows: list[int]
    source_key: list[str]
    occurred_at: list[datetime]
    raw_time: list[str]
    kinds: list[RowKind]
    body: list[str | None]
    person: list[str | None]
    #: each activity's counterpart as its number in ``refs`` (null for none)
    contact: pa.Array
    refs: list[ContactRef | None]
    #: where the person changes: a batch has one
    changes: list[int]

    @classmethod
    def of(
        cls,
        cells: _Cells,
        dates: _Each[datetime],
        kinds: _Each[RowKind],
        contacts: _Each[ContactRef | None],
        mask: pa.Array,
    ) -> _Activities:
        people = distinct(cells.stripped("person").filter(mask)).codes
        changes = pc.indices_nonzero(pc.not_equal(people[1:], people[:-1])).to_pylist()
        named = [i if ref is not None else None for i, ref in enumerate(contacts.results)]
        return cls(
            rows=pc.indices_nonzero(mask).to_pylist(),
            source_key=_keys(cells, mask),
            occurred_at=dates.rows(mask),
            raw_time=cells.stripped("date").filter(mask).to_pylist(),
            kinds=kinds.rows(mask),
            body=cells.text("note", mask),
            person=cells.text("person", mask),
            contact=pc.take(pa.array(named, pa.int64()), contacts.codes.filter(mask)),
            refs=contacts.results,
            changes=[i + 1 for i in changes],
        )

    def interleaved(self, placed: Sequence[tuple[int, Record]]) -> Iterator[Record]:
        """Batches of the activities between the ``placed`` records, each in its place."""
        start = 0
        for row, record in placed:
            end = bisect_left(self.rows, row)
            yield from self._runs(start, end)
            yield record
            start = end
        yield from self._runs(start, len(self.rows))

    def _runs(self, start: int, end: int) -> Iterator[ActivityBatch]:
        """Activities ``start:end``, a batch for each run of one person."""
        if start >= end:
            return
        cuts = self.changes[bisect_right(self.changes, start) : bisect_left(self.changes, end)]
        for first, last in pairwise([start, *cuts, end]):
            yield self._batch(first, last)

    def _batch(self, start: int, end: int) -> ActivityBatch:
        """Activities ``start:end``; their counterparts listed once each, in order of first use."""
        used = pc.dictionary_encode(self.contact.slice(start, end - start))
        kinds = self.kinds[start:end]
        refs = self.refs
        return ActivityBatch(
            source_key=self.source_key[start:end],
            occurred_at=self.occurred_at[start:end],
            raw_time=self.raw_time[start:end],
            channel=[kind.channel for kind in kinds],
            kind=[kind.kind for kind in kinds],
            contact=pc.fill_null(used.indices.cast(pa.int64()), -1).to_pylist(),
            contacts=[ref for i in used.dictionary.to_pylist() if (ref := refs[i]) is not None],
            link=[None] * (end - start),
            body=self.body[start:end],
            is_question=[False] * (end - start),
            person=self.person[start],
        )

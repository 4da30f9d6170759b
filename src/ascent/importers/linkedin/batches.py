"""From a block's columns to the records the row path yields (issue 10): dates as the row
path parses them, and activities cut into ``ActivityBatch``es around rejected rows.

Order is the row path's: expanding the batches (``ActivityBatch.records``) and keeping each
``Rejected`` where it is gives the records in file order, so both paths can be compared
record for record.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ActivityBatch, ContactRef, Record, Rejected
from ascent.importers.linkedin.columnar import Block, distinct
from ascent.importers.linkedin.dates import parse_time, unreadable_date

CHANNEL = "linkedin"
#: the machine-written form (``dates._parse_iso_stamp``'s fast path), optionally `` UTC``
_STAMP = r"^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d( UTC)?$"
_STAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
_NONE = pa.scalar(None, pa.string())


def iso_times(raw: pa.Array) -> pa.Array:
    """Each date cell as ``parse_time(cell).isoformat()``; null where it is unreadable.

    The machine-written form is rearranged as text, once pyarrow's strict ISO parser has
    accepted every such stamp of the block as a date (a ``2024-02-30`` among them sends the
    block's stamps through a slower check); any other form goes to ``parse_time``.
    """
    stamp = pc.utf8_slice_codeunits(raw, 0, 19)
    fast = pc.and_(pc.match_substring_regex(raw, _STAMP), pc.invert(pc.starts_with(raw, "0000")))
    if not _all_dates(stamp.filter(fast)):
        parsed = pc.strptime(stamp, format=_STAMP_FORMAT, unit="s", error_is_null=True)
        printed = pc.equal(pc.strftime(parsed, format=_STAMP_FORMAT), stamp)
        fast = pc.fill_null(pc.and_(fast, printed), False)
    day, time = pc.utf8_slice_codeunits(stamp, 0, 10), pc.utf8_slice_codeunits(stamp, 11, 19)
    iso = pc.binary_join_element_wise(day, pc.binary_join_element_wise(time, "+00:00", ""), "T")
    iso = pc.if_else(fast, iso, _NONE)
    slow = pc.invert(fast)
    if pc.any(slow).as_py():  # each distinct text once: a day of Connections is one text
        texts = distinct(raw.filter(slow))
        parsed = [_iso_or_none(text) for (text,) in texts.values]
        iso = pc.replace_with_mask(iso, slow, texts.take(parsed, pa.string()))
    return iso


def _all_dates(stamps: pa.Array) -> bool:
    """Does pyarrow's ISO parser, which checks the day exists, accept every stamp?"""
    try:
        pc.cast(stamps, pa.timestamp("s"))
    except pa.ArrowInvalid:
        return False
    return True


def _iso_or_none(raw: str) -> str | None:
    try:
        return parse_time(raw).isoformat()
    except ValueError:
        return None


def undated(
    raw: pa.Array, iso: pa.Array, rows: pa.Array | None, column: str
) -> list[tuple[int, str]]:
    """(row, reason) for each row (of the mask ``rows``, if given) whose date ``iso_times``
    could not read."""
    missing = pc.is_null(iso)
    found = pc.indices_nonzero(missing if rows is None else pc.and_(rows, missing)).to_pylist()
    texts = raw.to_pylist() if found else []
    return [(i, unreadable_date(texts[i], column)) for i in found]


def rejected_rows(
    label: str, block: Block, problems: list[tuple[int, str]]
) -> list[tuple[int, Rejected]]:
    """Each (row, reason) as ``Rejected`` at the physical line its row starts on, in row order."""
    if not problems:
        return []
    lines = block.lines()
    return [(row, Rejected(label, lines[row], reason)) for row, reason in sorted(problems)]


@dataclass(frozen=True)
class Activities:
    """One block's activities as Python columns, ready to be cut into ``ActivityBatch``es.

    ``contact`` numbers each activity's counterpart in ``refs`` (null for none).
    """

    source_key: list[str]
    occurred_at: list[datetime]
    raw_time: list[str]
    kind: list[str]
    link: list[str | None]
    body: list[str | None]
    is_question: list[bool]
    contact: pa.Array | None = None
    refs: Sequence[ContactRef] = ()

    @classmethod
    def of(
        cls,
        *,
        keys: pa.Array,
        iso: pa.Array,
        raw_time: pa.Array,
        kind: pa.Array | str,
        link: pa.Array | None = None,
        body: pa.Array | None = None,
        contact: pa.Array | None = None,
        refs: Sequence[ContactRef] = (),
    ) -> Activities:
        """From arrays of one value per activity (``kind`` may be one for all); ``iso`` as
        ``iso_times`` gives it, ``body`` null where there is none."""
        size = len(keys)
        nothing: list[str | None] = [None] * size
        return cls(
            source_key=keys.to_pylist(),
            occurred_at=[datetime.fromisoformat(text) for text in iso.to_pylist()],
            raw_time=raw_time.to_pylist(),
            kind=[kind] * size if isinstance(kind, str) else kind.to_pylist(),
            link=nothing if link is None else link.to_pylist(),
            body=nothing if body is None else body.to_pylist(),
            is_question=(
                [False] * size
                if body is None
                else pc.fill_null(pc.match_substring(body, "?"), False).to_pylist()
            ),
            contact=contact,
            refs=refs,
        )

    def interleaved(
        self, rows: list[int], rejected: list[tuple[int, Rejected]]
    ) -> Iterator[Record]:
        """Batches of the activities (of block rows ``rows``) between rejected rows, each
        rejected row in its place."""
        start = 0
        for row, record in rejected:
            end = bisect_left(rows, row)
            if end > start:
                yield self.batch(start, end)
            yield record
            start = end
        if start < len(rows):
            yield self.batch(start, len(rows))

    def batch(self, start: int, end: int) -> ActivityBatch:
        """Activities ``start:end``; their counterparts listed once each, in order of first use."""
        size = end - start
        if self.contact is None:
            contact, contacts = [-1] * size, []
        else:
            used = pc.dictionary_encode(self.contact.slice(start, size))  # numbered by first use
            contact = pc.fill_null(used.indices.cast(pa.int64()), -1).to_pylist()
            contacts = [self.refs[i] for i in used.dictionary.to_pylist()]
        return ActivityBatch(
            source_key=self.source_key[start:end],
            occurred_at=self.occurred_at[start:end],
            raw_time=self.raw_time[start:end],
            channel=[CHANNEL] * size,
            kind=self.kind[start:end],
            contact=contact,
            contacts=contacts,
            link=self.link[start:end],
            body=self.body[start:end],
            is_question=self.is_question[start:end],
        )

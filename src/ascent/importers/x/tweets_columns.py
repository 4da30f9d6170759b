"""tweets.js (and its parts, community-tweet.js) read as columns (issue 10): the records of
``tweets._parse_file``.

The cells the rules read are pyarrow columns (``columns.ColumnarItems``); ids, edit info,
dates and texts are checked and converted as columns, HTML entities unescaped only in the
cells that hold ``&``. The kind and the contact come from the row path's own functions
(``tweets.classify``, ``mentions_of``, ``quoted_of``, ``others_of``), run once per distinct
combination of the cells they read: the retweeted handle, the ``in_reply_to_…`` cells, the
mentions and the ``…/status/…`` URLs.

Order is the row path's: each file's activities are cut into one ``ActivityBatch`` per run
of published tweets between two other records (a ``Rejected`` tweet, the ``ContactRecord`` s
of accounts first named by a tweet, which follow its activity). Edit chains go to the shared
``Editions`` and are published at the end by ``tweets.published``, as by the row path.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ContactRef, Record, Rejected
from ascent.importers.linkedin.columnar import distinct
from ascent.importers.source import Source
from ascent.importers.x.columns import ColumnarItems, ItemBlock
from ascent.importers.x.contacts import Sightings
from ascent.importers.x.owner import Owner
from ascent.importers.x.runs import Runs
from ascent.importers.x.times import tweet_time
from ascent.importers.x.tweets import (
    Editions,
    Version,
    classify,
    mentions_of,
    others_of,
    quoted_of,
    status_url,
)

_S = pa.string()
_TWEET = pa.struct(
    [
        ("id_str", _S),
        ("created_at", _S),
        ("full_text", _S),
        ("text", _S),
        ("in_reply_to_user_id_str", _S),
        ("in_reply_to_screen_name", _S),
        ("in_reply_to_status_id_str", _S),
        (
            "entities",
            pa.struct(
                [
                    (
                        "user_mentions",
                        pa.list_(pa.struct([("id_str", _S), ("screen_name", _S), ("name", _S)])),
                    ),
                    ("urls", pa.list_(pa.struct([("expanded_url", _S)]))),
                ]
            ),
        ),
        (
            "edit_info",
            pa.struct(
                [
                    ("initial", pa.struct([("editTweetIds", pa.list_(_S))])),
                    ("edit", pa.struct([("initialTweetId", _S)])),
                ]
            ),
        ),
    ]
)
#: a 2020+ element is ``{"tweet": {…}}``, a ≤ 2020 one the tweet itself
SCHEMA = pa.schema([("tweet", _TWEET), *((f.name, f.type) for f in _TWEET)])
_ID = r"^[0-9]{1,20}$"
_RETWEET = r"^RT @(?P<handle>[A-Za-z0-9_]{1,20}):"
_TIME = (
    r"^[A-Z][a-z]{2} (?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(?P<day>[0-9]{2}) (?P<clock>[0-9]{2}:[0-9]{2}:[0-9]{2}) "
    r"(?P<sign>[+-])(?P<hours>[01][0-9]|2[0-3])(?P<minutes>[0-5][0-9]) (?P<year>[0-9]{4})$"
)
_LOCAL_FORMAT = "%Y %b %d %H:%M:%S"
_NONE = pa.scalar(None, _S)
#: the seconds ``datetime`` can hold; a time beyond goes to ``tweet_time``, which says why
_FIRST = int(datetime(1, 1, 1, tzinfo=UTC).timestamp())
_LAST = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


def read_tweets(
    source: Source, name: str, owner: Owner, sightings: Sightings, editions: Editions
) -> Iterator[Record] | None:
    """The records of the member ``name``, or None when pyarrow cannot read it as the row
    path does."""
    items = ColumnarItems(source, name, SCHEMA)
    if not items.readable():
        return None
    return _records(items, owner, sightings, editions)


def _records(
    items: ColumnarItems, owner: Owner, sightings: Sightings, editions: Editions
) -> Iterator[Record]:
    memo = _Memo(owner)
    for block in items.blocks():
        yield from _block_records(items.label, block, memo, sightings, editions)


def _cells(block: ItemBlock) -> dict[str, pa.Array]:
    """Each cell the rules read, from the ``tweet`` wrapper when there is one."""
    table = block.table
    wrapped = _array(table.column("tweet"))
    inner = pc.is_valid(wrapped)
    return {
        f.name: _array(pc.if_else(inner, pc.struct_field(wrapped, f.name), table.column(f.name)))
        for f in _TWEET
    }


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return pa.concat_arrays(column.chunks) if column.num_chunks else pa.array([], column.type)
    return column


def _block_records(
    label: str,
    block: ItemBlock,
    memo: _Memo,
    sightings: Sightings,
    editions: Editions,
) -> Iterator[Record]:
    c = _cells(block)
    ids = pc.fill_null(c["id_str"], "")
    numeric = pc.match_substring_regex(ids, _ID)
    raw_times = pc.fill_null(c["created_at"], "")
    times = _times(raw_times)
    texts = _texts(c)
    initials = _initial_ids(c, ids)
    never = _never_edited(c, ids)
    kinds = _Kinds(c, texts, memo)
    ids_, initial_, raw_, never_ = (
        ids.to_pylist(),
        initials.to_pylist(),
        raw_times.to_pylist(),
        never.to_pylist(),
    )
    numeric_, bodies = numeric.to_pylist(), texts.to_pylist()
    runs = Runs()
    for row in range(len(block)):
        reason = None if numeric_[row] else "tweet without a numeric id_str"
        at = times[row]
        if reason is None and at is None:
            at, reason = _slow_time(raw_[row])
        if reason is not None:
            yield from runs.cut(Rejected(label, block.line(row), reason))
            continue
        assert at is not None
        now = editions.admit(initial_[row], never_[row])
        kind, contact, others = kinds.of(row)
        if now is False:
            body = bodies[row] or None
            version = Version(ids_[row], initial_[row], at, raw_[row], kind, contact, others, body)
            editions.wait(version)
        elif now:
            runs.add(
                source_key=f"tweet:{initial_[row]}",
                occurred_at=at,
                raw_time=raw_[row],
                kind=kind,
                contact=contact,
                link=status_url(ids_[row]),
                body=bodies[row] or None,
            )
            if kinds.first(row):  # only the first published of its kind may name someone new
                sightings.add(contact)
                named = list(sightings.records(others))
                if named:
                    yield from runs.cut(*named)
    yield from runs.cut()


def _times(raw: pa.Array) -> list[datetime | None]:
    """``tweet_time`` of each cell in X's own form; None for the rest, which ``_slow_time``
    reads (or rejects) as the row path does.

    The local time is parsed without the weekday (which the row path does not check either)
    and printed back: a day that does not exist (``Feb 30``) or second 60 does not survive
    the round trip and goes to ``_slow_time``; the offset is then taken off.
    """
    parts = pc.extract_regex(raw, _TIME)
    local = pc.binary_join_element_wise(
        *(pc.struct_field(parts, name) for name in ("year", "month", "day", "clock")), " "
    )
    parsed = pc.strptime(local, format=_LOCAL_FORMAT, unit="s", error_is_null=True)
    exact = pc.equal(pc.strftime(parsed, format=_LOCAL_FORMAT), local)
    exact = pc.and_(exact, pc.invert(pc.starts_with(local, "0000")))
    hours, minutes = (
        pc.cast(pc.struct_field(parts, name), pa.int64()) for name in ("hours", "minutes")
    )
    offset = pc.add(pc.multiply(hours, 3600), pc.multiply(minutes, 60))
    offset = pc.if_else(pc.equal(pc.struct_field(parts, "sign"), "-"), pc.negate(offset), offset)
    utc = pc.subtract(pc.cast(parsed, pa.int64()), offset)
    utc = pc.if_else(pc.fill_null(exact, False), utc, pa.scalar(None, pa.int64()))
    at = datetime.fromtimestamp
    return [
        at(seconds, UTC) if seconds is not None and _FIRST <= seconds <= _LAST else None
        for seconds in utc.to_pylist()
    ]


def _slow_time(raw: str) -> tuple[datetime | None, str | None]:
    try:
        return tweet_time(raw), None
    except ValueError:
        return None, f"unreadable created_at {raw!r}"


def _texts(c: dict[str, pa.Array]) -> pa.Array:
    """``html.unescape(full_text or text or "")``, unescaping only the cells with ``&``."""
    full = c["full_text"]
    text = pc.if_else(pc.fill_null(pc.not_equal(full, ""), False), full, c["text"])
    text = pc.fill_null(text, "")
    entities = pc.match_substring(text, "&")
    if pc.any(entities).as_py():
        found = distinct(text.filter(entities))
        unescaped = [html.unescape(cell) for (cell,) in found.values]
        text = pc.replace_with_mask(text, entities, found.take(unescaped, _S))
    return text


def _initial_ids(c: dict[str, pa.Array], ids: pa.Array) -> pa.Array:
    """``tweets.initial_id``: the edit's ``initialTweetId`` when numeric, else the own id."""
    edit = pc.struct_field(c["edit_info"], "edit")
    initial = pc.fill_null(pc.struct_field(edit, "initialTweetId"), "")
    return pc.if_else(pc.match_substring_regex(initial, _ID), initial, ids)


def _never_edited(c: dict[str, pa.Array], ids: pa.Array) -> pa.Array:
    """``tweets.never_edited``: no ``edit_info``, or ``editTweetIds`` that is the own id alone."""
    listed = pc.struct_field(pc.struct_field(c["edit_info"], "initial"), "editTweetIds")
    single = pc.fill_null(pc.equal(pc.list_value_length(listed), 1), False)
    first = pc.list_element(pc.if_else(single, listed, pa.scalar([""], listed.type)), 0)
    alone = pc.and_(single, pc.fill_null(pc.equal(first, ids), False))
    return pc.or_(pc.is_null(c["edit_info"]), alone)


class _Kinds:
    """Each row's kind, contact and other accounts, worked out once per distinct combination
    of the cells they depend on (``_Kinds.of``)."""

    def __init__(self, c: dict[str, pa.Array], texts: pa.Array, memo: _Memo) -> None:
        retweeted = pc.struct_field(pc.extract_regex(texts, _RETWEET), "handle")
        entities = c["entities"]
        mentions = pc.struct_field(entities, "user_mentions")
        urls = pc.struct_field(entities, "urls")
        reply = [
            c["in_reply_to_user_id_str"],
            c["in_reply_to_screen_name"],
            c["in_reply_to_status_id_str"],
        ]
        key = _joined(
            [
                retweeted,
                *reply,
                _list_key(mentions, ["id_str", "screen_name", "name"]),
                _list_key(urls, ["expanded_url"], only="/status/"),
            ]
        )
        groups = distinct(key)
        self._codes: list[int] = groups.codes.to_pylist()
        seen: dict[int, int] = {}
        for row, code in enumerate(self._codes):
            seen.setdefault(code, row)
        firsts = pa.array(list(seen.values()), pa.int64())
        cells: list[list[Any]] = [
            column.take(firsts).to_pylist() for column in (retweeted, *reply, mentions, urls)
        ]
        self._found = [memo.kind(row) for row in zip(*cells, strict=True)]
        self._done: set[int] = set()

    def of(self, row: int) -> tuple[str, ContactRef | None, tuple[ContactRef, ...]]:
        """(kind, contact, others) of row ``row``."""
        return self._found[self._codes[row]]

    def first(self, row: int) -> bool:
        """Is ``row`` the first published row of its combination in this block? Only that
        one can bring ``Sightings`` an account: the later ones name the same accounts."""
        code = self._codes[row]
        if code in self._done:
            return False
        self._done.add(code)
        return True


class _Memo:
    """The row path's rules on one file's cells, each worked out once per distinct input:
    the accounts of mention entries, and the kind and contact of a tweet."""

    def __init__(self, owner: Owner) -> None:
        self.owner = owner
        self._accounts: dict[tuple[str | None, ...], ContactRef | None] = {}
        self._kinds: dict[tuple[Any, ...], tuple[str, ContactRef | None]] = {}

    def kind(self, cells: tuple[Any, ...]) -> tuple[str, ContactRef | None, tuple[ContactRef, ...]]:
        """(kind, contact, others) as ``tweets._read`` finds them, from the retweeted handle,
        the three ``in_reply_to_…`` cells, the mention entries and the URL entries."""
        retweeted, uid, screen_name, status, mentions, urls = cells
        refs = [ref for ref in map(self._mention, mentions or []) if ref is not None]
        key = (retweeted, uid, screen_name, bool(status), *refs)
        if key not in self._kinds:
            self._kinds[key] = classify(
                retweeted,
                reply_uid=uid,
                reply_screen_name=screen_name,
                reply_status=status,
                mentions=refs,
                owner=self.owner,
            )
        kind, contact = self._kinds[key]
        return kind, contact, others_of(refs, quoted_of(urls or []), contact, self.owner)

    def _mention(self, entry: dict[str, str | None] | None) -> ContactRef | None:
        """``tweets.mentions_of`` of one entry."""
        if entry is None:
            return None
        key = (entry["id_str"], entry["screen_name"], entry["name"])
        if key not in self._accounts:
            found = mentions_of([entry])
            self._accounts[key] = found[0] if found else None
        return self._accounts[key]


def _encoded(cell: pa.Array) -> pa.Array:
    """A cell that cannot run into the next one: ``<byte length>:<text>``, null as ``-``."""
    length = pc.cast(pc.binary_length(cell), _S)
    return pc.fill_null(pc.binary_join_element_wise(length, cell, ":"), "-")


def _joined(cells: list[pa.Array]) -> pa.Array:
    return pc.binary_join_element_wise(*(_encoded(cell) for cell in cells), "")


def _list_key(lists: pa.Array, fields: list[str], only: str | None = None) -> pa.Array:
    """Per row, its list of structs as one text; an entry whose first field lacks ``only``
    counts as nothing (the rules find nothing in it)."""
    values = lists.values
    key = _joined([pc.struct_field(values, f) for f in fields])
    key = pc.if_else(pc.is_valid(values), key, "!")  # a null entry
    if only is not None:
        keep = pc.fill_null(pc.match_substring(pc.struct_field(values, fields[0]), only), False)
        key = pc.if_else(keep, key, "")
    return pc.binary_join(pa.ListArray.from_arrays(lists.offsets, key), "")

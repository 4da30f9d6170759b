"""direct-messages.js (and -group.js, ≤ 2020 direct-message.js) read as columns (issue 10):
the records of ``messages._parse_file``.

The ``messageCreate`` cells of every conversation of a block are one set of pyarrow columns;
texts are unescaped (``html.unescape``) only in the cells that hold ``&``, each distinct text
once, and each counterpart becomes a ``ContactRef`` once. Who an outgoing message goes to is
worked out once per conversation: from the ``conversationId`` of a 1:1 one, and for a group,
whose rule reads every event (``messages.thread_contact``), from the element decoded whole,
only when the owner wrote in it. Dates go through the row path's ``message_time``.

Order is the row path's: one ``ActivityBatch`` per run of messages between two rejected
ones, each ``Rejected`` where its message stands, the note on messages to oneself last.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import datetime

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type hints
import pyarrow.compute as pc  # type: ignore[import-untyped]

from ascent.domain.records import ContactRef, Note, Record, Rejected
from ascent.importers.linkedin.columnar import distinct
from ascent.importers.source import Source
from ascent.importers.x.columns import ColumnarItems, ItemBlock
from ascent.importers.x.contacts import account_ref
from ascent.importers.x.messages import MESSAGE, thread_contact
from ascent.importers.x.owner import Owner
from ascent.importers.x.runs import Runs
from ascent.importers.x.times import message_time
from ascent.importers.x.wrapper import unwrap

_S = pa.string()
_MESSAGE = pa.struct(
    [("id", _S), ("senderId", _S), ("recipientId", _S), ("createdAt", _S), ("text", _S)]
)
_CONVERSATION = pa.struct(
    [("conversationId", _S), ("messages", pa.list_(pa.struct([(MESSAGE, _MESSAGE)])))]
)
#: a conversation is ``{"dmConversation": {…}}``; a bare one is read as the row path reads it
SCHEMA = pa.schema([("dmConversation", _CONVERSATION), *((f.name, f.type) for f in _CONVERSATION)])
_ID = r"^[0-9]{1,20}$"


def read_messages(
    source: Source, name: str, owner: Owner, seen: set[str]
) -> Iterator[Record] | None:
    """The records of the member ``name``, or None when pyarrow cannot read it as the row
    path does."""
    items = ColumnarItems(source, name, SCHEMA)
    if not items.readable():
        return None
    return _records(items, owner, seen)


def _records(items: ColumnarItems, owner: Owner, seen: set[str]) -> Iterator[Record]:
    to_self = [0]
    for block in items.blocks():
        yield from _Block(items.label, block, owner).records(seen, to_self)
    if to_self[0]:
        yield Note(items.label, f"skipped {to_self[0]} messages to yourself")


def _array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return pa.concat_arrays(column.chunks) if column.num_chunks else pa.array([], column.type)
    return column


class _Block:
    """One block of conversations, its messages flattened in the row path's order."""

    def __init__(self, label: str, block: ItemBlock, owner: Owner) -> None:
        self.label, self.block, self.owner = label, block, owner
        wrapped = _array(block.table.column("dmConversation"))
        inner = pc.is_valid(wrapped)
        cells = {
            f.name: _array(
                pc.if_else(inner, pc.struct_field(wrapped, f.name), block.table.column(f.name))
            )
            for f in _CONVERSATION
        }
        self.conversation_ids: list[str | None] = cells["conversationId"].to_pylist()
        listed = cells["messages"]
        parents = pc.list_parent_indices(listed)
        created = pc.struct_field(pc.list_flatten(listed), MESSAGE)
        kept = pc.is_valid(created)
        self.parents: list[int] = parents.filter(kept).to_pylist()
        m = created.filter(kept)
        ids = pc.fill_null(pc.struct_field(m, "id"), "")
        self.ids: list[str] = ids.to_pylist()
        self.numeric: list[bool] = pc.match_substring_regex(ids, _ID).to_pylist()
        self.senders: list[str] = pc.fill_null(pc.struct_field(m, "senderId"), "").to_pylist()
        self.recipients: list[str] = pc.fill_null(pc.struct_field(m, "recipientId"), "").to_pylist()
        self.raw_times: list[str] = pc.fill_null(pc.struct_field(m, "createdAt"), "").to_pylist()
        self.bodies: list[str] = _bodies(pc.fill_null(pc.struct_field(m, "text"), "")).to_pylist()
        self._threads: dict[int, str | None] = {}

    def records(self, seen: set[str], to_self: list[int]) -> Iterator[Record]:
        runs, refs, me = Runs(), dict[str, ContactRef | None](), self.owner.account_id
        for i, parent in enumerate(self.parents):
            reason, at = self._reason(i)
            if reason is not None:
                yield from runs.cut(Rejected(self.label, self.block.line(parent), reason))
                continue
            sender = self.senders[i]
            outgoing = sender == me
            other = (self._thread(parent) or self.recipients[i]) if outgoing else sender
            if not other or other == me:
                to_self[0] += 1
                continue
            key = f"dm:{self.ids[i]}"
            if key in seen:  # a conversation repeated across parts
                continue
            seen.add(key)
            if other not in refs:
                refs[other] = account_ref(other)
            assert at is not None
            runs.add(
                source_key=key,
                occurred_at=at,
                raw_time=self.raw_times[i],
                kind="message_out" if outgoing else "message_in",
                contact=refs[other],
                link=None,
                body=self.bodies[i] or None,
            )
        yield from runs.cut()

    def _reason(self, i: int) -> tuple[str | None, datetime | None]:
        """Why message ``i`` is rejected (``messages._record``'s reasons), else its time."""
        message_id = self.ids[i]
        if not (self.numeric[i] and self.senders[i]):
            return f"message without id or senderId ({message_id or '?'})", None
        raw = self.raw_times[i]
        try:
            return None, message_time(raw)
        except ValueError:
            return f"unreadable createdAt {raw!r} in message {message_id}", None

    def _thread(self, row: int) -> str | None:
        """``messages.thread_contact`` of conversation ``row``, worked out once."""
        if row not in self._threads:
            conversation_id = self.conversation_ids[row] or ""
            if "-" in conversation_id:
                me = self.owner.account_id
                others = [p for p in conversation_id.split("-") if p and p != me]
                self._threads[row] = others[0] if others else None
            else:
                element = json.loads(self.block.element(row))
                self._threads[row] = thread_contact(unwrap(element, "dmConversation"), self.owner)
        return self._threads[row]


def _bodies(texts: pa.Array) -> pa.Array:
    """``html.unescape(text)``, only in the cells that hold ``&``, each distinct text once."""
    entities = pc.match_substring(texts, "&")
    if not pc.any(entities).as_py():
        return texts
    found = distinct(texts.filter(entities))
    unescaped = [html.unescape(cell) for (cell,) in found.values]
    return pc.replace_with_mask(texts, entities, found.take(unescaped, _S))

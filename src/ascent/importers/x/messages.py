"""direct-messages.js (direct-message.js ≤ 2020) and direct-messages-group.js (FORMATS §2.4).

``messageCreate`` items are messages: ``message_out`` when the owner sent them, else
``message_in``. The other items of a conversation (``joinConversation``,
``participantsJoin``, ``participantsLeave``, ``conversationNameUpdate``) are membership
events, not messages. Counterparts carry only an account id: DMs give no handle or name.

- 1:1 (``conversationId`` ``<a>-<b>``): the counterpart is the id that is not the owner's.
- group (a single number): an incoming message's counterpart is its sender; an outgoing one
  has many recipients, so one person stands for the thread, as for LinkedIn groups: the first
  other participant to write in it, else the first other in its participant lists. That
  choice does not move when a later export adds messages.

Reactions inside messages are not activities. The key is ``dm:<message id>``.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from ascent.domain.records import ActivityRecord, Note, Record, Rejected, is_question
from ascent.importers.read_path import chosen_path
from ascent.importers.source import Source
from ascent.importers.x.contacts import account_ref, is_numeric_id
from ascent.importers.x.owner import Owner
from ascent.importers.x.times import message_time
from ascent.importers.x.wrapper import read_items, unwrap

CHANNEL = "x"
MESSAGE = "messageCreate"


def parse_messages(source: Source, names: Iterable[str], owner: Owner) -> Iterator[Record]:
    """Each file by the path ``read_path.chosen_path`` picks (a large one as columns,
    ``messages_columns``); a message repeated across parts counts once either way."""
    seen: set[str] = set()
    for name in names:
        if owner.account_id is None:
            yield _unowned(source, name)
            continue
        records = None
        if chosen_path(source, name) == "columns":
            columns = importlib.import_module(f"{__package__}.messages_columns")
            records = columns.read_messages(source, name, owner, seen)
        yield from _parse_file(source, name, owner, seen) if records is None else records


def _parse_file(source: Source, name: str, owner: Owner, seen: set[str]) -> Iterator[Record]:
    label, to_self = source.label(name), 0
    for line, item in read_items(source, name):
        conversation = unwrap(item, "dmConversation")
        if not isinstance(conversation, dict):
            yield Rejected(label, line, "not a dmConversation object")
            continue
        thread = thread_contact(conversation, owner)
        for message in _messages(conversation):
            record = _record(message, owner, thread, label, line)
            if record is None:
                to_self += 1
                continue
            if isinstance(record, ActivityRecord):
                if record.source_key in seen:  # a conversation repeated across parts
                    continue
                seen.add(record.source_key)
            yield record
    if to_self:
        yield Note(label, f"skipped {to_self} messages to yourself")


def _record(
    message: dict[str, Any], owner: Owner, thread: str | None, label: str, line: int
) -> Record | None:
    """The activity, a Rejected row, or None for a message to oneself."""
    message_id, sender = str(message.get("id") or ""), str(message.get("senderId") or "")
    if not (is_numeric_id(message_id) and sender):
        return Rejected(label, line, f"message without id or senderId ({message_id or '?'})")
    raw = str(message.get("createdAt") or "")
    try:
        at = message_time(raw)
    except ValueError:
        return Rejected(label, line, f"unreadable createdAt {raw!r} in message {message_id}")
    outgoing = sender == owner.account_id
    other = (thread or str(message.get("recipientId") or "")) if outgoing else sender
    if not other or other == owner.account_id:
        return None
    body = html.unescape(str(message.get("text") or "")) or None
    return ActivityRecord(
        source_key=f"dm:{message_id}",
        occurred_at=at,
        raw_time=raw,
        channel=CHANNEL,
        kind="message_out" if outgoing else "message_in",
        contact=account_ref(other),
        body=body,
        is_question=is_question(body),
    )


def _messages(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    return [e[MESSAGE] for e in _items(conversation) if isinstance(e.get(MESSAGE), dict)]


def _items(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    items = conversation.get("messages")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def thread_contact(conversation: dict[str, Any], owner: Owner) -> str | None:
    """Who an outgoing message of this conversation goes to (see the module docstring)."""
    conversation_id = str(conversation.get("conversationId") or "")
    if "-" in conversation_id:
        others = [p for p in conversation_id.split("-") if p and p != owner.account_id]
        return others[0] if others else None
    events = [e for i in _items(conversation) for e in i.values() if isinstance(e, dict)]
    events.sort(key=lambda e: str(e.get("createdAt") or ""))
    senders = [str(e.get("senderId") or "") for e in events]
    listed = [str(u) for e in events for u in _participants(e)]
    return next((u for u in senders + listed if u and u != owner.account_id), None)


def _participants(event: dict[str, Any]) -> list[Any]:
    for key in ("participantsSnapshot", "userIds"):
        if isinstance(event.get(key), list):
            return list(event[key])
    return []


def _unowned(source: Source, name: str) -> Note:
    count = sum(
        len(_messages(unwrap(item, "dmConversation")))
        for _line, item in read_items(source, name)
        if isinstance(unwrap(item, "dmConversation"), dict)
    )
    return Note(
        source.label(name),
        f"{count} direct messages not imported: the archive does not say whose it is "
        "(no account.js or manifest.js)",
    )

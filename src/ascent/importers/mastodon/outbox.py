"""outbox.json: what the owner wrote and boosted, oldest first (FORMATS §3).

| item | becomes |
|---|---|
| ``Create`` of a Note or Question (poll), not a reply | ``post`` |
| the same, replying to the owner's own status (a thread) | ``post`` |
| the same, replying to someone else | ``comment``; contact = the author of ``inReplyTo`` |
| the same, addressed only to mentioned actors (direct) | ``message_out`` to the first one |
| ``Announce`` (a boost; ``object`` is the boosted status's URI) | ``share``; contact = its author |

Every other mentioned account becomes a ``ContactRecord``. The key is the activity ``id``
(a URI, stable across re-exports); ``totalItems`` is never used. JSON has no useful line
numbers (the file is one line), so a rejected item's "line" is its position in the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from ascent.domain.records import ActivityRecord, ContactRef, Note, Record, Rejected, is_question
from ascent.importers.mastodon.accounts import (
    Contacts,
    actor_ref,
    as_list,
    mention_ref,
    same_account,
)
from ascent.importers.mastodon.audience import PUBLIC, recipients, visibility
from ascent.importers.mastodon.content import body_of, content_text
from ascent.importers.mastodon.owner import Owner

STATUS_TYPES = frozenset({"Note", "Question"})
_NOBODY = "direct statuses addressed to nobody (notes to self)"

#: activity id, raw ``published``, the time it means
_Stamp = tuple[str, str, datetime]


def parse_time(raw: str) -> datetime:
    """``2022-11-08T03:07:14Z`` (milliseconds allowed) in UTC; no zone given means UTC."""
    at = datetime.fromisoformat(raw.strip())
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)


def learn_actors(items: Iterable[Any], owner: Owner, contacts: Contacts) -> None:
    """Every actor the outbox names (mention tags, ``to``/``cc``, ``attributedTo``), read
    before the items are: a reply early in the file then finds an actor mentioned later."""
    for item in items:
        note = item.get("object") if isinstance(item, dict) else None
        note = note if isinstance(note, dict) else {}
        for mention in (mention_ref(tag) for tag in as_list(note.get("tag"))):
            if mention is not None and not owner.is_owner(mention):
                contacts.mentioned(mention)
        for ref in _addressed(item, note, owner):
            contacts.addressed(ref)


def _addressed(item: Any, note: dict[str, Any], owner: Owner) -> list[ContactRef]:
    """The actors an item is addressed to or attributed to, but the owner and collections."""
    if not isinstance(item, dict):
        return []
    urls = [*as_list(item.get("to")), *as_list(item.get("cc")), note.get("attributedTo")]
    refs = (actor_ref(u) for u in urls if u not in PUBLIC and u != owner.followers)
    return [r for r in refs if r is not None and not owner.is_owner(r)]


def parse_outbox(
    label: str, items: Iterable[Any], owner: Owner, contacts: Contacts
) -> Iterator[Record]:
    outbox = _Outbox(label, owner, contacts)
    for number, item in enumerate(items, 1):
        yield from outbox.item(number, item)
    if outbox.skipped:
        counts = ", ".join(f"{n} {what}" for what, n in outbox.skipped.items())
        yield Note(label, f"skipped {counts}")


class _Outbox:
    """One outbox being read: where it is, whose it is, what was skipped."""

    def __init__(self, label: str, owner: Owner, contacts: Contacts) -> None:
        self.label, self.owner, self.contacts = label, owner, contacts
        self.skipped: Counter[str] = Counter()

    def item(self, number: int, item: object) -> Iterator[Record]:
        kind = item.get("type") if isinstance(item, dict) else None
        if isinstance(item, dict) and kind == "Announce":
            yield from self._announce(number, item)
        elif isinstance(item, dict) and kind == "Create" and _is_status(item.get("object")):
            yield from self._create(number, item)
        else:
            self.skipped[f"items that are neither a status nor a boost ({kind or 'no type'})"] += 1

    def _stamp(self, number: int, item: dict[str, Any]) -> _Stamp | Rejected:
        key, raw = item.get("id"), item.get("published")
        if not isinstance(key, str) or not key.strip():
            return Rejected(self.label, number, "item without an id")
        if not isinstance(raw, str):
            return Rejected(self.label, number, f"no published date ({key})")
        try:
            return key.strip(), raw, parse_time(raw)
        except ValueError:
            return Rejected(self.label, number, f"unreadable published {raw!r} ({key})")

    def _create(self, number: int, item: dict[str, Any]) -> Iterator[Record]:
        stamp = self._stamp(number, item)
        if isinstance(stamp, Rejected):
            yield stamp
            return
        note: dict[str, Any] = item["object"]
        found = (mention_ref(tag) for tag in as_list(note.get("tag")))
        mentions = [m for m in found if m is not None and not self.owner.is_owner(m)]
        for mention in mentions:
            self.contacts.mentioned(mention)
        kind, contact = _kind_and_contact(item, note, self.owner, mentions, self.contacts)
        if kind is None:
            self.skipped[_NOBODY] += 1
            return
        yield _activity(stamp, kind, contact, note)
        for mention in mentions:
            if contact is None or not same_account(mention, contact):
                yield from self.contacts.new(mention)

    def _announce(self, number: int, item: dict[str, Any]) -> Iterator[Record]:
        stamp = self._stamp(number, item)
        if isinstance(stamp, Rejected):
            yield stamp
            return
        boosted = item.get("object")
        uri = boosted.get("id") if isinstance(boosted, dict) else boosted
        if not isinstance(uri, str) or not uri.strip():
            yield Rejected(self.label, number, f"boost without the boosted status ({stamp[0]})")
            return
        addressed = _addressed(item, {}, self.owner)
        attributed = boosted.get("attributedTo") if isinstance(boosted, dict) else None
        known = self.contacts.best(actor_ref(attributed)) if attributed else None
        author = None if self.owner.wrote(uri) else known or self.contacts.author(uri, addressed)
        yield _activity(stamp, "share", author, None, link=uri.strip())


def _is_status(value: object) -> bool:
    return isinstance(value, dict) and value.get("type") in STATUS_TYPES


def _kind_and_contact(
    item: dict[str, Any],
    note: dict[str, Any],
    owner: Owner,
    mentions: list[ContactRef],
    contacts: Contacts,
) -> tuple[str | None, ContactRef | None]:
    """What the status is, and to whom; (None, None) for a direct status to nobody."""
    if visibility(item, note, owner) == "direct":
        targets = mentions or recipients(item, note, owner)
        return ("message_out", contacts.best(targets[0])) if targets else (None, None)
    reply_to = note.get("inReplyTo")
    if isinstance(reply_to, dict):  # some servers embed the object replied to
        attributed = contacts.best(actor_ref(reply_to.get("attributedTo")))
        if attributed is not None:
            return ("post", None) if owner.is_owner(attributed) else ("comment", attributed)
        reply_to = reply_to.get("id")
    if not reply_to or owner.wrote(reply_to):
        return "post", None
    return "comment", contacts.author(reply_to, mentions)


def _activity(
    stamp: _Stamp,
    kind: str,
    contact: ContactRef | None,
    note: dict[str, Any] | None,
    *,
    link: str | None = None,
) -> Record:
    """The activity of a status (``note``), or of a boost (no note: only its ``link``)."""
    key, raw, at = stamp
    if note is not None:
        url = note.get("url")
        found = url if isinstance(url, str) else note.get("id")
        link = found if isinstance(found, str) else None
    return ActivityRecord(
        source_key=key,
        occurred_at=at,
        raw_time=raw,
        channel="mastodon",
        kind=kind,
        contact=contact,
        link=link,
        body=body_of(note) if note is not None else None,
        is_question=note is not None
        and (note.get("type") == "Question" or is_question(content_text(note))),
    )

"""likes.json: the statuses the owner favourited, as bare URIs (FORMATS §3).

The archive gives neither a date nor an author for a like, so likes are not activities
(nothing is placed on a day it did not happen). What can be kept is who was liked: the
author read off each URI becomes a ``ContactRecord``, and a ``Note`` says how many likes
there were and why they are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ascent.domain.records import ContactRef, Note, Record
from ascent.importers.mastodon.accounts import Contacts
from ascent.importers.mastodon.owner import Owner


def parse_likes(
    label: str, items: Iterable[Any], owner: Owner | None, contacts: Contacts
) -> Iterator[Record]:
    total = unreadable = own = 0
    distinct: dict[ContactRef, None] = {}
    for uri in items:
        total += 1
        author = contacts.author(uri)
        if author is None:
            unreadable += 1
        elif owner is not None and owner.is_owner(author):
            own += 1
        elif author not in distinct:
            distinct[author] = None
            yield from contacts.new(author)
    yield Note(label, _message(total, list(distinct), unreadable, own))


def _message(total: int, distinct: list[ContactRef], unreadable: int, own: int) -> str:
    text = (
        f"{total} likes not imported as activities: the archive gives no date for a like; "
        f"{len(distinct)} liked authors kept as contacts"
    )
    extra = [f"{unreadable} without a readable author"] if unreadable else []
    extra += [f"{own} of the owner's own statuses"] if own else []
    return f"{text} ({', '.join(extra)})" if extra else text

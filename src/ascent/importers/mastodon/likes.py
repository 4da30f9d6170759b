"""likes.json: the statuses the owner favourited, as bare URIs (FORMATS §3).

The archive gives neither a date nor an author for a like, so likes are not activities
(nothing is placed on a day it did not happen). What can be kept is who was liked: the
author read off each URI becomes a ``ContactRecord``, and a ``Note`` says how many likes
there were and why they are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ascent.domain.records import ContactRef, Note, Record
from ascent.importers.mastodon.accounts import Contacts, status_author
from ascent.importers.mastodon.owner import Owner


def parse_likes(
    label: str, items: list[Any], owner: Owner | None, contacts: Contacts
) -> Iterator[Record]:
    authors = [contacts.best(status_author(uri)) for uri in items]
    own = sum(1 for a in authors if owner is not None and owner.is_owner(a))
    liked = [a for a in authors if a is not None and not (owner and owner.is_owner(a))]
    distinct = list(dict.fromkeys(liked))
    for author in distinct:
        yield from contacts.new(author)
    yield Note(label, _message(len(items), distinct, authors.count(None), own))


def _message(total: int, distinct: list[ContactRef], unreadable: int, own: int) -> str:
    text = (
        f"{total} likes not imported as activities: the archive gives no date for a like; "
        f"{len(distinct)} liked authors kept as contacts"
    )
    extra = [f"{unreadable} without a readable author"] if unreadable else []
    extra += [f"{own} of the owner's own statuses"] if own else []
    return f"{text} ({', '.join(extra)})" if extra else text

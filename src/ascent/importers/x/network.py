"""following.js, follower.js and like.js: what the archive knows without a date (FORMATS §2.4).

None of them is an activity: a follow has no date, no handle and no name, only an account id;
a like has no date and no author. Following and followers become ``ContactRecord`` s (an id
that later meets a reply, a mention or a DM resolves to the same contact), and each file gets
one ``Note`` saying how many it held and why they are not on any day. Likes give only the note.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ascent.domain.records import ContactRecord, Note, Record, Rejected
from ascent.importers.source import Source
from ascent.importers.x.contacts import Sightings, account_ref
from ascent.importers.x.wrapper import read_items, unwrap

#: element wrapper key → what the note calls its entries
FOLLOWS = {"following": "followed accounts", "follower": "followers"}


def parse_follows(
    source: Source, names: Iterable[str], key: str, sightings: Sightings
) -> Iterator[Record]:
    """``key`` is ``following`` or ``follower``: the wrapper of each element."""
    for name in names:
        label, count = source.label(name), 0
        for line, item in read_items(source, name):
            entry = unwrap(item, key)
            ref = account_ref(entry.get("accountId")) if isinstance(entry, dict) else None
            if ref is None:
                yield Rejected(label, line, f"{key} entry without a numeric accountId")
                continue
            count += 1
            if sightings.add(ref):
                yield ContactRecord(ref)
        if count:
            yield Note(
                label,
                f"{count} {FOLLOWS[key]} not placed on any day: the archive "
                "gives no follow dates (and no handles or names)",
            )


def parse_likes(source: Source, names: Iterable[str]) -> Iterator[Record]:
    for name in names:
        count = sum(1 for _ in read_items(source, name))
        if count:
            yield Note(
                source.label(name),
                f"{count} likes not placed on any day: the archive "
                "gives a like no date and no author",
            )

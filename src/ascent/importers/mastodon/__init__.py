"""Mastodon account archives (FORMATS §3): a ZIP (4.2.0 on), a tar.gz (before) or a folder.

``MASTODON`` is the importer object (the ``ascent.importers`` entry point). It reads
``actor.json`` (the owner, yielded first), ``outbox.json`` (posts, replies, direct messages,
boosts), ``likes.json`` (undated: contacts and a note) and the separate
``following_accounts.csv`` export, alone or beside the archive. ``bookmarks.json`` is a
private reading list and is not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Record
from ascent.errors import InputError
from ascent.importers.mastodon.accounts import Contacts
from ascent.importers.mastodon.archive import (
    ACTOR,
    OUTBOX,
    Archive,
    looks_activitypub,
    read_archive,
)
from ascent.importers.mastodon.following import following_members, parse_following
from ascent.importers.mastodon.likes import parse_likes
from ascent.importers.mastodon.outbox import learn_actors, parse_outbox
from ascent.importers.mastodon.owner import find_owner
from ascent.importers.source import Source


class MastodonImporter:
    """The ``Importer`` for Mastodon archives; a pure parser, it never writes."""

    name = "mastodon"
    channel = "mastodon"

    def detect(self, source: Source) -> bool:
        members = source.find(OUTBOX, ACTOR)
        if any(looks_activitypub(source, name) for name in members):
            return True
        return bool(following_members(source))

    def parse(self, source: Source) -> Iterator[Record]:
        archive = read_archive(source)
        try:
            yield from _records(source, archive)
        finally:
            archive.close()


def _records(source: Source, archive: Archive) -> Iterator[Record]:
    owner = find_owner(archive)
    if owner is not None:
        yield owner.record
    contacts = Contacts()
    for outbox in archive.outboxes:
        if owner is None:
            if next(outbox.items(), None) is not None:
                raise InputError(outbox.label, "no actor.json and no item names its actor")
            continue
        learn_actors(outbox.items(), owner, contacts)
        yield from parse_outbox(outbox.label, outbox.items(), owner, contacts)
    for likes in archive.likes:
        yield from parse_likes(likes.label, likes.items(), owner, contacts)
    for name in following_members(source):
        yield from parse_following(source, name, contacts)


MASTODON = MastodonImporter()

__all__ = ["MASTODON", "MastodonImporter"]

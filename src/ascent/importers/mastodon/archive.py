"""The JSON files of an account archive, read once, in the order the archive holds them.

A ``.tar.gz`` (Mastodon before 4.2) can only be read forwards cheaply; going back means
decompressing from the start again, through every media file. So every JSON file the
importer needs is copied out in one forward pass (to a temporary file past a few megabytes)
and then read as a stream (``JsonStream``): a gigabyte outbox takes tens of megabytes of
memory. A file that is not JSON, or not the shape ActivityPub gives it, or hostile (nested
thousands deep, a number too long) stops the import with one line naming it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from ascent.errors import InputError
from ascent.importers.jsonstream import JsonStream
from ascent.importers.source import Source

OUTBOX, ACTOR, LIKES = "outbox.json", "actor.json", "likes.json"
#: a few bytes of any ActivityPub document the archive writes (compact JSON, context first)
_MARKERS = (b'"@context"', b'"OrderedCollection"')
_PEEK_BYTES = 4096
#: a collection this small stays in memory; a larger one is spooled to a temporary file
_SPOOL_BYTES = 8 * 1024 * 1024


@dataclass
class Collection:
    """One outbox or likes file, copied out of the archive in the forward pass."""

    name: str
    label: str
    data: IO[bytes]
    max_value_chars: int

    def items(self) -> Iterator[Any]:
        """Each of ``orderedItems``, read as a stream; ``totalItems`` is not trusted (it lies)."""
        self.data.seek(0)
        stream = JsonStream(self.data, self.label, self.max_value_chars)
        if stream.peek() != "{":
            raise InputError(self.label, "not an ActivityPub collection (no orderedItems)")
        stream.pos += 1
        found = False
        while stream.peek() not in ("}", ""):
            key = stream.value()
            stream.expect(":", "':' after a key")
            if key == "orderedItems" and stream.peek() == "[":
                found = True
                yield from (item for _line, item in stream.array_items())
            else:
                stream.value()
            if stream.peek() == ",":
                stream.pos += 1
        stream.expect("}", "the end of the collection")
        stream.expect_end()
        if not found:
            raise InputError(self.label, "not an ActivityPub collection (no orderedItems)")


@dataclass
class Archive:
    outboxes: list[Collection] = field(default_factory=list)
    likes: list[Collection] = field(default_factory=list)
    actor: tuple[str, dict[str, Any]] | None = None

    def close(self) -> None:
        for collection in self.outboxes + self.likes:
            collection.data.close()


def read_archive(source: Source) -> Archive:
    """Every outbox, likes and (the first) actor file of ``source``, in one forward pass."""
    archive = Archive()
    try:
        for name in source.find(OUTBOX, LIKES, ACTOR):
            base = PurePosixPath(name).name.lower()
            if base == ACTOR:
                if archive.actor is None:
                    archive.actor = (name, read_actor(source, name))
                continue
            target = archive.outboxes if base == OUTBOX else archive.likes
            target.append(_copy(source, name))
    except BaseException:
        archive.close()
        raise
    return archive


def _copy(source: Source, name: str) -> Collection:
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - Archive.close
    try:
        with source.open_binary(name) as fh:
            shutil.copyfileobj(fh, spool)
    except BaseException:  # a member refused or broken while read: the spool goes with it
        spool.close()
        raise
    limit = source.limits.whole_read_bytes // 4
    return Collection(name, source.label(name), spool, limit)


def looks_activitypub(source: Source, name: str) -> bool:
    """Cheap detection: the first bytes of an archive's JSON name its context or type.

    A member we cannot even read still counts: the import then says what is wrong with it.
    """
    try:
        with source.open_binary(name) as fh:
            head = fh.read(_PEEK_BYTES)
    except InputError:
        return True
    return any(marker in head for marker in _MARKERS)


def read_actor(source: Source, name: str) -> dict[str, Any]:
    with source.open_binary(name) as fh:
        stream = JsonStream(fh, source.label(name), source.limits.whole_read_bytes // 4)
        document = stream.value()
        stream.expect_end()
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise InputError(source.label(name), "not an ActivityPub actor (no id)")
    return document

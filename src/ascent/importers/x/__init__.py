"""X / Twitter "Download an archive of your data" (FORMATS §2), one module per data kind.

``X_ARCHIVE`` is the importer object (the ``ascent.importers`` entry point). It reads a ZIP,
an unpacked folder (with or without the ``twitter-…/`` top folder) or a single data file, of
either generation: ≤ 2020 flat ``tweet.js`` with bare tweet objects, 2020+ ``data/tweets.js``
with ``{"tweet": …}`` elements and a ``manifest.js`` listing every part. It streams the owner
first, then tweets, direct messages, follows and the note on likes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Record
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.x.contacts import Sightings
from ascent.importers.x.layout import (
    COMMUNITY_TWEETS,
    FOLLOWERS,
    FOLLOWING,
    GROUP_MESSAGES,
    LIKES,
    MESSAGES,
    TWEETS,
    Layout,
)
from ascent.importers.x.messages import parse_messages
from ascent.importers.x.network import parse_follows, parse_likes
from ascent.importers.x.owner import detect_owner
from ascent.importers.x.tweets import parse_tweets

#: any one of these (by base name, any case) may mark an X archive; its first bytes decide
KNOWN_FILES = (
    "manifest.js",
    "tweets.js",
    "tweet.js",
    "account.js",
    "direct-messages.js",
    "direct-message.js",
)
#: how a data file or the manifest starts; nothing else is read to detect the format
SIGNATURES = (b"window.YTD.", b"window.__THAR_CONFIG")
HEAD_BYTES = 256
_LEADING = b"\xef\xbb\xbf \t\r\n"


class XArchiveImporter:
    """The ``Importer`` for X archives; a pure parser, it never writes."""

    name = "x"
    channel = "x"

    def detect(self, source: Source) -> bool:
        return any(_head(source, n).startswith(SIGNATURES) for n in source.find(*KNOWN_FILES)[:4])

    def parse(self, source: Source) -> Iterator[Record]:
        layout = Layout.of(source)
        owner = detect_owner(source, layout)
        tweets = layout.files(TWEETS) + layout.files(COMMUNITY_TWEETS)
        messages = layout.files(MESSAGES) + layout.files(GROUP_MESSAGES)
        following, followers = layout.files(FOLLOWING), layout.files(FOLLOWERS)
        likes = layout.files(LIKES)
        if owner.record is not None:
            yield owner.record
        yield from layout.notes  # parts the manifest lists but the archive lacks
        sightings = Sightings()
        yield from parse_tweets(source, tweets, owner, sightings)
        yield from parse_messages(source, messages, owner)
        yield from parse_follows(source, following, "following", sightings)
        yield from parse_follows(source, followers, "follower", sightings)
        yield from parse_likes(source, likes)


def _head(source: Source, name: str) -> bytes:
    """The first bytes of a member, without a BOM or leading white space."""
    try:
        with source.open_binary(name) as fh:
            return fh.read(HEAD_BYTES).lstrip(_LEADING)
    except (InputError, OSError):
        return b""


X_ARCHIVE = XArchiveImporter()

__all__ = ["KNOWN_FILES", "X_ARCHIVE", "XArchiveImporter"]

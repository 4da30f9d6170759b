"""LinkedIn "Get a copy of your data" archives (FORMATS §1), one module per file kind.

``LINKEDIN`` is the importer object (the ``ascent.importers`` entry point). It reads a ZIP,
an unpacked folder or a single file, with or without an extra top folder, and streams the
owner first, then every file's activities, rejected rows and notes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Record
from ascent.importers.linkedin.comments import parse_comments
from ascent.importers.linkedin.connections import parse_connections
from ascent.importers.linkedin.invitations import parse_invitations
from ascent.importers.linkedin.messages import parse_messages
from ascent.importers.linkedin.owner import detect_owner
from ascent.importers.linkedin.reactions import parse_reactions
from ascent.importers.linkedin.shares import parse_shares
from ascent.importers.source import Source

#: any one of these (by base name, any case) marks a LinkedIn export
KNOWN_FILES = (
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Shares.csv",
    "Comments.csv",
    "Reactions.csv",
    "Profile.csv",
)


class LinkedInImporter:
    """The ``Importer`` for LinkedIn archives; a pure parser, it never writes."""

    name = "linkedin"
    channel = "linkedin"

    def detect(self, source: Source) -> bool:
        return bool(source.find(*KNOWN_FILES))

    def parse(self, source: Source) -> Iterator[Record]:
        owner = detect_owner(source)
        yield owner.record
        yield from parse_connections(source)
        yield from parse_invitations(source)
        yield from parse_messages(source, owner)
        yield from parse_shares(source)
        yield from parse_comments(source)
        yield from parse_reactions(source)


LINKEDIN = LinkedInImporter()

__all__ = ["KNOWN_FILES", "LINKEDIN", "LinkedInImporter"]

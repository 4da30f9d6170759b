"""The importer contract and the registry built-in and third-party importers share.

An importer is a pure parser: ``detect(source)`` says whether it reads this export and
``parse(source)`` streams domain records (including ``Rejected`` rows with file, line and
reason). It never touches the database; ``ascent.store.loader`` writes what it yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ascent.domain.records import Record
from ascent.importers.source import Source


class Importer(Protocol):
    """One export format."""

    #: short format name shown in reports, e.g. ``linkedin``
    name: str
    #: the channel the format's activities are on
    channel: str

    def detect(self, source: Source) -> bool:
        """True when ``source`` is this format."""
        ...

    def parse(self, source: Source) -> Iterator[Record]:
        """Stream the records of ``source``; raise ``InputError`` for an unreadable file."""
        ...

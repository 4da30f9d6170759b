"""Find the importer for a file: every importer, built-in or not, is an entry point."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ascent.errors import UnknownFormat
from ascent.importers.base import Importer
from ascent.importers.source import Source

GROUP = "ascent.importers"


@cache
def importers() -> tuple[Importer, ...]:
    """Every registered importer, in name order so that detection is deterministic."""
    found = sorted(entry_points(group=GROUP), key=lambda ep: ep.name)
    return tuple(ep.load() for ep in found)


def detect_format(source: Source) -> Importer:
    """The importer that reads ``source``, or ``UnknownFormat`` naming the formats we know."""
    for importer in importers():
        if importer.detect(source):
            return importer
    known = ", ".join(i.name for i in importers())
    target = source.path / source.names()[0] if source.single_file else source.path
    raise UnknownFormat(str(target), f"not a format Ascent knows (known: {known})")


def open_source(path: Path) -> tuple[Source, Importer]:
    source = Source.open(path)
    try:
        return source, detect_format(source)
    except Exception:
        source.close()
        raise

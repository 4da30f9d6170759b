"""Find the importer for a file: every importer, built-in or not, is an entry point."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from ascent.errors import AscentError, InputError, UnknownFormat
from ascent.importers.base import Importer
from ascent.importers.limits import DEFAULT_LIMITS, Limits
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


def open_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Source, Importer]:
    """The export at ``path`` and its importer; any failure is one ``InputError``."""
    try:
        source = Source.open(path, limits)
    except AscentError:
        raise
    except Exception as exc:
        raise unreadable(str(path), exc) from exc
    try:
        return source, detect_format(source)
    except BaseException as exc:
        source.close()
        if isinstance(exc, Exception) and not isinstance(exc, AscentError):
            raise unreadable(str(path), exc) from exc
        raise


def unreadable(label: str, exc: Exception) -> InputError:
    """What a parser or library raised on a hostile file, as the one line a user sees."""
    detail = str(exc) or type(exc).__name__
    return InputError(label, f"unreadable ({type(exc).__name__}: {detail})")

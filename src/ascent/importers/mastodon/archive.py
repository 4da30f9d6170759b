"""The JSON files of an account archive, read once, in the order the archive holds them.

A ``.tar.gz`` (Mastodon before 4.2) can only be read forwards cheaply; going back means
decompressing from the start again, through every media file. So every JSON file the
importer needs is read in one forward pass, and a file that is not JSON, or not the shape
ActivityPub gives it, stops the import with one line naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ascent.errors import InputError
from ascent.importers.source import Source

OUTBOX, ACTOR, LIKES = "outbox.json", "actor.json", "likes.json"
#: a few bytes of any ActivityPub document the archive writes (compact JSON, context first)
_MARKERS = (b'"@context"', b'"OrderedCollection"')
_PEEK_BYTES = 4096

#: (member name, its orderedItems)
Collection = tuple[str, list[Any]]


@dataclass
class Archive:
    outboxes: list[Collection] = field(default_factory=list)
    likes: list[Collection] = field(default_factory=list)
    actor: tuple[str, dict[str, Any]] | None = None


def read_archive(source: Source) -> Archive:
    """Every outbox, likes and (the first) actor file of ``source``."""
    archive = Archive()
    for name in source.find(OUTBOX, LIKES, ACTOR):
        base = PurePosixPath(name).name.lower()
        if base == ACTOR:
            if archive.actor is None:
                archive.actor = (name, read_actor(source, name))
            continue
        target = archive.outboxes if base == OUTBOX else archive.likes
        target.append((name, read_collection(source, name)))
    return archive


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


def read_json(source: Source, name: str) -> Any:
    label = source.label(name)
    try:
        return json.loads(source.read_bytes(name))
    except json.JSONDecodeError as exc:
        raise InputError(label, f"broken JSON ({exc.msg}, column {exc.colno})", exc.lineno) from exc
    except UnicodeDecodeError as exc:
        raise InputError(label, f"not UTF-8 JSON ({exc.reason})") from exc


def read_collection(source: Source, name: str) -> list[Any]:
    """``orderedItems`` of an ``OrderedCollection``; ``totalItems`` is not trusted (it lies)."""
    document = read_json(source, name)
    items = document.get("orderedItems") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InputError(source.label(name), "not an ActivityPub collection (no orderedItems)")
    return items


def read_actor(source: Source, name: str) -> dict[str, Any]:
    document = read_json(source, name)
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise InputError(source.label(name), "not an ActivityPub actor (no id)")
    return document

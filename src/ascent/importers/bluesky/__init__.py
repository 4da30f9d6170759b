"""Bluesky (AT Protocol) repository exports (FORMATS §4): one ``.car`` file.

bsky.app "Export my data" and ``com.atproto.sync.getRepo`` both give a CARv1 file whose root
is the signed commit of the owner's repository. ``BLUESKY`` (the ``ascent.importers`` entry
point) reads it whole (``car``), walks the Merkle Search Tree for the record keys (``mst``)
and turns the lexicon records into ours (``records``, ``posts``). The owner is the commit's
DID, named by their profile's ``displayName``; counterparts are DIDs (``ContactRef.uid``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import Any

from ascent.domain.identities import normalise_profile_url
from ascent.domain.records import OwnerRecord, Record
from ascent.importers.bluesky.car import HEADER_SNIFF_BYTES, Repo, looks_like_car, read_repo
from ascent.importers.bluesky.mst import walk
from ascent.importers.bluesky.records import PROFILE, read_records
from ascent.importers.source import Source

PROFILE_KEY = f"{PROFILE}/self"


class BlueskyImporter:
    """The ``Importer`` for repository CAR files; a pure parser, it never writes."""

    name = "bluesky"
    channel = "bluesky"

    def detect(self, source: Source) -> bool:
        """A single file named ``*.car``, or one whose first bytes are a CARv1 header."""
        if not source.single_file:
            return False
        name = source.names()[0]
        if PurePosixPath(name).suffix.lower() == ".car":
            return True
        with source.open_binary(name) as fh:
            return looks_like_car(fh.read(HEADER_SNIFF_BYTES))

    def parse(self, source: Source) -> Iterator[Record]:
        name = source.names()[0]
        repo = read_repo(source.read_bytes(name), source.label(name))
        entries = list(walk(repo))  # a broken tree fails here, before anything is yielded
        yield owner_record(repo, entries)
        yield from read_records(repo, entries)


def owner_record(repo: Repo, entries: Sequence[tuple[str, Any]]) -> OwnerRecord:
    """The commit's DID as a bsky.app profile URL, named by ``app.bsky.actor.profile/self``."""
    profile = next((record for key, record in entries if key == PROFILE_KEY), None)
    name = profile.get("displayName") if isinstance(profile, dict) else None
    return OwnerRecord(
        name=(name.strip() or None) if isinstance(name, str) else None,
        profile_url=normalise_profile_url(f"https://bsky.app/profile/{repo.did}"),
    )


BLUESKY = BlueskyImporter()

__all__ = ["BLUESKY", "BlueskyImporter"]

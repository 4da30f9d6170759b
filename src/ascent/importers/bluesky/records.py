"""Lexicon records, in MST key order, turned into our records (FORMATS §4 "Record types").

| collection | becomes |
|---|---|
| ``app.bsky.feed.post`` | ``post`` / ``comment`` (see ``posts``) |
| ``app.bsky.feed.like`` | ``reaction`` to the author of ``subject.uri`` |
| ``app.bsky.feed.repost`` | ``share`` of a post by the author of ``subject.uri`` |
| ``app.bsky.graph.follow`` | ``connect`` with ``subject`` (a DID; 2022: ``{did, …}``) |
| ``app.bsky.actor.profile`` | the owner's name (read by the importer, not here) |
| anything else | left out, counted per collection in one note |

A CAR has no lines: a rejected record's "line" is its 1-based position in key order, and the
reason names its ``at://`` URI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ascent.domain.records import ActivityRecord, Note, Record, Rejected
from ascent.importers.bluesky.car import Repo
from ascent.importers.bluesky.posts import read_post
from ascent.importers.bluesky.times import Stamp, record_stamp
from ascent.importers.bluesky.uris import account_ref, authority, record_uri, ref_uri

POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"


def _liked_author(subject: object) -> str | None:
    return authority(ref_uri(subject))


def _followed(subject: object) -> str | None:
    """A follow's DID: a string since launch, ``{did, declarationCid}`` in 2022."""
    did = subject.get("did") if isinstance(subject, dict) else subject
    return did.strip() if isinstance(did, str) and did.strip().startswith("did:") else None


#: collection -> (activity kind, the account its ``subject`` names)
SUBJECT_KINDS: dict[str, tuple[str, Callable[[object], str | None]]] = {
    "app.bsky.feed.like": ("reaction", _liked_author),
    "app.bsky.feed.repost": ("share", _liked_author),
    "app.bsky.graph.follow": ("connect", _followed),
}


@dataclass
class _Tally:
    """What the closing notes report, and the contacts already yielded."""

    left_out: Counter[str] = field(default_factory=Counter)
    clocks: Counter[str] = field(default_factory=Counter)
    known: set[str] = field(default_factory=set)


def read_records(repo: Repo, entries: Sequence[tuple[str, Any]]) -> Iterator[Record]:
    """Every activity, contact and rejected record of the repository, then the notes."""
    tally = _Tally()
    for position, (key, record) in enumerate(entries, start=1):
        collection = key.split("/", 1)[0]
        if collection == POST or collection in SUBJECT_KINDS:
            yield from _read(repo, key, record, position, tally)
        elif collection != PROFILE:
            tally.left_out[collection] += 1
    yield from _notes(repo.label, tally)


def _read(repo: Repo, key: str, record: Any, position: int, tally: _Tally) -> Iterator[Record]:
    """One post, like, repost or follow: dated, or rejected with its URI."""
    collection, rkey = key.split("/", 1)
    uri = record_uri(repo.did, key)
    if not isinstance(record, dict):
        yield Rejected(repo.label, position, f"{uri}: not a record (a {type(record).__name__})")
        return
    stamp = record_stamp(record.get("createdAt"), rkey)
    if stamp is None:
        yield Rejected(
            repo.label,
            position,
            f"{uri}: no date (no readable createdAt and the record key is not a TID)",
        )
        return
    tally.clocks[stamp.clock] += 1
    if collection == POST:
        yield from read_post(uri, record, stamp, repo.did, tally.known)
    else:
        yield _subject_activity(collection, uri, record, stamp, repo=repo, position=position)


def _subject_activity(
    collection: str, uri: str, record: dict[str, Any], stamp: Stamp, *, repo: Repo, position: int
) -> ActivityRecord | Rejected:
    """A like, repost or follow; ``Rejected`` when its subject names no account."""
    kind, subject_account = SUBJECT_KINDS[collection]
    subject = record.get("subject")
    account = subject_account(subject)
    if account is None:
        what = collection.rsplit(".", 1)[1]
        return Rejected(repo.label, position, f"{uri}: {what} without a readable subject")
    return ActivityRecord(
        source_key=uri,
        occurred_at=stamp.at,
        raw_time=stamp.raw,
        channel="bluesky",
        kind=kind,
        contact=account_ref(account, repo.did),
        link=uri if kind == "connect" else ref_uri(subject),
    )


def _notes(label: str, tally: _Tally) -> Iterator[Note]:
    if tally.left_out:
        counts = ", ".join(f"{n} {c}" for c, n in sorted(tally.left_out.items()))
        yield Note(label, f"left out records that are not activities: {counts}")
    if tally.clocks["tid"]:
        yield Note(
            label,
            f"dated {tally.clocks['tid']} records by their record key (TID): no readable createdAt",
        )
    if tally.clocks["future"]:
        yield Note(
            label,
            f"dated {tally.clocks['future']} records by their record key (TID): "
            "createdAt more than a day after it (a client clock ahead)",
        )

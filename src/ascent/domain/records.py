"""What importers yield: our own intermediate records, independent of any export format.

An importer's ``parse`` streams these; the generic loader resolves contacts, deduplicates on
the ``source_digest`` of each ``source_key`` and writes. Every timestamp is timezone-aware
(UTC unless the source says otherwise) and keeps the raw text it was parsed from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from ascent.errors import one_line

#: what the store keeps of a ``source_key``; ``fit_source_key`` shortens a longer one
SOURCE_KEY_CHARS: Final = 700


@dataclass(frozen=True, slots=True)
class ContactRef:
    """Whatever a source tells us about a counterpart; the loader resolves it to one contact.

    ``profile_url`` is normalised (lower case, percent-decoded, no trailing slash);
    ``email`` is lower case. ``handle`` and ``uid`` are qualified by their network so that
    the same letters on two networks never meet (``ascent.domain.identities`` builds them):
    ``handle`` is what a person may change (``x:@jane``, ``mastodon:@jane@example.social``,
    ``bluesky:@jane.bsky.social``), ``uid`` what they cannot (``x:12345``, a Bluesky DID
    ``did:plc:…``, a CRM record ``hubspot:contact:501``). Any field may be missing.
    """

    name: str | None = None
    profile_url: str | None = None
    email: str | None = None
    handle: str | None = None
    company: str | None = None
    position: str | None = None
    uid: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.profile_url or self.email or self.handle or self.uid)


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """One thing the person did or received.

    ``source_key`` is stable across re-exports (conversation id + sender + timestamp, a share
    link, …) and unique per person and channel: it is what deduplication uses, never a row
    number. ``body`` is the text, kept only when the org opts in to storing bodies. ``person``
    is set only by formats whose rows name their person (Ascent CSV); otherwise the import's
    ``--person`` owns the record.
    """

    source_key: str
    occurred_at: datetime
    raw_time: str
    channel: str
    kind: str
    contact: ContactRef | None = None
    account: str | None = None
    link: str | None = None
    body: str | None = None
    is_question: bool = False
    person: str | None = None


@dataclass(frozen=True, slots=True)
class ActivityBatch:
    """Many activities as columns: what the columnar import path yields instead of one
    ``ActivityRecord`` per row.

    Every column has one value per activity, as the ``ActivityRecord`` field of the same
    name; ``contact`` holds an index into ``contacts``, the distinct counterparts of the
    batch (-1 for none), so that each counterpart is resolved once. ``records()`` expands the
    batch into the records the row-by-row path yields for the same rows: the two paths are
    held equal by tests on that expansion.
    """

    source_key: Sequence[str]
    occurred_at: Sequence[datetime]
    raw_time: Sequence[str]
    channel: Sequence[str]
    kind: Sequence[str]
    contact: Sequence[int]
    contacts: Sequence[ContactRef]
    link: Sequence[str | None]
    body: Sequence[str | None]
    is_question: Sequence[bool]
    person: str | None = None

    def __len__(self) -> int:
        return len(self.source_key)

    def records(self) -> Iterator[ActivityRecord]:
        contacts = self.contacts
        for key, at, raw, channel, kind, contact, link, body, question in zip(
            self.source_key,
            self.occurred_at,
            self.raw_time,
            self.channel,
            self.kind,
            self.contact,
            self.link,
            self.body,
            self.is_question,
            strict=True,
        ):
            yield ActivityRecord(
                key,
                at,
                raw,
                channel,
                kind,
                contacts[contact] if contact >= 0 else None,
                link=link,
                body=body,
                is_question=question,
                person=self.person,
            )


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """A result: meeting booked, opportunity, deal won or lost, referral, web visits.

    ``source_channel`` is the channel that produced it when known (``linkedin``, ``x`` …;
    ``web`` for other web traffic). ``source``, ``medium``, ``campaign`` and ``content`` are
    the traffic source as the export names it, normalised by ``ascent.domain.traffic``
    (``linkedin`` / ``social`` / ``spring-launch`` / a post id). ``match_person`` marks a
    ``person`` taken from a CRM owner column: it must match a person already in the org (by
    e-mail or name); records of owners that match nobody are reported, not imported.
    """

    source_key: str
    occurred_at: datetime
    raw_time: str
    kind: str
    amount: float | None = None
    source_channel: str | None = None
    contact: ContactRef | None = None
    account: str | None = None
    note: str | None = None
    person: str | None = None
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    content: str | None = None
    match_person: bool = False


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A counterpart a source knows without any dated activity (a CRM contact list, the
    accounts followed on Mastodon, the authors of undated likes): the loader resolves it, so
    its identities join the other channels' sightings of the same person."""

    contact: ContactRef


@dataclass(frozen=True, slots=True)
class OwnerRecord:
    """Who the export belongs to, as far as the export says."""

    name: str | None = None
    profile_url: str | None = None
    email: str | None = None
    headline: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that could not be used: which file, which line (1-based, physical), and why."""

    file: str
    line: int
    reason: str

    def __post_init__(self) -> None:
        # a quoted cell can be megabytes long or hold line breaks: a report line stays one line
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "reason", one_line(self.reason))


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should know about the import that is not a rejected row."""

    file: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message, limit=1000))


Record = (
    ActivityRecord | ActivityBatch | OutcomeRecord | ContactRecord | OwnerRecord | Rejected | Note
)


def expanded(records: Iterable[Record]) -> Iterator[Record]:
    """``records`` with each ``ActivityBatch`` replaced by its ``records()``: the stream the
    row path would have yielded."""
    for record in records:
        if isinstance(record, ActivityBatch):
            yield from record.records()
        else:
            yield record


def is_question(text: str | None) -> bool:
    """A derived feature kept even when bodies are not: does the text ask something?"""
    return bool(text) and "?" in (text or "")


def fit_source_key(key: str) -> str:
    """``key`` as it is stored: unchanged when it fits, else its head and a SHA-256 of the
    whole, so that the same long key (a calendar UID, a long ``utm_content``) is always
    stored the same and two different ones never meet."""
    if len(key) <= SOURCE_KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: SOURCE_KEY_CHARS - len(digest) - 1]}#{digest}"


#: bytes of BLAKE2b a ``source_digest`` keeps: 128 bits, so that two different keys of one
#: person meeting by chance is out of reach (about 2**-64 at 2**32 keys)
SOURCE_DIGEST_BYTES: Final = 16


def source_digest(*parts: str) -> bytes:
    """The fixed-size dedup key the store's unique indexes hold instead of the long text.

    16 bytes of BLAKE2b over each part as UTF-8, each preceded by its byte length (8 bytes,
    big-endian), so that no two different tuples of parts encode alike (``("a", "b\\x1fc")``
    and ``("a\\x1fb", "c")`` differ; so do ``("ab",)`` and ``("a", "b")``). BLAKE2b is a fixed
    standard (RFC 7693) and the encoding is spelled out here: the bytes are the same on every
    Python, library and machine, unlike ``hash()``. The parts are the key *as stored*
    (``fit_source_key`` of ``stored_text``), so a migration can compute it from a stored row.
    A test pins known values: changing anything here requires a migration of every row.
    """
    digest = hashlib.blake2b(digest_size=SOURCE_DIGEST_BYTES)
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.digest()

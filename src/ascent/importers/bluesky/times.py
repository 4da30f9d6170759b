"""When a record was made: its client-written ``createdAt``, checked against its TID rkey.

``createdAt`` is RFC 3339 with any precision (``2023-08-07T05:31:12.156888Z``, ``…156Z``,
``…12Z``, ``+00:00``), written by whichever client made the record, so it may be missing,
unreadable or wrong. Most rkeys are TIDs: 13 base32-sortable characters holding a 64-bit
number whose 53 bits after the always-zero top bit are microseconds since the epoch (the low
10 are a clock id), minted by the writing client or PDS at creation. The rules:

- a readable ``createdAt`` (with a zone) is the time, unless it lies more than a day after
  the TID time: a clock far ahead, so the TID time is used (``raw_time`` ``tid:<rkey>``);
- a missing or unreadable ``createdAt`` falls back on the TID time (``tid:<rkey>`` again);
- neither: the record has no date and is rejected. A day of slack absorbs clock skew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID = re.compile(r"[234567a-j][234567a-z]{12}")
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})"
)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: a createdAt later than its TID by more than this is a client clock ahead, not a real time
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Stamp:
    """A record's time, the raw text it came from, and which clock gave it."""

    at: datetime
    raw: str
    #: ``createdAt``; ``tid`` (no readable createdAt); ``future`` (createdAt ahead of its TID)
    clock: str


def record_stamp(created_at: object, rkey: str) -> Stamp | None:
    """The time to file a record under (rules in the module docstring); None when undated."""
    claimed = parse_created_at(created_at)
    minted = tid_time(rkey)
    if claimed is not None and (minted is None or claimed - minted <= FUTURE_SLACK):
        return Stamp(claimed, str(created_at), "createdAt")
    if minted is None:
        return None
    return Stamp(minted, f"tid:{rkey}", "tid" if claimed is None else "future")


def parse_created_at(raw: object) -> datetime | None:
    """An RFC 3339 ``createdAt`` as aware UTC; None when missing, zoneless or unreadable."""
    match = _RFC3339.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        return None
    day, clock, fraction, zone = match.groups()
    micro = f".{(fraction + '00000')[:6]}" if fraction else ""
    zone = "+00:00" if zone in ("Z", "z") else zone
    try:
        return datetime.fromisoformat(f"{day}T{clock}{micro}{zone}").astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def tid_time(rkey: str) -> datetime | None:
    """The creation time a TID rkey encodes; None when the rkey is not a TID (``self`` …)."""
    if not _TID.fullmatch(rkey):
        return None
    value = 0
    for char in rkey:
        value = value * 32 + TID_ALPHABET.index(char)
    try:
        return EPOCH + timedelta(microseconds=value >> 10)
    except OverflowError:
        return None

"""X's two timestamp forms, parsed into aware UTC datetimes (FORMATS §2.3, §2.4).

Tweets: ``Wed Oct 10 20:19:24 +0000 2018`` (``%a %b %d %H:%M:%S %z %Y``), normally
``+0000`` but the offset is honoured (a ``+1000`` one moves the tweet to the previous UTC
day). Parsed by hand, not ``strptime``, so that English month names do not depend on the
process locale. Direct messages: ISO 8601 with milliseconds and ``Z``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_TWEET_TIME = re.compile(
    r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})"
)


def tweet_time(raw: str) -> datetime:
    """A tweet's ``created_at`` in UTC; ``ValueError`` when it is not X's form or its offset
    moves it outside the years a ``datetime`` holds (1–9999)."""
    found = _TWEET_TIME.fullmatch(raw.strip())
    if found is None or found[1] not in _MONTHS:
        raise ValueError(f"unreadable created_at {raw!r}")
    month, day, clock, offset, year = _MONTHS[found[1]], int(found[2]), *found.group(3, 4, 5)
    iso = f"{year}-{month:02d}-{day:02d}T{clock}{offset[:3]}:{offset[3:]}"
    try:
        return datetime.fromisoformat(iso).astimezone(UTC)
    except OverflowError:
        raise ValueError(f"created_at {raw!r} is outside the years 1-9999 in UTC") from None


def message_time(raw: str) -> datetime:
    """A direct message's ``createdAt`` (``2020-11-30T08:15:28.282Z``) in UTC."""
    at = datetime.fromisoformat(raw.strip())
    if at.tzinfo is None:
        raise ValueError(f"createdAt {raw!r} has no time zone")
    return at.astimezone(UTC)

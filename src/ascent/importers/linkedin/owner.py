"""Who the owner is, decided before any activity is read (FORMATS §1.3, §1.4, §1.8).

Direction of a message depends on it. The name comes from Profile.csv; the profile URL from
the ``inviterProfileUrl`` of outgoing invitations, else the most frequent sender URL in
messages.csv (the owner sends in nearly every conversation they take part in).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ascent.domain.records import OwnerRecord
from ascent.importers.linkedin.invitations import outgoing_inviter_urls
from ascent.importers.linkedin.messages import sender_counts
from ascent.importers.linkedin.profile import read_profile
from ascent.importers.source import Source


class Owner:
    """The OwnerRecord plus the comparisons every file needs (plain attributes: hot path)."""

    __slots__ = ("folded_name", "record", "url")

    def __init__(self, record: OwnerRecord) -> None:
        self.record = record
        self.url = record.profile_url
        self.folded_name = (record.name or "").casefold()

    def is_owner(self, url: str | None, name: str) -> bool:
        """Same profile URL, or, when either URL is unknown, the same name."""
        if url and self.url:
            return url == self.url
        return bool(name) and name.casefold() == self.folded_name


def detect_owner(source: Source) -> Owner:
    """The owner as far as Profile.csv, Invitations.csv and messages.csv tell."""
    record = read_profile(source) or OwnerRecord()
    url = _most_common(outgoing_inviter_urls(source))
    if url is None:
        senders, names = sender_counts(source, record.name)
        url = _most_common(senders)
        if record.name is None and url is not None:
            record = replace(record, name=names.get(url))
    return Owner(replace(record, profile_url=url))


def _most_common(counts: Counter[str]) -> str | None:
    top = counts.most_common(1)
    return top[0][0] if top else None

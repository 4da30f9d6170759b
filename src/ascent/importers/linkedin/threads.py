"""Who a conversation is with, and the threads the owner wrote in (FORMATS §1.3).

A closed or hidden account's messages arrive as ``LinkedIn Member`` with no profile URL, the
same as sponsored mail. In a conversation the owner wrote in they are a real person's
replies: they become ``message_in`` for the thread's other participant (when the owner's
rows name exactly one), else for an unknown counterpart.

``owner_threads`` learns those threads in a first pass over the file, before the main pass
reads it again, so a hidden row is kept or skipped where it stands, whatever the row order.
Its memory is bounded by the owner's conversations: per conversation the owner wrote in,
only its id and one cached counterpart, never a message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from ascent.domain.records import ContactRef
from ascent.importers.linkedin.mail import person
from ascent.importers.linkedin.urls import profile_url

if TYPE_CHECKING:
    from ascent.importers.linkedin.owner import Owner
    from ascent.importers.textfiles import Table

#: why a cleaned row (its sender, its sender's URL) is no activity, or None
SkipRule = Callable[[list[str], str, str | None], str | None]


def owner_threads(table: Table, owner: Owner, is_skipped: SkipRule) -> dict[str, ContactRef | None]:
    """Each conversation id the owner wrote in, with its counterpart from the owner's first
    row there when that row names exactly one other participant (else None)."""
    slot = table.header.slot
    i_conv, i_from, i_url = slot("CONVERSATION ID"), slot("FROM"), slot("SENDER PROFILE URL")
    i_to, i_rcpt = slot("TO"), slot("RECIPIENT PROFILE URLS")
    wrote: dict[str, ContactRef | None] = {}
    for _line, row in table.cells():
        conversation = row[i_conv]
        if conversation in wrote:
            continue
        sender, sender_url = row[i_from], profile_url(row[i_url])
        if owner.is_owner(sender_url, sender) and is_skipped(row, sender, sender_url) is None:
            wrote[conversation] = thread_counterpart(row[i_to], row[i_rcpt], owner.url)
    return wrote


def thread_counterpart(to: str, joined_urls: str, owner_url: str | None) -> ContactRef | None:
    """The counterpart of an owner's row when the thread has exactly one other participant
    (what a hidden member's reply there is attributed to), else None."""
    parts = [p for p in joined_urls.split(",") if p.strip() and profile_url(p) != owner_url]
    return recipient(to, joined_urls, owner_url) if len(parts) <= 1 else None


@lru_cache(maxsize=65536)
def recipient(to: str, joined_urls: str, owner_url: str | None) -> ContactRef | None:
    """The counterpart of an outgoing message (cached: a thread repeats its recipients).

    ``TO`` is never split (names contain commas): it names the contact only in a 1:1 thread.
    In a group thread the first recipient URL other than the owner's stands for the thread.
    """
    parts = [p for p in joined_urls.split(",") if p.strip()] if joined_urls else []
    urls = [u for u in map(profile_url, parts) if u and u != owner_url]
    others = len(parts) - sum(1 for p in parts if profile_url(p) == owner_url and owner_url)
    if others <= 1:
        return person(to, urls[0] if urls else None)
    return person("", urls[0]) if urls else None

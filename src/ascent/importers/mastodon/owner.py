"""Whose archive this is: ``actor.json``, else the ``actor`` of the outbox's items (FORMATS §3).

The owner is ``actor.id``, the same URI as every item's ``actor`` and ``attributedTo``. It is
never a counterpart: a reply to one's own post continues a thread, a boost of one's own post
names nobody, and a self-mention is no contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ascent.domain.identities import mastodon_handle, normalise_profile_url
from ascent.domain.records import ContactRef, OwnerRecord
from ascent.importers.mastodon.accounts import actor_ref, same_account, status_author
from ascent.importers.mastodon.archive import Archive


@dataclass(frozen=True)
class Owner:
    record: OwnerRecord
    #: the actor URI exactly as the archive writes it
    id: str
    #: the followers collection: addressing a post to it makes it followers-only
    followers: str
    ref: ContactRef

    def is_owner(self, ref: ContactRef | None) -> bool:
        return ref is not None and same_account(ref, self.ref)

    def wrote(self, uri: object) -> bool:
        """Is ``uri`` one of the owner's own statuses?"""
        if isinstance(uri, str) and uri.startswith(self.id + "/"):
            return True
        return self.is_owner(status_author(uri))


def find_owner(archive: Archive) -> Owner | None:
    """From ``actor.json``; from the first outbox item when the archive lost it; else None."""
    if archive.actor is not None:
        return _from_actor(archive.actor[1])
    for outbox in archive.outboxes:
        for item in outbox.items():
            actor = item.get("actor") if isinstance(item, dict) else None
            if isinstance(actor, str) and actor.strip():
                return _from_uri(actor.strip())
    return None


def _from_actor(actor: dict[str, Any]) -> Owner:
    uri = str(actor["id"]).strip()
    username = str(actor.get("preferredUsername") or "").strip()
    name = str(actor.get("name") or "").strip() or username or None
    followers = actor.get("followers")
    owner = _from_uri(uri, followers if isinstance(followers, str) else None)
    ref, host = owner.ref, urlsplit(uri).hostname
    if username and host:
        ref = ContactRef(profile_url=ref.profile_url, handle=mastodon_handle(username, host))
    record = OwnerRecord(name=name, profile_url=owner.record.profile_url)
    return Owner(record, uri, owner.followers, ref)


def _from_uri(uri: str, followers: str | None = None) -> Owner:
    url = normalise_profile_url(uri)
    ref = actor_ref(uri) or ContactRef(profile_url=url)
    return Owner(OwnerRecord(profile_url=url), uri, followers or f"{uri}/followers", ref)

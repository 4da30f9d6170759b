"""``at://`` URIs: the record's own, and the account a referenced record belongs to.

A record's URI is ``at://<repo DID>/<collection>/<rkey>``. A strong reference (the subject of
a like or repost, a reply's parent and root, a quoted post) names its author in the URI's
authority: a DID, or on a few early records a handle, which becomes a ``bluesky:@handle``.
"""

from __future__ import annotations

from ascent.domain.identities import bluesky_handle
from ascent.domain.records import ContactRef

PREFIX = "at://"


def record_uri(did: str, key: str) -> str:
    """The URI of the record at MST key ``collection/rkey`` in ``did``'s repository."""
    return f"{PREFIX}{did}/{key}"


def ref_uri(ref: object) -> str | None:
    """The ``uri`` of a strong reference ``{uri, cid}``; None when it has none."""
    uri = ref.get("uri") if isinstance(ref, dict) else None
    return uri if isinstance(uri, str) and uri.startswith(PREFIX) else None


def authority(uri: str | None) -> str | None:
    """The DID (or handle) an ``at://`` URI belongs to."""
    if uri is None or not uri.startswith(PREFIX):
        return None
    return uri[len(PREFIX) :].split("/", 1)[0].strip() or None


def account_ref(account: str | None, owner: str) -> ContactRef | None:
    """A counterpart for a DID or handle; None for the owner or when nobody is named."""
    if not account or account == owner:
        return None
    if account.startswith("did:"):
        return ContactRef(uid=account)
    return ContactRef(handle=bluesky_handle(account))

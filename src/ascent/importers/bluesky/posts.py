"""``app.bsky.feed.post`` records: the owner's posts, thread posts, replies and quote posts.

Kind rule: a reply is a ``comment`` on the post of the first other account among its parent
and its thread root (replying under someone else's post, even to one's own earlier reply,
engages that account); a reply whose parent and root are both the owner's is a thread
continuation, so a ``post``. Quote posts (``app.bsky.embed.record``, ``…recordWithMedia``)
are ``post``s: the owner publishes, the quoted author is only known. Accounts mentioned in
facets (or in the deprecated 2023 ``entities``) and quoted authors become ``ContactRecord``s,
once each, never the owner or the reply's own counterpart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ascent.domain.records import ActivityRecord, ContactRecord, ContactRef, Record, is_question
from ascent.importers.bluesky.times import Stamp
from ascent.importers.bluesky.uris import account_ref, authority, ref_uri

MENTION = "app.bsky.richtext.facet#mention"
QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")


def read_post(
    uri: str, record: dict[str, Any], stamp: Stamp, owner: str, known: set[str]
) -> Iterator[Record]:
    """The post's activity, then contacts it names for the first time (``known`` grows)."""
    text = record.get("text")
    body = text if isinstance(text, str) and text.strip() else None
    kind, contact = reply_target(record.get("reply"), owner)
    yield ActivityRecord(
        source_key=uri,
        occurred_at=stamp.at,
        raw_time=stamp.raw,
        channel="bluesky",
        kind=kind,
        contact=contact,
        link=uri,
        body=body,
        is_question=is_question(body),
    )
    skip = {owner, contact.uid if contact else None} | known
    for account in named_accounts(record):
        ref = account_ref(account, owner)
        if ref is not None and account not in skip:
            skip.add(account)
            known.add(account)
            yield ContactRecord(ref)


def reply_target(reply: object, owner: str) -> tuple[str, ContactRef | None]:
    """``("post", None)`` for a non-reply or a self-thread, else ``("comment", author)``."""
    if not isinstance(reply, dict):
        return "post", None
    accounts = [authority(ref_uri(reply.get(part))) for part in ("parent", "root")]
    for account in accounts:
        ref = account_ref(account, owner)
        if ref is not None:
            return "comment", ref
    return ("post", None) if owner in accounts else ("comment", None)


def named_accounts(record: dict[str, Any]) -> list[str]:
    """Mentioned DIDs (facets, then 2023 ``entities``), then the quoted post's author."""
    found = [f["did"] for f in _features(record) if f.get("$type") == MENTION]
    found += [e.get("value") for e in _dicts(record.get("entities")) if e.get("type") == "mention"]
    found.append(authority(ref_uri(_quoted(record.get("embed")))))
    return [a for a in found if isinstance(a, str) and a.startswith("did:")]


def _features(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for facet in _dicts(record.get("facets")):
        yield from (f for f in _dicts(facet.get("features")) if isinstance(f.get("did"), str))


def _quoted(embed: object) -> object:
    """The strong reference a quote embed points at (nested one level in recordWithMedia)."""
    if not isinstance(embed, dict) or embed.get("$type") not in QUOTE_EMBEDS:
        return None
    ref = embed.get("record")
    if embed["$type"] == QUOTE_EMBEDS[1] and isinstance(ref, dict):
        ref = ref.get("record")
    return ref


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

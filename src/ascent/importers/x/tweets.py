"""tweets.js (tweet.js ≤ 2020) and community-tweet.js: what the owner published (FORMATS §2.3).

Kind rule, for a tweet whose author is always the owner (the archive has no ``user``):

- ``RT @handle: …`` → ``share``; the contact is the retweeted account (its id and name from
  the matching ``user_mentions`` entry). There is no ``retweeted_status``, and the text is
  cut at 140 characters with ``…``: the body is that cut text.
- a reply to another account → ``comment``; the contact is ``in_reply_to_user_id_str`` /
  ``in_reply_to_screen_name``.
- anything else → ``post`` without a contact: an original tweet, a quote tweet (only a
  ``t.co`` link to ``…/status/<id>`` shows it), a self-reply continuing a thread. A post
  speaks to everyone, as on LinkedIn; the accounts it mentions and the author of a quoted
  tweet become ``ContactRecord`` s, like every mention that is not the owner or the contact.

Edits: each version is its own tweet in the archive. All versions share the initial id
(``edit_info.edit.initialTweetId``; the initial itself carries ``edit_info.initial``) and
become one activity keyed on it: dated when first published, with the last version's text
and link. Versions may sit in different parts; so may a tweet repeated in community-tweet.js,
which the same key counts once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ascent.domain.records import ActivityRecord, ContactRef, Record, Rejected, is_question
from ascent.importers.source import Source
from ascent.importers.x.contacts import Sightings, account_ref, is_numeric_id
from ascent.importers.x.owner import Owner
from ascent.importers.x.times import tweet_time
from ascent.importers.x.wrapper import read_items, unwrap

CHANNEL = "x"
_RETWEET = re.compile(r"RT @([A-Za-z0-9_]{1,20}):")
_STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,20})/status/\d+")


def status_url(tweet_id: str) -> str:
    return f"https://x.com/i/web/status/{tweet_id}"


@dataclass(frozen=True, slots=True)
class _Version:
    """One version of a tweet, reduced to what the activity needs (archives hold 100k+)."""

    id: str
    initial_id: str
    at: datetime
    raw_time: str
    kind: str
    contact: ContactRef | None
    others: tuple[ContactRef, ...]
    body: str | None


def parse_tweets(
    source: Source, names: Iterable[str], owner: Owner, sightings: Sightings
) -> Iterator[Record]:
    """One activity per tweet (edits folded), then its mentions as ContactRecords.

    A tweet never edited is published as soon as it is read; only edit chains wait for all
    their versions, so memory grows with the edited tweets, not with the archive.
    """
    editions: dict[str, list[_Version]] = {}
    published: set[int] = set()  # initial ids already yielded (a tweet repeated counts once)
    for name in names:
        label = source.label(name)
        for line, item in read_items(source, name):
            tweet = unwrap(item, "tweet")
            version = _read(tweet, owner)
            if isinstance(version, str):
                yield Rejected(label, line, version)
            elif int(version.initial_id) in published:
                continue
            elif version.initial_id not in editions and _never_edited(tweet, version.id):
                published.add(int(version.initial_id))
                yield from _published([version], sightings)
            else:
                editions.setdefault(version.initial_id, []).append(version)
    for versions in editions.values():
        yield from _published(versions, sightings)


def _published(versions: list[_Version], sightings: Sightings) -> Iterator[Record]:
    first = min(versions, key=lambda v: int(v.id))
    last = max(versions, key=lambda v: int(v.id))
    sightings.add(last.contact)
    yield ActivityRecord(
        source_key=f"tweet:{last.initial_id}",
        occurred_at=first.at,
        raw_time=first.raw_time,
        channel=CHANNEL,
        kind=last.kind,
        contact=last.contact,
        link=status_url(last.id),
        body=last.body,
        is_question=is_question(last.body),
    )
    yield from sightings.records(last.others)


def _read(tweet: Any, owner: Owner) -> _Version | str:
    """The version, or why the element cannot be used (the reason of a Rejected row)."""
    if not isinstance(tweet, dict):
        return "not a tweet object"
    tweet_id = str(tweet.get("id_str") or "")  # `id` was float notation in 2018 archives
    if not is_numeric_id(tweet_id):
        return "tweet without a numeric id_str"
    raw = str(tweet.get("created_at") or "")
    try:
        at = tweet_time(raw)
    except ValueError:
        return f"unreadable created_at {raw!r}"
    text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
    mentions = _mentions(tweet)
    kind, contact = _classify(tweet, text, mentions, owner)
    others = tuple(
        ref
        for ref in [*mentions, *_quoted(tweet)]
        if not owner.owns(ref) and not _same(ref, contact)
    )
    return _Version(
        tweet_id, _initial_id(tweet, tweet_id), at, raw, kind, contact, others, text or None
    )


def _classify(
    tweet: dict[str, Any], text: str, mentions: list[ContactRef], owner: Owner
) -> tuple[str, ContactRef | None]:
    retweet = _RETWEET.match(text)
    if retweet:
        ref = _complete(account_ref(None, retweet[1]), mentions)
        return "share", None if owner.owns(ref) else ref
    uid, screen_name = tweet.get("in_reply_to_user_id_str"), tweet.get("in_reply_to_screen_name")
    if not (uid or screen_name or tweet.get("in_reply_to_status_id_str")):
        return "post", None
    ref = _complete(account_ref(uid, screen_name), mentions)
    return ("post", None) if owner.owns(ref) else ("comment", ref)


def _mentions(tweet: dict[str, Any]) -> list[ContactRef]:
    found = []
    for mention in _entities(tweet, "user_mentions"):
        ref = account_ref(mention.get("id_str"), mention.get("screen_name"), mention.get("name"))
        if ref is not None:
            found.append(ref)
    return found


def _quoted(tweet: dict[str, Any]) -> list[ContactRef]:
    """Authors of quoted tweets: a ``urls`` entry expanding to ``…/<user>/status/<id>``."""
    found = []
    for url in _entities(tweet, "urls"):
        status = _STATUS_URL.match(str(url.get("expanded_url") or ""))
        ref = account_ref(None, status[1]) if status and status[1].lower() != "i" else None
        if ref is not None:
            found.append(ref)
    return found


def _entities(tweet: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entities = tweet.get("entities")
    listed = entities.get(key) if isinstance(entities, dict) else None
    return [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []


def _complete(ref: ContactRef | None, mentions: list[ContactRef]) -> ContactRef | None:
    """``ref`` with the name (and id or handle) of the mention that is the same account."""
    for mention in mentions:
        if ref is not None and _same(mention, ref):
            return ContactRef(
                name=mention.name, handle=ref.handle or mention.handle, uid=ref.uid or mention.uid
            )
    return ref


def _same(a: ContactRef, b: ContactRef | None) -> bool:
    if b is None:
        return False
    return bool(a.uid and a.uid == b.uid) or bool(a.handle and a.handle == b.handle)


def _initial_id(tweet: dict[str, Any], tweet_id: str) -> str:
    """The id every version of an edited tweet shares; the tweet's own when never edited."""
    info = tweet.get("edit_info")
    edit = info.get("edit") if isinstance(info, dict) else None
    initial = str(edit.get("initialTweetId") or "") if isinstance(edit, dict) else ""
    return initial if is_numeric_id(initial) else tweet_id


def _never_edited(tweet: dict[str, Any], tweet_id: str) -> bool:
    """No ``edit_info`` (before edits existed), or an initial whose only version is itself."""
    info = tweet.get("edit_info")
    if info is None:
        return True
    initial = info.get("initial") if isinstance(info, dict) else None
    ids = initial.get("editTweetIds") if isinstance(initial, dict) else None
    return isinstance(ids, list) and [str(i) for i in ids] == [tweet_id]

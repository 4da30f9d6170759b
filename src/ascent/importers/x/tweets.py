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
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ascent.domain.records import ActivityRecord, ContactRef, Record, Rejected, is_question
from ascent.importers.read_path import chosen_path
from ascent.importers.source import Source
from ascent.importers.x.contacts import Sightings, account_ref, is_numeric_id
from ascent.importers.x.owner import Owner
from ascent.importers.x.times import tweet_time
from ascent.importers.x.wrapper import read_items, unwrap

CHANNEL = "x"
RETWEET = re.compile(r"RT @([A-Za-z0-9_]{1,20}):")
_STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,20})/status/\d+")


def status_url(tweet_id: str) -> str:
    return f"https://x.com/i/web/status/{tweet_id}"


@dataclass(frozen=True, slots=True)
class Version:
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
    their versions, so memory grows with the edited tweets, not with the archive. Each file
    is read by the path ``read_path.chosen_path`` picks (a large one as columns,
    ``tweets_columns``); edit chains meet across files whichever path read them.
    """
    editions = Editions()
    for name in names:
        records = None
        if chosen_path(source, name) == "columns":
            columns = importlib.import_module(f"{__package__}.tweets_columns")
            records = columns.read_tweets(source, name, owner, sightings, editions)
        if records is None:
            records = _parse_file(source, name, owner, sightings, editions)
        yield from records
    for versions in editions.waiting.values():
        yield from published(versions, sightings)


class Editions:
    """Edit chains waiting for all their versions, and the initial ids already published."""

    def __init__(self) -> None:
        self.waiting: dict[str, list[Version]] = {}
        self.published: set[int] = set()  # a tweet repeated counts once

    def admit(self, initial_id: str, never_edited: bool) -> bool | None:
        """True: publish the version now; None: skip it (published already); False: it
        waits in its chain (``wait``)."""
        if int(initial_id) in self.published:
            return None
        if initial_id not in self.waiting and never_edited:
            self.published.add(int(initial_id))
            return True
        return False

    def wait(self, version: Version) -> None:
        self.waiting.setdefault(version.initial_id, []).append(version)


def _parse_file(
    source: Source, name: str, owner: Owner, sightings: Sightings, editions: Editions
) -> Iterator[Record]:
    label = source.label(name)
    for line, item in read_items(source, name):
        tweet = unwrap(item, "tweet")
        version = _read(tweet, owner)
        if isinstance(version, str):
            yield Rejected(label, line, version)
            continue
        now = editions.admit(version.initial_id, never_edited(tweet, version.id))
        if now:
            yield from published([version], sightings)
        elif now is False:
            editions.wait(version)


def published(versions: list[Version], sightings: Sightings) -> Iterator[Record]:
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


def _read(tweet: Any, owner: Owner) -> Version | str:
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
    mentions = mentions_of(_entities(tweet, "user_mentions"))
    retweet = RETWEET.match(text)
    kind, contact = classify(
        retweet[1] if retweet else None,
        reply_uid=tweet.get("in_reply_to_user_id_str"),
        reply_screen_name=tweet.get("in_reply_to_screen_name"),
        reply_status=tweet.get("in_reply_to_status_id_str"),
        mentions=mentions,
        owner=owner,
    )
    others = others_of(mentions, quoted_of(_entities(tweet, "urls")), contact, owner)
    return Version(
        tweet_id, initial_id(tweet, tweet_id), at, raw, kind, contact, others, text or None
    )


def classify(
    retweeted: str | None,
    *,
    reply_uid: Any,
    reply_screen_name: Any,
    reply_status: Any,
    mentions: list[ContactRef],
    owner: Owner,
) -> tuple[str, ContactRef | None]:
    """The kind and contact (see the module docstring); ``retweeted`` is the handle of
    ``RT @handle:``, the others the ``in_reply_to_…`` cells."""
    if retweeted is not None:
        ref = _complete(account_ref(None, retweeted), mentions)
        return "share", None if owner.owns(ref) else ref
    if not (reply_uid or reply_screen_name or reply_status):
        return "post", None
    ref = _complete(account_ref(reply_uid, reply_screen_name), mentions)
    return ("post", None) if owner.owns(ref) else ("comment", ref)


def others_of(
    mentions: list[ContactRef], quoted: list[ContactRef], contact: ContactRef | None, owner: Owner
) -> tuple[ContactRef, ...]:
    """The accounts a tweet names besides its contact and the owner."""
    return tuple(
        ref for ref in [*mentions, *quoted] if not owner.owns(ref) and not _same(ref, contact)
    )


def mentions_of(entries: list[Any]) -> list[ContactRef]:
    """The accounts of ``user_mentions`` entries (their non-objects skipped)."""
    found = []
    for mention in entries:
        if not isinstance(mention, dict):
            continue
        ref = account_ref(mention.get("id_str"), mention.get("screen_name"), mention.get("name"))
        if ref is not None:
            found.append(ref)
    return found


def quoted_of(entries: list[Any]) -> list[ContactRef]:
    """Authors of quoted tweets: a ``urls`` entry expanding to ``…/<user>/status/<id>``."""
    found = []
    for url in entries:
        if not isinstance(url, dict):
            continue
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


def initial_id(tweet: dict[str, Any], tweet_id: str) -> str:
    """The id every version of an edited tweet shares; the tweet's own when never edited."""
    info = tweet.get("edit_info")
    edit = info.get("edit") if isinstance(info, dict) else None
    initial = str(edit.get("initialTweetId") or "") if isinstance(edit, dict) else ""
    return initial if is_numeric_id(initial) else tweet_id


def never_edited(tweet: dict[str, Any], tweet_id: str) -> bool:
    """No ``edit_info`` (before edits existed), or an initial whose only version is itself."""
    info = tweet.get("edit_info")
    if info is None:
        return True
    initial = info.get("initial") if isinstance(info, dict) else None
    ids = initial.get("editTweetIds") if isinstance(initial, dict) else None
    return isinstance(ids, list) and [str(i) for i in ids] == [tweet_id]

"""Fediverse accounts as the archive names them: by URI, by tag, by address (FORMATS §3).

The archive never says who wrote a post it points at. The author of a status URI is, first
match wins: an actor the archive knows (a mention tag's ``href``, an addressee in ``to``/``cc``)
under whose URL the status lies; the URI's shape (``https://host/users/<name>/statuses/<id>``,
``https://host/@<name>/<id>`` and the forms of other servers below); the only candidate the
item gives (the one account a reply mentions, the one actor a boost is addressed to).
Every counterpart gets the same two identities wherever it is seen, so that a reply target,
a mention, a boosted author, a liked author and a followed account join as one contact:
``profile_url`` = the actor URL (``https://host/users/<name>``) and ``handle`` =
``mastodon:@<name>@<host>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ascent.domain.identities import mastodon_handle, normalise_profile_url
from ascent.domain.records import ContactRecord, ContactRef

_HOST = r"https?://(?P<host>[^/?#@\s]+)/"
_NAME = r"[^/?#@\s]+"
_ID = r"[^/?#\s]+"
#: status URL shapes that name their author, for servers the archive says nothing more about:
#: Mastodon and GoToSocial ``/users/<name>/statuses/<id>``, the web form ``/@<name>/<id>``
#: (GoToSocial ``/@<name>/statuses/<id>``), Pixelfed ``/p/<name>/<id>``, BookWyrm
#: ``/user/<name>/<kind>/<id>``, newer Mastodon ``/ap/users/<number>/statuses/<id>`` (a number,
#: no name). Misskey ``/notes/<id>``, Pleroma ``/objects/<uuid>``, Lemmy ``/post/<id>``,
#: PeerTube ``/videos/watch/<uuid>`` and WordPress permalinks name nobody.
_STATUSES = (
    (re.compile(rf"{_HOST}users/(?P<user>{_NAME})/statuses/{_ID}"), "users"),
    (re.compile(rf"{_HOST}@(?P<user>{_NAME})(?:/statuses)?/{_ID}"), "users"),
    (re.compile(rf"{_HOST}p/(?P<user>{_NAME})/{_ID}"), "users"),
    (
        re.compile(rf"{_HOST}user/(?P<user>{_NAME})/(?:status|review|comment|quotation)/{_ID}"),
        "user",
    ),
    (re.compile(rf"{_HOST}ap/users/(?P<user>\d+)/statuses/{_ID}"), "ap/users"),
)
_REMOTE_WEB = re.compile(rf"{_HOST}@(?P<user>{_NAME})@(?P<remote>[^/?#@\s]+)/{_ID}")
#: actor URL shapes: Mastodon, Pleroma, GoToSocial, Misskey ``/users/<x>``, the web ``/@<x>``,
#: Lemmy ``/u/``, PeerTube ``/accounts/``, BookWyrm ``/user/``, Friendica ``/profile/``,
#: Hubzilla ``/channel/``, WordPress ``/author/``; newer Mastodon ``/ap/users/<number>``
_ACTOR = re.compile(
    rf"{_HOST}(?:(?P<kind>users|u|accounts|user|profile|channel|author)/|@)(?P<user>{_NAME})/?"
)
_NUMBERED_ACTOR = re.compile(rf"{_HOST}ap/users/(?P<user>\d+)/?")
_ADDRESS = re.compile(r"@?(?P<user>[^@\s]+)@(?P<host>[^@\s]+\.[^@\s]+)")
#: addressees that are collections, not actors
_COLLECTIONS = ("/followers", "/following")


def account_ref(user: str, host: str, kind: str = "users") -> ContactRef:
    """The identities of ``user`` on the server ``host`` (actor URL ``https://host/<kind>/…``);
    a number under ``ap/users`` is an account id, not a name: it gives no handle."""
    url = normalise_profile_url(f"https://{host}/{kind}/{user}")
    handle = None if kind == "ap/users" else mastodon_handle(user, host)
    return ContactRef(profile_url=url, handle=handle)


def status_author(uri: object) -> ContactRef | None:
    """Who wrote the status at ``uri`` by its shape alone; None for shapes that do not say."""
    text = uri.strip() if isinstance(uri, str) else ""
    for pattern, kind in _STATUSES:
        found = pattern.match(text)
        if found is not None:
            return account_ref(found["user"], found["host"], kind)
    remote = _REMOTE_WEB.match(text)  # a remote status seen on one's own server
    return ContactRef(handle=mastodon_handle(remote["user"], remote["remote"])) if remote else None


def actor_ref(url: object) -> ContactRef | None:
    """An actor URL (an addressee in ``to``/``cc``) as a counterpart; None for a collection."""
    text = url.strip() if isinstance(url, str) else ""
    if not text.startswith(("https://", "http://")) or text.rstrip("/").endswith(_COLLECTIONS):
        return None
    numbered = _NUMBERED_ACTOR.fullmatch(text)
    if numbered is not None:
        return account_ref(numbered["user"], numbered["host"], "ap/users")
    found = _ACTOR.fullmatch(text)
    if found is None:
        return ContactRef(profile_url=normalise_profile_url(text))
    return account_ref(found["user"], found["host"], found["kind"] or "users")


def mention_ref(tag: object) -> ContactRef | None:
    """A ``Mention`` tag: ``href`` is the actor, ``name`` the ``@user@host`` people type.

    Mentions of local accounts are ``@user`` alone: the host is then the actor's. The name's
    host wins otherwise, since it is the address the person gives out (the server may differ).
    """
    if not isinstance(tag, dict) or tag.get("type") != "Mention":
        return None
    href = tag.get("href")
    if not isinstance(href, str) or not href.strip():
        return None
    user, _, host = str(tag.get("name") or "").strip().lstrip("@").partition("@")
    host = host or (urlsplit(href.strip()).hostname or "")
    handle = mastodon_handle(user, host) if user and host else None
    return ContactRef(profile_url=normalise_profile_url(href), handle=handle)


def address_ref(address: str) -> ContactRef | None:
    """An account address ``user@host`` (CSV exports), as a handle: its actor URL is unknown."""
    found = _ADDRESS.fullmatch(address.strip())
    if found is None:
        return None
    return ContactRef(handle=mastodon_handle(found["user"], found["host"]))


def same_account(a: ContactRef, b: ContactRef) -> bool:
    """Two refs for one account: the same actor URL or the same handle."""
    return bool(a.profile_url and a.profile_url == b.profile_url) or bool(
        a.handle and a.handle == b.handle
    )


class Contacts:
    """The counterparts of one import: each yields a ``ContactRecord`` once, and every actor
    the archive knows (learnt before the outbox is read) is found by any URL under it.

    A URI only tells the server (``social.ivy.example``) and may not tell the name at all
    (``/ap/users/1234``); the mention tells the address people use (``@ivy@ivy.example``),
    which is also what ``following_accounts.csv`` says.
    """

    def __init__(self) -> None:
        self._seen: set[ContactRef] = set()
        self._named: dict[str, ContactRef] = {}  # actor URL -> ref, from a mention tag
        self._addressed: dict[str, ContactRef] = {}  # actor URL -> ref, from to/cc

    def mentioned(self, ref: ContactRef) -> None:
        if ref.profile_url and ref.handle:
            self._named.setdefault(ref.profile_url, ref)

    def addressed(self, ref: ContactRef | None) -> None:
        if ref is not None and ref.profile_url:
            self._addressed.setdefault(ref.profile_url, ref)

    def best(self, ref: ContactRef | None) -> ContactRef | None:
        """``ref`` as a mention (else an addressee) named it, when one did."""
        if ref is None or ref.profile_url is None:
            return ref
        return self._known(ref.profile_url) or ref

    def author(self, uri: object, candidates: list[ContactRef] | None = None) -> ContactRef | None:
        """Who wrote the status at ``uri``: a known actor the URL lies under, else its shape,
        else the one candidate the item itself gives (the only account a reply mentions, the
        only actor a boost is addressed to)."""
        url = normalise_profile_url(uri) if isinstance(uri, str) else None
        if url is None:
            return None
        for prefix in _prefixes(url):
            known = self._known(prefix)
            if known is not None:
                return known
        shaped = self.best(status_author(uri))
        if shaped is not None:
            return shaped
        return candidates[0] if candidates and len(candidates) == 1 else None

    def _known(self, url: str) -> ContactRef | None:
        return self._named.get(url) or self._addressed.get(url)

    def new(self, ref: ContactRef | None) -> Iterator[ContactRecord]:
        if ref is not None and not ref.is_empty() and ref not in self._seen:
            self._seen.add(ref)
            yield ContactRecord(ref)


def _prefixes(url: str) -> list[str]:
    """``https://h/a/b/c`` → ``https://h/a/b``, ``https://h/a``: where its actor may be."""
    parts = url.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts) - 1, 3, -1)]


def as_list(value: Any) -> list[Any]:
    """ActivityStreams allows one value or a list wherever a list is usual (``to``, ``tag``)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

"""Fediverse accounts as the archive names them: by URI, by tag, by address (FORMATS §3).

The archive never says who wrote a post it points at; the author is read off the status URI
(``https://host/users/<name>/statuses/<id>``, or the web form ``https://host/@<name>/<id>``).
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
_STATUS = re.compile(rf"{_HOST}(?:users/(?P<user>{_NAME})/statuses|@(?P<at>{_NAME}))/[^/?#\s]+")
_ACTOR = re.compile(rf"{_HOST}(?:users/(?P<user>{_NAME})|@(?P<at>{_NAME}))/?")
_ADDRESS = re.compile(r"@?(?P<user>[^@\s]+)@(?P<host>[^@\s]+\.[^@\s]+)")


def account_ref(user: str, host: str) -> ContactRef:
    """The identities of ``user`` on the server ``host`` (Mastodon's actor URL shape)."""
    url = normalise_profile_url(f"https://{host}/users/{user}")
    return ContactRef(profile_url=url, handle=mastodon_handle(user, host))


def status_author(uri: object) -> ContactRef | None:
    """Who wrote the status at ``uri``; None for URI shapes that do not say (``/notes/…``)."""
    found = _STATUS.match(uri.strip()) if isinstance(uri, str) else None
    if found is None:
        return None
    return account_ref(found["user"] or found["at"], found["host"])


def actor_ref(url: object) -> ContactRef | None:
    """An actor URL (an addressee in ``to``) as a counterpart, when it has a readable shape."""
    found = _ACTOR.fullmatch(url.strip()) if isinstance(url, str) else None
    if found is None:
        return None
    return account_ref(found["user"] or found["at"], found["host"])


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
    """The counterparts of one import: each yields a ``ContactRecord`` once, and an author
    read off a URI takes the handle a mention gave the same actor.

    A URI only tells the server (``social.ivy.example``); the mention tells the address
    people use (``@ivy@ivy.example``), which is also what ``following_accounts.csv`` says.
    """

    def __init__(self) -> None:
        self._seen: set[ContactRef] = set()
        self._mentioned: dict[str, ContactRef] = {}

    def mentioned(self, ref: ContactRef) -> None:
        if ref.profile_url and ref.handle:
            self._mentioned.setdefault(ref.profile_url, ref)

    def best(self, ref: ContactRef | None) -> ContactRef | None:
        """``ref`` as a mention named it, when one did."""
        if ref is None or ref.profile_url is None:
            return ref
        return self._mentioned.get(ref.profile_url, ref)

    def new(self, ref: ContactRef | None) -> Iterator[ContactRecord]:
        if ref is not None and not ref.is_empty() and ref not in self._seen:
            self._seen.add(ref)
            yield ContactRecord(ref)


def as_list(value: Any) -> list[Any]:
    """ActivityStreams allows one value or a list wherever a list is usual (``to``, ``tag``)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

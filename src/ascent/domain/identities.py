"""How identities are written so that the same person always gives the same key."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote

from ascent.domain.records import ContactRef


def normalise_profile_url(raw: str | None) -> str | None:
    """Lower case, percent-decoded, no trailing slash, ``https://`` scheme; None when empty.

    A bare ``https://www.linkedin.com/in`` (no slug, FORMATS §1.3) identifies nobody: None.
    """
    text = (raw or "").strip()
    if not text or text.upper() == "NA":
        return None
    url = unquote(text).lower().rstrip("/")
    if not url.startswith(("http://", "https://")):
        url = "https://" + url
    url = url.replace("http://", "https://", 1)
    if url.endswith("linkedin.com/in"):
        return None
    return url


def x_uid(account_id: str) -> str:
    """An X account id (``in_reply_to_user_id_str``, DM sender, mention ``id_str``)."""
    return f"x:{account_id.strip()}"


def x_handle(screen_name: str) -> str:
    """An X screen name, without the ``@`` and in lower case (X handles ignore case)."""
    return f"x:@{screen_name.strip().lstrip('@').lower()}"


def mastodon_handle(user: str, host: str) -> str:
    """``user@host`` of a fediverse account, lower case (``@jane@example.social`` too)."""
    return f"mastodon:@{user.strip().lstrip('@').lower()}@{host.strip().lower()}"


def bluesky_handle(handle: str) -> str:
    return f"bluesky:@{handle.strip().lstrip('@').lower()}"


def crm_uid(system: str, kind: str, record_id: str) -> str:
    """A CRM record id, e.g. ``hubspot:contact:501``: stable across re-exports of the CRM."""
    return f"{system}:{kind}:{record_id.strip()}"


#: a domain label: letters or digits (any script), hyphens inside
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
#: ``local@domain.tld``: no white space, ``:`` (URNs such as ``urn:li:member:…``, schemes),
#: brackets or separators in the local part; a dotted domain ending in a 2+ letter TLD
_ADDRESS = re.compile(rf"[^@\s:;,<>()\[\]\\\"]+@(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|xn--[a-z0-9-]+)")


def normalise_email(raw: str | None) -> str | None:
    """Lower case, no ``mailto:``, no surrounding ``<>``; None unless it is an address.

    An address is ``local@domain.tld``; anything else found in an e-mail column (a LinkedIn
    member URN, a name, ``NA``) identifies nobody by e-mail.
    """
    text = (raw or "").strip().strip("<>")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if _ADDRESS.fullmatch(text) else None


#: how an identity joined its contact -> how sure that is (shown by ``ascent contacts``)
CONFIDENCE: Final[dict[str, float]] = {
    "identity": 1.0,  # the contact's first sighting, or an identifier it already had
    "name_company": 0.8,  # same name and company, and nothing on the network says otherwise
    "same_handle": 0.6,  # the same user name, once in the org, on another network
    "name": 0.5,  # the same full name, once in the org, seen on another network
    "merge": 1.0,  # a person merged two contacts
    "confirmed": 1.0,  # a person confirmed a guessed join
    "split": 1.0,  # a person split a contact
}
#: identity kinds that identify one person exactly, strongest first
EXACT_KINDS: Final = ("profile_url", "uid", "email", "handle")

IdentityKey = tuple[str, str]


def identity_keys(ref: ContactRef) -> list[IdentityKey]:
    """The identities a ref carries, strongest first: the exact ones, then name + company,
    then the name alone."""
    keys: list[IdentityKey] = []
    if ref.profile_url:
        keys.append(("profile_url", ref.profile_url))
    if ref.uid:
        keys.append(("uid", ref.uid))
    if ref.email:
        keys.append(("email", ref.email.lower()))
    if ref.handle:
        keys.append(("handle", ref.handle.lower()))
    name = name_key(ref.name)
    if name and ref.company:
        keys.append(("name_company", f"{name}|{name_key(ref.company)}"))
    if name:
        keys.append(("name", name))
    return keys


def name_key(name: str | None) -> str:
    """A name as it is compared: lower case, runs of white space as one space."""
    return " ".join((name or "").lower().split())


def is_full_name(key: str) -> bool:
    """Two words or more: a first name alone ("Sam") is too common to join networks on."""
    return len(key.split()) >= 2


def network_of(key: IdentityKey) -> str:
    """Where an exact identity lives: ``email``, the network of a handle or uid (``x``,
    ``mastodon``, ``did`` for Bluesky, ``hubspot`` …) or a profile URL's host.

    One person has at most one account on a network as far as joining goes: a contact that
    already has an identity there is somebody else than a ref bringing another one.
    """
    kind, value = key
    if kind == "email":
        return "email"
    if kind == "profile_url":
        host = value.split("://", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")
    return value.split(":", 1)[0]


#: a user name this short is too common to join networks on
MIN_HANDLE_USER = 5


def handle_user(value: str) -> str | None:
    """The user name inside a network-qualified handle, for joining networks on it:
    ``x:@janedoe``, ``mastodon:@janedoe@example.social`` and ``bluesky:@janedoe.bsky.social``
    all give ``janedoe``; a Bluesky handle on its own domain (``@jane.example.com``) gives
    None, and so does a user name shorter than ``MIN_HANDLE_USER``."""
    network, _, rest = value.lower().partition(":")
    user = rest.lstrip("@")
    if network == "mastodon":
        user = user.split("@", 1)[0]
    elif network == "bluesky":
        user, _, domain = user.partition(".")
        if domain != "bsky.social":
            return None
    user = user.replace("_", "").replace("-", "").replace(".", "")
    return user if len(user) >= MIN_HANDLE_USER else None

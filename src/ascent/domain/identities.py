"""How identities are written so that the same person always gives the same key."""

from __future__ import annotations

from urllib.parse import unquote


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


def normalise_email(raw: str | None) -> str | None:
    """Lower case, no ``mailto:``, no surrounding ``<>``; None unless it looks like one."""
    text = (raw or "").strip().strip("<>")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text and not text.startswith("@") else None
